import {
  dataKeywords,
  experimentKeywords,
  networkKeywords,
  orderKeywords,
  reconstructKeywords,
  sweepKeywords,
  sweepPathRoots,
  topLevelKeywords,
  trainKeywords,
  weightTargets,
} from '../../syntax/keywords.js';
import type { Token } from './scan.js';

/** The kind of block the cursor is in. */
export type FrameKind =
  | 'top'
  | 'network'
  | 'experiment'
  | 'data'
  | 'reconstruct'
  | 'weights'
  | 'train'
  | 'order'
  | 'sweep'
  | 'overrides'
  | 'unknown';

export interface Frame {
  readonly kind: FrameKind;
  /** The tokens of the statement that opened the block (`reconstruct h1, h2`). */
  readonly header: readonly Token[];
  /** This block's own tokens since its start or its last nested block. */
  segment: Token[];
}

/** The words that start a statement in each kind of block. */
export const statementKeywords: Record<FrameKind, readonly string[]> = {
  top: topLevelKeywords,
  network: networkKeywords,
  experiment: experimentKeywords,
  data: dataKeywords,
  reconstruct: reconstructKeywords,
  weights: weightTargets,
  train: trainKeywords,
  order: orderKeywords,
  sweep: sweepKeywords,
  overrides: sweepPathRoots,
  unknown: [],
};

const blocks: Partial<Record<FrameKind, Record<string, FrameKind>>> = {
  top: { network: 'network', experiment: 'experiment', sweep: 'sweep' },
  experiment: {
    data: 'data',
    network: 'network',
    reconstruct: 'reconstruct',
    weights: 'weights',
    train: 'train',
  },
  train: { order: 'order' },
  sweep: { baseline: 'overrides', control: 'overrides' },
};

const continuing = new Set([
  '=',
  ',',
  '(',
  '[',
  '.',
  '+',
  '-',
  '*',
  '/',
  '^',
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
]);
const continuingMore = new Set(['&&', '||', '?', ':', '!']);

/** Whether a token leaves its statement waiting for more (an operator, `=`, an open bracket…). */
export function expectsMore(token: Token | undefined): boolean {
  return (
    token !== undefined &&
    token.kind === 'punct' &&
    (continuing.has(token.text) || continuingMore.has(token.text))
  );
}

/** Index in `segment` of the token that starts the current statement, or -1. */
export function statementStart(kind: FrameKind, segment: readonly Token[]): number {
  const keywords = statementKeywords[kind];
  for (let i = segment.length - 1; i >= 0; i--) {
    const t = segment[i];
    if (t.kind !== 'word' || !keywords.includes(t.text)) continue;
    if (i > 0 && expectsMore(segment[i - 1])) continue;
    // In `supervised = 1 - reconstruction` the second target is an operand, not an equation.
    if (kind === 'weights' && segment[i + 1] !== undefined && segment[i + 1].text !== '=') continue;
    return i;
  }
  return -1;
}

/** Follows the braces up to the cursor: the stack of blocks, innermost last. */
export function framesOf(tokens: readonly Token[]): Frame[] {
  const stack: Frame[] = [{ kind: 'top', header: [], segment: [] }];
  for (const token of tokens) {
    const frame = stack[stack.length - 1];
    if (token.text === '{' && token.kind === 'punct') {
      const start = statementStart(frame.kind, frame.segment);
      const keyword = start >= 0 ? frame.segment[start].text : '';
      const kind = blocks[frame.kind]?.[keyword] ?? 'unknown';
      stack.push({ kind, header: start >= 0 ? frame.segment.slice(start) : frame.segment, segment: [] });
    } else if (token.text === '}' && token.kind === 'punct') {
      if (stack.length > 1) stack.pop();
      stack[stack.length - 1].segment = [];
    } else {
      frame.segment.push(token);
    }
  }
  return stack;
}
