// The canonical layout of a .mtl file (what `mtl fmt` writes):
//  - imports first, one per line; one blank line after them and between
//    top-level declarations; elsewhere a blank line of the source is kept (at most
//    one), never right after `{` or right before `}`;
//  - one statement per line, indented two spaces per block level; a block opens
//    with `{` at the end of its header line and closes with `}` alone on a line
//    (an empty block, without comments, prints as `{}`); networks too are written
//    one layer per line;
//  - single spaces between words and around binary operators, `=` and `?:`; none
//    after unary `-`/`!`, inside `()`/`[]`, before `,` or after a name's `(`;
//  - `;` separators are dropped; parentheses only where precedence needs them;
//    numbers and strings exactly as written;
//  - every comment kept where it was (see print-emitter.ts).
import type { IToken } from 'chevrotain';
import type {
  Comment,
  ExperimentItem,
  Identifier,
  MtlFile,
  NetworkBody,
  Setting,
  SweepItem,
  TrainItem,
} from './ast.js';
import { Emitter } from './print-emitter.js';
import {
  type PrintContext,
  printExpr,
  printScheduleRef,
  printSettingValue,
  printSweepValue,
  SourceTokens,
} from './print-expr.js';

const keywordOf = { Network: 'network', Experiment: 'experiment', Sweep: 'sweep' } as const;

/** Prints a file that parsed without errors; `tokens` are its code tokens, `text` its source. */
export function printFile(file: MtlFile, text: string, tokens: readonly IToken[]): string {
  const ctx: PrintContext = {
    out: new Emitter(text, file.comments as Comment[]),
    tokens: new SourceTokens(tokens),
    text,
  };
  const { out } = ctx;
  for (const decl of file.imports) {
    out.word('import', decl.span.start);
    out.word(text.slice(decl.pathSpan.start, decl.pathSpan.end), decl.pathSpan.start);
    out.endStatement();
  }
  for (const decl of file.declarations) {
    out.blankLine();
    out.word(keywordOf[decl.kind], decl.span.start);
    out.word(decl.name.name, decl.name.span.start);
    const body = () => {
      if (decl.kind === 'Network') networkBody(ctx, decl);
      else if (decl.kind === 'Experiment') for (const item of decl.items) experimentItem(ctx, item);
      else for (const item of decl.items) sweepItem(ctx, item);
    };
    const empty = decl.kind === 'Network' ? !decl.input && decl.layers.length === 0 : decl.items.length === 0;
    block(ctx, decl.name.span.end, decl.span.end - 1, body, empty);
  }
  return out.finish();
}

/** `{`, the body one level deeper, `}`; `{}` when there is nothing inside. */
function block(ctx: PrintContext, openFrom: number, closeAt: number, body: () => void, empty = false): void {
  const { out } = ctx;
  out.word('{', ctx.tokens.find('{', openFrom));
  if (empty && !out.hasCommentBefore(closeAt)) {
    out.word('}', closeAt, { spaceBefore: false });
    out.endStatement();
    return;
  }
  out.endStatement();
  out.indent();
  body();
  out.dedent(closeAt);
  out.word('}', closeAt, { keepBlank: false });
  out.endStatement();
}

function networkBody(ctx: PrintContext, network: NetworkBody): void {
  const { out } = ctx;
  if (network.input) {
    out.word('input', network.input.span.start);
    out.word(network.input.size.text, network.input.size.span.start);
    out.endStatement();
  }
  for (const layer of network.layers) {
    out.word(layer.role, layer.span.start);
    for (const part of [layer.name, layer.units, layer.activation]) {
      if (!part) continue;
      out.word(part.kind === 'Number' ? part.text : part.name, part.span.start);
    }
    out.endStatement();
  }
}

function experimentItem(ctx: PrintContext, item: ExperimentItem): void {
  const { out } = ctx;
  const closeAt = item.span.end - 1;
  switch (item.kind) {
    case 'Data':
      out.word('data', item.span.start);
      out.word(item.source.name, item.source.span.start);
      block(
        ctx,
        item.source.span.end,
        closeAt,
        () => {
          for (const s of item.settings) setting(ctx, s);
        },
        item.settings.length === 0,
      );
      return;
    case 'NetworkRef':
      out.word('network', item.span.start);
      out.word(item.name.name, item.name.span.start);
      out.endStatement();
      return;
    case 'InlineNetwork':
      out.word('network', item.span.start);
      block(
        ctx,
        item.span.start,
        closeAt,
        () => networkBody(ctx, item),
        !item.input && item.layers.length === 0,
      );
      return;
    case 'Reconstruct':
      out.word('reconstruct', item.span.start);
      item.layers.forEach((layer, i) => {
        out.word(layer.name, layer.span.start);
        if (i < item.layers.length - 1)
          out.word(',', ctx.tokens.find(',', layer.span.end), { spaceBefore: false });
      });
      block(
        ctx,
        item.layers.at(-1)?.span.end ?? item.span.start,
        closeAt,
        () => {
          for (const s of item.settings) setting(ctx, s);
        },
        item.settings.length === 0,
      );
      return;
    case 'WeightsEquations':
      out.word('weights', item.span.start);
      block(
        ctx,
        item.span.start,
        closeAt,
        () => {
          for (const equation of item.equations) {
            out.word(equation.target.name, equation.target.span.start);
            out.word('=', ctx.tokens.find('=', equation.target.span.end));
            if (equation.value) printExpr(ctx, equation.value);
            out.endStatement();
          }
        },
        item.equations.length === 0,
      );
      return;
    case 'WeightsSchedule':
      out.word('weights', item.span.start);
      out.word('schedule', ctx.tokens.find('schedule', item.span.start));
      printScheduleRef(ctx, item.schedule);
      out.endStatement();
      return;
    case 'Train':
      out.word('train', item.span.start);
      block(
        ctx,
        item.span.start,
        closeAt,
        () => {
          for (const i of item.items) trainItem(ctx, i);
        },
        item.items.length === 0,
      );
      return;
  }
}

function setting(ctx: PrintContext, s: Setting): void {
  ctx.out.word(s.key.name, s.key.span.start);
  if (s.value) printSettingValue(ctx, s.value);
  ctx.out.endStatement();
}

function trainItem(ctx: PrintContext, item: TrainItem): void {
  const { out } = ctx;
  switch (item.kind) {
    case 'Setting':
      setting(ctx, item);
      return;
    case 'Lr':
      out.word('lr', item.keyword.start);
      out.word('=', ctx.tokens.find('=', item.keyword.end));
      if (item.value) printExpr(ctx, item.value);
      out.endStatement();
      return;
    case 'Every':
      out.word(item.what, item.keyword.start);
      out.word('every', ctx.tokens.find('every', item.keyword.end));
      if (item.every) out.word(item.every.text, item.every.span.start);
      out.endStatement();
      return;
    case 'Skip':
      out.word('skip', item.keyword.start);
      out.word('below', ctx.tokens.find('below', item.keyword.end));
      if (item.below) out.word(item.below.text, item.below.span.start);
      out.endStatement();
      return;
    case 'Order': {
      out.word('order', item.span.start);
      out.word(item.mode.name, item.mode.span.start);
      if (ctx.text[item.span.end - 1] !== '}') {
        out.endStatement();
        return;
      }
      block(
        ctx,
        item.mode.span.end,
        item.span.end - 1,
        () => {
          for (const step of item.steps) {
            out.word('step', step.span.start);
            out.word(step.objective.name, step.objective.span.start);
            out.word('on', ctx.tokens.find('on', step.objective.span.end));
            if (step.rows) out.word(step.rows.name, step.rows.span.start);
            if (step.lr) {
              out.word('lr', ctx.tokens.find('lr', step.rows?.span.end ?? step.objective.span.end));
              out.word('=', ctx.tokens.find('=', step.rows?.span.end ?? step.objective.span.end));
              printExpr(ctx, step.lr);
            }
            out.endStatement();
          }
        },
        item.steps.length === 0,
      );
      return;
    }
  }
}

function sweepItem(ctx: PrintContext, item: SweepItem): void {
  const { out } = ctx;
  switch (item.kind) {
    case 'SweepBase':
      out.word('base', item.span.start);
      out.word(item.experiment.name, item.experiment.span.start);
      break;
    case 'SweepVary':
      out.word('vary', item.span.start);
      printPath(ctx, item.path.parts);
      out.word('[', ctx.tokens.find('[', item.path.span.end), { spaceAfter: false });
      item.values.forEach((value, i) => {
        if (i > 0) out.word(',', ctx.tokens.find(',', item.values[i - 1].span.end), { spaceBefore: false });
        printSweepValue(ctx, value);
      });
      out.word(']', item.span.end - 1, { spaceBefore: false });
      break;
    case 'SweepOverrides':
      out.word(item.which, item.span.start);
      block(
        ctx,
        item.span.start,
        item.span.end - 1,
        () => {
          for (const override of item.overrides) {
            printPath(ctx, override.path.parts);
            if (override.value) printSweepValue(ctx, override.value);
            out.endStatement();
          }
        },
        item.overrides.length === 0,
      );
      return;
    case 'SweepRepeat':
      out.word('repeat', item.span.start);
      if (item.count) out.word(item.count.text, item.count.span.start);
      break;
  }
  out.endStatement();
}

function printPath(ctx: PrintContext, parts: readonly Identifier[]): void {
  parts.forEach((part, i) => {
    if (i > 0)
      ctx.out.word('.', ctx.tokens.find('.', parts[i - 1].span.end), {
        spaceBefore: false,
        spaceAfter: false,
      });
    ctx.out.word(part.name, part.span.start);
  });
}
