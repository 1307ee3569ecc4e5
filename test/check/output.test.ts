import { describe, expect, it } from 'vitest';
import { codeFrame } from '../../src/check/output/code-frame.js';
import { toLspDiagnostic } from '../../src/check/output/lsp-json.js';
import { formatDiagnostic, summaryLine } from '../../src/check/output/text.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { LineIndex } from '../../src/syntax/location.js';

const text = 'network n {\n  dense h1 5 sigmod\n}\n';
const lines = new LineIndex(text);
const d: Diagnostic = {
  file: 'a.mtl',
  span: { start: 25, end: 31 },
  severity: 'error',
  code: 'MTL020',
  message: "unknown activation 'sigmod'; did you mean 'sigmoid'?",
  suggestions: ['sigmoid'],
};

describe('diagnostic output', () => {
  it('prints FILE:LINE:COL: severity CODE: message, with a frame when asked', () => {
    expect(formatDiagnostic(d, { lines: () => lines, frame: true })).toBe(
      "a.mtl:2:14: error MTL020: unknown activation 'sigmod'; did you mean 'sigmoid'?\n" +
        '2 |   dense h1 5 sigmod\n' +
        '  |              ~~~~~~\n',
    );
  });

  it('underlines to the end of the line when a span goes on', () => {
    expect(codeFrame(lines, { start: 0, end: 20 })).toBe('1 | network n {\n  | ~~~~~~~~~~~\n');
  });

  it('counts errors, warnings and files', () => {
    expect(summaryLine([d, { ...d, severity: 'warning' }, { ...d, severity: 'warning' }], 1)).toBe(
      '1 error, 2 warnings in 1 file',
    );
  });

  it('converts to an LSP diagnostic with 0-based positions and the suggestions as data', () => {
    expect(
      toLspDiagnostic(
        d,
        () => lines,
        (f) => `file:///${f}`,
      ),
    ).toEqual({
      range: { start: { line: 1, character: 13 }, end: { line: 1, character: 19 } },
      severity: 1,
      code: 'MTL020',
      source: 'mtl',
      message: d.message,
      data: { suggestions: ['sigmoid'] },
    });
  });
});
