import { SWEEP_PATHS } from '../../check/vocabulary.js';
import type { Want } from './context.js';

/** The settings a sweep may vary or override (language reference §10), as the checker knows them. */
export const settingPaths = Object.keys(SWEEP_PATHS);

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
    default:
      return [{ what: 'expression', names: [] }];
  }
}
