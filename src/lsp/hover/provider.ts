import { dirname, relative } from 'node:path';
import { type Hover, MarkupKind } from 'vscode-languageserver';
import { experimentView } from '../../check/experiment-view.js';
import type { SourceFile } from '../../check/program.js';
import { findDefinition } from '../../check/symbols.js';
import { functionInfo } from '../../expr/functions.js';
import type { ExperimentDecl, Span } from '../../syntax/ast.js';
import { framesOf } from '../completion/frames.js';
import { scan } from '../completion/scan.js';
import { fileOf } from '../programs.js';
import { containsOffset, spanToRange, wordAt } from '../text-position.js';
import { wordDoc } from '../vocabulary.js';
import type { Workspace } from '../workspace.js';
import { lrTable, weightsTable } from './evolution.js';
import { symbolHover } from './symbol-hover.js';

export interface HoverRequest {
  readonly workspace: Workspace;
  readonly path: string;
  readonly offset: number;
}

export function hover({ workspace, path, offset }: HoverRequest): Hover | null {
  const program = workspace.programs.programFor(path);
  const file = fileOf(program, path);
  if (!file) return null;
  const markdown = (value: string, span: Span): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: spanToRange(file.lines, span),
  });
  const at = findDefinition(program, path, offset);
  if (at)
    return markdown(
      symbolHover(program, at.symbol, (f) => relative(dirname(path), f) || f),
      at.span,
    );

  const imported = file.imports.find((i) => containsOffset(i.decl.pathSpan, offset));
  if (imported) return markdown(importHover(imported.name, imported.target, path), imported.decl.pathSpan);
  if (scan(file.text, offset).inComment) return null;
  const word = wordAt(file.text, offset) ?? { text: '', span: { start: offset, end: offset } };
  const sections: string[] = [];
  const experiment = file.ast.declarations.find(
    (d): d is ExperimentDecl => d.kind === 'Experiment' && containsOffset(d.span, offset),
  );
  const view = experiment && experimentView(experiment, file, program.symbols);
  const inSchedule = view?.weights?.kind === 'WeightsSchedule' && containsOffset(view.weights.span, offset);

  const fn = functionInfo(word.text);
  const doc = wordDoc(inSchedule ? 'schedule' : frameAt(file.text, word.span.start), word.text);
  if (fn && !inSchedule && file.text.slice(word.span.end).trimStart().startsWith('(')) {
    sections.push(['```mtl', fn.signature, '```', fn.summary].join('\n'));
  } else if (doc) {
    sections.push([doc.summary, '', '```mtl', doc.example, '```'].join('\n'));
  }

  if (view) {
    if (view.weights && containsOffset(view.weights.span, offset)) {
      const table = weightsTable(view);
      const file = workspace.commandPath(path);
      const name = experiment.name.name;
      const plot =
        table && file
          ? `Every epoch as a chart: \`mtl plot weights ${file} --experiment ${name} -o ${name}-weights.svg\``
          : '';
      sections.push([table ?? '', plot].filter((s) => s !== '').join('\n\n'));
    }
    const step = view.order?.steps.find((s) => s.lr && containsOffset(s.span, offset));
    if (view.lr && containsOffset(view.lr.span, offset))
      sections.push(lrTable(view.lr.value, view.epochs) ?? '');
    else if (step) sections.push(lrTable(step.lr, view.epochs) ?? '');
  }
  const value = sections.filter((s) => s !== '').join('\n\n---\n\n');
  return value === '' ? null : markdown(value, word.span);
}

function importHover(name: string, target: SourceFile | undefined, from: string): string {
  const shown = relative(dirname(from), name) || name;
  if (!target) return `\`${shown}\` cannot be read.`;
  const declared = target.ast.declarations.map((d) => `- ${d.kind.toLowerCase()} ${d.name.name}`);
  return [`**${shown}**`, '', ...(declared.length > 0 ? declared : ['(declares nothing)'])].join('\n');
}

function frameAt(text: string, offset: number) {
  const frames = framesOf(scan(text, offset).tokens);
  return frames[frames.length - 1].kind;
}
