import {
  costReductions,
  costs,
  dataSources,
  gradients,
  noiseKinds,
  optimizerOptions,
  optimizers,
  orderModes,
  stepObjectives,
  stepRows,
  weightTargets,
} from '../../syntax/keywords.js';
import { expectsMore, type Frame, type FrameKind, framesOf, statementStart } from './frames.js';
import { scan, type Token } from './scan.js';

/** What may be written at the cursor; the provider turns each into completion items. */
export type Want =
  | { readonly what: 'keywords'; readonly frame: FrameKind }
  | {
      readonly what: 'words';
      readonly words: readonly string[];
      readonly role: 'keyword' | 'value';
      /** The block the words are written in (their meaning, for the docs, may depend on it). */
      readonly frame?: FrameKind;
    }
  | { readonly what: 'activations'; readonly output: boolean }
  | { readonly what: 'networks' }
  | { readonly what: 'experiments' }
  | { readonly what: 'hiddenLayers'; readonly experiment?: string; readonly listed: readonly string[] }
  | { readonly what: 'schedules'; readonly withKeyword: boolean }
  | { readonly what: 'expression'; readonly names: readonly string[] }
  | { readonly what: 'settingPaths'; readonly from: number }
  | { readonly what: 'sweepValues'; readonly path: string; readonly sweep?: string }
  | { readonly what: 'valueSnippets'; readonly items: readonly ValueSnippet[] }
  | { readonly what: 'dataKeys'; readonly source?: string }
  | { readonly what: 'importPaths' };

/** A setting value offered whole (`mask(p)`, `tied sigmoid`); `word` names its documentation. */
export interface ValueSnippet {
  readonly label: string;
  readonly snippet: string;
  readonly word: string;
}

export interface CursorContext {
  readonly wants: readonly Want[];
  /** The part of the word before the cursor that is being typed. */
  readonly prefix: string;
}

/** Reads what is expected at `offset` from the text before it. */
export function cursorContext(text: string, offset: number): CursorContext {
  const scanned = scan(text, offset);
  if (scanned.inComment) return { wants: [], prefix: '' };
  const tokens = [...scanned.tokens];
  let prefix = '';
  const last = tokens[tokens.length - 1];
  if (last && last.end >= offset && last.kind === 'word') {
    prefix = last.text.slice(0, offset - last.start);
    tokens.pop();
  } else if (last && last.end >= offset && last.kind === 'number') {
    return { wants: [], prefix: '' };
  }
  const frames = framesOf(tokens);
  const frame = frames[frames.length - 1];
  if (scanned.inString) {
    const start = statementStart(frame.kind, frame.segment);
    const isImport = frame.kind === 'top' && start >= 0 && frame.segment[start].text === 'import';
    return { wants: isImport ? [{ what: 'importPaths' }] : [], prefix: scanned.inString.text };
  }
  const touching = tokens.length > 0 && tokens[tokens.length - 1].end === offset - prefix.length;
  return { wants: wantsIn(frames, frame, touching), prefix };
}

function nameOf(frames: readonly Frame[], kind: FrameKind): string | undefined {
  const frame = frames.find((f) => f.kind === kind);
  const name = frame?.header[1];
  return name?.kind === 'word' ? name.text : undefined;
}

function wantsIn(frames: readonly Frame[], frame: Frame, touching: boolean): Want[] {
  return wantsInFrame(frames, frame, touching).map((w) =>
    w.what === 'words' ? { ...w, frame: frame.kind } : w,
  );
}

function wantsInFrame(frames: readonly Frame[], frame: Frame, touching: boolean): Want[] {
  const start = statementStart(frame.kind, frame.segment);
  const next: Want = { what: 'keywords', frame: frame.kind };
  if (start < 0) return frame.kind === 'overrides' ? [{ what: 'settingPaths', from: -1 }] : [next];
  const keyword = frame.segment[start].text;
  const args = frame.segment.slice(start + 1);
  const lastArg = args[args.length - 1];
  const expression = (names: readonly string[] = []): Want[] =>
    args.length === 0 || expectsMore(lastArg) || openBrackets(args) > 0
      ? [{ what: 'expression', names }]
      : [next];

  switch (frame.kind) {
    case 'top':
      return keyword === 'import' && args.length > 0 ? [next] : [];
    case 'network':
      if (keyword === 'input') return args.length === 0 ? [] : [next];
      if (args.length < 2) return [];
      return args.length === 2 ? [{ what: 'activations', output: keyword === 'output' }] : [next];
    case 'experiment':
      return inExperiment(frames, keyword, args, next);
    case 'data':
      return args.length === 0 ? [] : [{ what: 'dataKeys', source: frame.header[1]?.text }];
    case 'reconstruct':
      return inReconstruct(keyword, args, next, expression);
    case 'weights':
      if (args.length === 0) return [];
      return expression(weightTargets);
    case 'train':
      return inTrain(keyword, args, next, expression);
    case 'order':
      return inStep(args, next, expression);
    case 'sweep':
      return inSweep(frames, keyword, args, next, touching);
    case 'overrides':
      return inOverride(frames, frame.segment.slice(start), touching);
    default:
      return [];
  }
}

function openBrackets(tokens: readonly Token[]): number {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') depth++;
    if (t.text === ')' || t.text === ']') depth = Math.max(0, depth - 1);
  }
  return depth;
}

function inExperiment(frames: readonly Frame[], keyword: string, args: readonly Token[], next: Want): Want[] {
  switch (keyword) {
    case 'data':
      return args.length === 0 ? [{ what: 'words', words: dataSources, role: 'value' }] : [];
    case 'network':
      return args.length === 0 ? [{ what: 'networks' }] : [next];
    case 'reconstruct': {
      const lastArg = args[args.length - 1];
      if (args.length > 0 && lastArg.text !== ',') return [];
      const listed = args.filter((a) => a.kind === 'word').map((a) => a.text);
      return [{ what: 'hiddenLayers', experiment: nameOf(frames, 'experiment'), listed }];
    }
    case 'weights':
      if (args.length === 0) return [{ what: 'schedules', withKeyword: true }];
      if (args.length === 1 && args[0].text === 'schedule')
        return [{ what: 'schedules', withKeyword: false }];
      return args[args.length - 1].text === '(' ? [] : [next];
    default:
      return args.length === 0 ? [] : [next];
  }
}

type ExpressionWants = (names?: readonly string[]) => Want[];

function inReconstruct(
  keyword: string,
  args: readonly Token[],
  next: Want,
  expression: ExpressionWants,
): Want[] {
  const word = (words: readonly string[]): Want[] =>
    args.length === 0 ? [{ what: 'words', words, role: 'value' }] : openBrackets(args) > 0 ? [] : [next];
  switch (keyword) {
    case 'noise':
      return word(noiseKinds);
    case 'cost':
      // `cost COST [mean|sum]`: after the cost, its optional reduction or the next setting.
      if (args.length === 1 && (costs as readonly string[]).includes(args[0].text))
        return [{ what: 'words', words: costReductions, role: 'value' }, next];
      return word(costs);
    case 'gradient':
      return word(gradients);
    case 'decoder':
      if (args.length === 0)
        return [
          { what: 'words', words: ['tied'], role: 'keyword' },
          { what: 'activations', output: false },
        ];
      if (args.length === 1 && args[0].text === 'tied') return [{ what: 'activations', output: false }];
      return [next];
    default:
      return expression();
  }
}

function inTrain(keyword: string, args: readonly Token[], next: Want, expression: ExpressionWants): Want[] {
  switch (keyword) {
    case 'optimizer':
      return args.length === 0
        ? [{ what: 'words', words: optimizers, role: 'value' }]
        : openBrackets(args) > 0
          ? []
          : [next];
    case 'lr':
      return args.length === 0 ? [] : expression();
    case 'evaluate':
    case 'checkpoint':
      if (args.length === 0) return [{ what: 'words', words: ['every'], role: 'keyword' }];
      return args.length === 1 ? [] : [next];
    case 'skip':
      if (args.length === 0) return [{ what: 'words', words: ['below'], role: 'keyword' }];
      return args.length === 1 ? [] : [next];
    case 'order':
      return args.length === 0 ? [{ what: 'words', words: orderModes, role: 'keyword' }] : [next];
    default:
      return args.length === 0 ? [] : [next];
  }
}

function inStep(args: readonly Token[], next: Want, expression: ExpressionWants): Want[] {
  if (args.length === 0) return [{ what: 'words', words: stepObjectives, role: 'value' }];
  if (args.length === 1) return [{ what: 'words', words: ['on'], role: 'keyword' }];
  if (args.length === 2) {
    // A supervised step needs labels (MTL080): of the rows, only `labeled` is not an error there.
    const words = args[0]?.text === 'supervised' ? stepRows.filter((r) => r === 'labeled') : stepRows;
    return [{ what: 'words', words, role: 'value' }];
  }
  if (args.length === 3) return [{ what: 'words', words: ['lr', 'step'], role: 'keyword' }];
  if (args[3].text === 'lr') return args.length === 4 ? [] : expression();
  return [next];
}

function inSweep(
  frames: readonly Frame[],
  keyword: string,
  args: readonly Token[],
  next: Want,
  touching: boolean,
): Want[] {
  switch (keyword) {
    case 'base':
      return args.length === 0 ? [{ what: 'experiments' }] : [next];
    case 'vary': {
      const open = args.findIndex((a) => a.text === '[');
      if (open < 0) {
        const last = args[args.length - 1];
        const pathGoesOn = args.length === 0 || last.text === '.' || (touching && last.kind === 'word');
        return pathGoesOn ? [{ what: 'settingPaths', from: args[0]?.start ?? -1 }] : [];
      }
      if (openBrackets(args) === 0) return [next];
      const path = args
        .slice(0, open)
        .map((a) => a.text)
        .join('');
      return valueWants(path, args.slice(open + 1), nameOf(frames, 'sweep'));
    }
    case 'baseline':
    case 'control':
      return [];
    default:
      return args.length === 0 ? [] : [next];
  }
}

/** A `vary` list element or an override value being typed for `path`. */
function valueWants(path: string, value: readonly Token[], sweep: string | undefined): Want[] {
  let i = value.length - 1;
  while (i >= 0 && value[i].text !== ',' && value[i].text !== '[') i--;
  const current = value.slice(i + 1);
  if (path === 'weights') {
    if (current.length === 0) return [{ what: 'schedules', withKeyword: true }];
    if (current.length === 1 && current[0].text === 'schedule')
      return [{ what: 'schedules', withKeyword: false }];
    return [];
  }
  if (path === 'reconstruct.decoder' && current.length === 1 && current[0].text === 'tied')
    return [{ what: 'activations', output: false }];
  if (
    path === 'reconstruct.cost' &&
    current.length === 1 &&
    (costs as readonly string[]).includes(current[0].text)
  )
    return [{ what: 'words', words: costReductions, role: 'value' }];
  if ((path === 'train.optimizer' || path === 'reconstruct.noise') && openParens(value) > 0) {
    // Inside `sgd(…)` or `mask(…)`: sgd's argument names, else a number (nothing to offer).
    const last = value[value.length - 1]?.text;
    const labelGoes = path === 'train.optimizer' && (last === '(' || last === ',');
    return labelGoes ? [{ what: 'words', words: optimizerOptions, role: 'value' }] : [];
  }
  if (current.length > 0 && !expectsMore(current[current.length - 1]) && openBrackets(current) === 0)
    return [];
  return [{ what: 'sweepValues', path, sweep }];
}

function openParens(tokens: readonly Token[]): number {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth = Math.max(0, depth - 1);
  }
  return depth;
}

function inOverride(frames: readonly Frame[], stmt: readonly Token[], touching: boolean): Want[] {
  let end = 1;
  while (end + 1 < stmt.length && stmt[end].text === '.' && stmt[end + 1].kind === 'word') end += 2;
  const value = stmt.slice(end);
  const pathGoesOn = value.length === 0 ? touching : value.length === 1 && value[0].text === '.';
  if (pathGoesOn) return [{ what: 'settingPaths', from: stmt[0].start }];
  const path = stmt
    .slice(0, end)
    .map((t) => t.text)
    .join('');
  const wants = valueWants(path, value, nameOf(frames, 'sweep'));
  return wants.length > 0 ? wants : [{ what: 'settingPaths', from: -1 }];
}
