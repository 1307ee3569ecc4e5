import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.js';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';

describe('diagnostic(code, parts)', () => {
  it("takes the code's severity from the table unless one is given", () => {
    expect(diagnostic('MTL091', { file: 'a.mtl', message: 'm' }).severity).toBe('warning');
    expect(diagnostic('MTL206', { file: 'a.mtl', message: 'm' }).severity).toBe('info');
    expect(diagnostic('MTL002', { file: 'a.mtl', message: 'm' }).severity).toBe('error');
    expect(diagnostic('MTL002', { file: 'a.mtl', message: 'm', severity: 'warning' }).severity).toBe(
      'warning',
    );
    for (const [code, info] of Object.entries(CODES)) {
      expect(diagnostic(code as keyof typeof CODES, { file: 'f', message: '' }).severity).toBe(info.severity);
    }
  });

  it('points at the start of the file by default and leaves out empty related and suggestions', () => {
    expect(
      diagnostic('MTL010', { file: 'a.mtl', message: 'cannot read', related: [], suggestions: [] }),
    ).toEqual({
      file: 'a.mtl',
      span: { start: 0, end: 0 },
      severity: 'error',
      code: 'MTL010',
      message: 'cannot read',
    });
    const related = [{ file: 'b.mtl', span: { start: 1, end: 2 }, message: 'here' }];
    expect(
      diagnostic('MTL012', {
        file: 'a.mtl',
        span: { start: 3, end: 4 },
        message: 'twice',
        related,
        suggestions: ['x'],
      }),
    ).toEqual({
      file: 'a.mtl',
      span: { start: 3, end: 4 },
      severity: 'error',
      code: 'MTL012',
      message: 'twice',
      related,
      suggestions: ['x'],
    });
  });
});
