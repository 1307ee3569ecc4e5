// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1:x}` is LSP snippet syntax, not a template.
import { SWEEP_PATHS } from '../../check/vocabulary.js';
import { costReductions, costs, hiddenActivations } from '../../syntax/keywords.js';
import type { ValueSnippet, Want } from './context.js';

/** The settings a sweep may vary or override (language reference §10), as the checker knows them. */
export const settingPaths = Object.keys(SWEEP_PATHS);

const noiseValues: readonly ValueSnippet[] = [
  { label: 'none', snippet: 'none', word: 'none' },
  { label: 'mask(p)', snippet: 'mask(${1:0.25})', word: 'mask' },
  { label: 'gaussian(sigma)', snippet: 'gaussian(${1:0.1})', word: 'gaussian' },
  { label: 'salt_pepper(p)', snippet: 'salt_pepper(${1:0.1})', word: 'salt_pepper' },
];

const decoderValues: readonly ValueSnippet[] = [
  ...hiddenActivations.map((a) => ({ label: a, snippet: a, word: a })),
  ...hiddenActivations.map((a) => ({ label: `tied ${a}`, snippet: `tied ${a}`, word: 'tied' })),
];

/** `cross_entropy` (the default reduction), then each cost with each reduction written out. */
const costValues: readonly ValueSnippet[] = costs.flatMap((c) => [
  { label: c, snippet: c, word: c },
  ...costReductions.map((r) => ({ label: `${c} ${r}`, snippet: `${c} ${r}`, word: c })),
]);

const optimizerValues: readonly ValueSnippet[] = [
  { label: 'sgd', snippet: 'sgd', word: 'sgd' },
  { label: 'sgd(momentum: …)', snippet: 'sgd(momentum: ${1:0.9})', word: 'sgd' },
];

/** What a value of a varied or overridden setting may be. */
export function sweepValueWants(path: string): Want[] {
  const info = SWEEP_PATHS[path];
  switch (info?.value) {
    case 'network':
      return [{ what: 'networks' }];
    case 'schedule':
      return [{ what: 'schedules', withKeyword: true }];
    case 'word':
      return [{ what: 'words', words: info.words ?? [], role: 'value' }];
    case 'noise':
      return [{ what: 'valueSnippets', items: noiseValues }];
    case 'decoder':
      return [{ what: 'valueSnippets', items: decoderValues }];
    case 'cost':
      return [{ what: 'valueSnippets', items: costValues }];
    case 'optimizer':
      return [{ what: 'valueSnippets', items: optimizerValues }];
    default:
      return [{ what: 'expression', names: [] }];
  }
}
