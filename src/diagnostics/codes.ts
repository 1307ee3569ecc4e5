// Every diagnostic code the toolchain reports, with its severity and a one-line
// meaning. Codes are stable: quick fixes, docs and SARIF rule ids look them up.
import type { Severity } from './diagnostic.js';

export interface CodeInfo {
  readonly severity: Severity;
  readonly summary: string;
}

export const CODES = Object.freeze({
  MTL001: { severity: 'error', summary: 'lexical error' },
  MTL002: { severity: 'error', summary: 'syntax error' },
  MTL003: {
    severity: 'error',
    summary: 'internal error: formatting would change the meaning (a bug in mtl)',
  },
  MTL010: { severity: 'error', summary: 'imported file not found' },
  MTL011: { severity: 'error', summary: 'import cycle' },
  MTL012: { severity: 'error', summary: 'name declared twice in a file and what it imports' },
  MTL013: { severity: 'error', summary: 'unknown network or experiment name' },
  MTL014: { severity: 'error', summary: 'layer name declared twice in a network' },
  MTL020: { severity: 'error', summary: 'unknown word (activation, noise, cost, schedule, setting, …)' },
  MTL021: { severity: 'error', summary: 'setting or block given twice' },
  MTL022: { severity: 'error', summary: 'missing required part' },
  MTL023: { severity: 'error', summary: 'setting value of the wrong shape' },
  MTL024: { severity: 'error', summary: 'count that is not a (positive) integer, or beyond its maximum' },
  MTL030: { severity: 'error', summary: 'network structure: input, hidden layers, one output last' },
  MTL032: { severity: 'error', summary: 'softmax on a hidden layer or a decoder' },
  MTL033: { severity: 'error', summary: 'network input does not match the data' },
  MTL034: { severity: 'error', summary: 'network output does not match the classes of the data' },
  MTL040: { severity: 'error', summary: 'labeled/unlabeled/validation do not fit the data' },
  MTL041: { severity: 'error', summary: 'IDX file missing or unreadable' },
  MTL042: { severity: 'error', summary: 'IDX files disagree with each other' },
  MTL050: { severity: 'error', summary: 'reconstruct names a layer that is not a hidden layer' },
  MTL051: { severity: 'error', summary: 'layer reconstructed twice' },
  MTL052: { severity: 'error', summary: 'noise parameter out of range' },
  MTL053: { severity: 'error', summary: 'cross_entropy needs values in [0, 1]' },
  MTL060: { severity: 'error', summary: 'weights equations refer to each other' },
  MTL061: { severity: 'error', summary: 'bad schedule arguments' },
  MTL070: { severity: 'error', summary: 'unknown name in an expression' },
  MTL071: { severity: 'error', summary: 'unknown function' },
  MTL072: { severity: 'error', summary: 'wrong number of arguments' },
  MTL073: { severity: 'error', summary: 'type error in an expression' },
  MTL080: { severity: 'error', summary: 'supervised step on rows without labels' },
  MTL081: { severity: 'warning', summary: 'reconstruction step without reconstruct blocks' },
  MTL082: { severity: 'error', summary: 'bad optimizer arguments' },
  MTL083: { severity: 'error', summary: 'bad step order' },
  MTL090: { severity: 'error', summary: 'importance weight outside [0, 1] at some epoch' },
  MTL091: { severity: 'warning', summary: 'λ_s + λ_r ≠ 1 at some epoch' },
  MTL092: { severity: 'error', summary: 'learning rate not positive at some epoch' },
  MTL093: { severity: 'error', summary: 'NaN or infinite value at some epoch' },
  MTL094: { severity: 'error', summary: 'negative per-DAE weight at some epoch' },
  MTL100: { severity: 'error', summary: 'unknown sweep setting path' },
  MTL101: { severity: 'error', summary: 'sweep value refers to a name that is not varied' },
  MTL102: { severity: 'error', summary: 'sweep value of the wrong kind for its path' },
  MTL103: { severity: 'error', summary: 'sweep cell that does not fit the data' },
  MTL200: { severity: 'warning', summary: 'network never used' },
  MTL201: { severity: 'warning', summary: 'reconstruct block whose weight is 0 at every epoch' },
  MTL202: { severity: 'warning', summary: 'λ_s never reaches 1' },
  MTL203: { severity: 'warning', summary: 'step order without a supervised step' },
  MTL204: { severity: 'warning', summary: 'evaluate/checkpoint period longer than training' },
  MTL205: { severity: 'warning', summary: 'reconstruct blocks but no reconstruction step' },
  MTL206: { severity: 'info', summary: 'which steps `skip below EPS` drops' },
  MTL900: { severity: 'error', summary: 'internal error in a check (a bug in mtl)' },
  MTL901: { severity: 'error', summary: 'internal error: IR fails its schema (a bug in mtl)' },
  MTL999: { severity: 'error', summary: 'more problems in this file than are shown (the first 100 are)' },
} satisfies Record<string, CodeInfo>);

export type Code = keyof typeof CODES;

export function codeInfo(code: string): CodeInfo | undefined {
  return (CODES as Record<string, CodeInfo>)[code];
}
