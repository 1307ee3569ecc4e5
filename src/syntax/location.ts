/** 1-based line and column, as printed in `FILE:LINE:COL`. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Turns offsets into line/column for one text. Built once per text; lookups
 * are a binary search over line starts, so printing many diagnostics is cheap.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  /** Lines end at \n, \r\n or a lone \r: the three line ends LSP positions count. */
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset (clamped into the text). */
  lineColumn(offset: number): LineColumn {
    const at = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column (clamped into the text). */
  offset(position: LineColumn): number {
    const line = Math.max(1, Math.min(position.line, this.starts.length));
    const start = this.starts[line - 1];
    const end = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return Math.min(start + Math.max(0, position.column - 1), end);
  }

  /** The text of a 1-based line, without its newline. */
  lineText(line: number): string {
    const start = this.starts[line - 1] ?? this.text.length;
    const next = this.starts[line];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }
}
