// The line builder of the formatter. The printer walks the AST and hands over
// each word with the source offset it came from; before placing a word, the
// emitter places every comment that came before it in the source, so comments
// stay where they were relative to the code:
//  - a comment alone on its line stays alone on its line (indented with the code
//    that follows it; at the end of a block, with the block's items);
//  - a comment after code on the same line stays after that code;
//  - a `//` comment inside a statement ends the line; the statement goes on, one
//    level deeper, on the next line.
// Blank lines between statements (and own-line comments) are kept, at most one,
// never right after `{` or right before `}`. Whether a comment is "alone on its
// line" is read from the source, and the output keeps that property, so the
// layout is a fixed point: formatting formatted text changes nothing.
import type { Comment } from './ast.js';

const INDENT = '  ';

interface WordOptions {
  /** Space before this word, if the previous one allows it (default true). */
  readonly spaceBefore?: boolean;
  /** Space after this word, if the next one wants it (default true). */
  readonly spaceAfter?: boolean;
  /** A blank line in the source before this word is kept (default true; false for `}`). */
  readonly keepBlank?: boolean;
  /** Not in the source as such (a parenthesis the printer adds): `at` only orders comments. */
  readonly synthetic?: boolean;
}

export class Emitter {
  private readonly lines: string[] = [];
  private line = '';
  private lineIndent = 0;
  /** Block depth of the statement being printed. */
  private depth = 0;
  /** The current statement was broken by a comment: its next lines go one level deeper. */
  private continued = false;
  private spaceAllowed = false;
  /** Source offset after the last word or comment placed. */
  private lastEnd = 0;
  private nextComment = 0;
  /** No blank line may come next (start of file or block). */
  private atOpen = true;
  private blankWanted = false;

  constructor(
    private readonly text: string,
    private readonly comments: readonly Comment[],
  ) {}

  /** Places one word (keyword, name, number, operator or punctuation) found at `at` in the source. */
  word(word: string, at: number, options: WordOptions = {}): void {
    this.placeCommentsBefore(at);
    if (this.line === '') {
      this.startLine(at, options.keepBlank ?? true);
    } else if ((options.spaceBefore ?? true) && this.spaceAllowed) {
      this.line += ' ';
    }
    this.line += word;
    this.spaceAllowed = options.spaceAfter ?? true;
    if (!options.synthetic) this.lastEnd = Math.max(this.lastEnd, at + word.length);
  }

  /**
   * Ends a statement: comments after it on its source line stay on its line. Only
   * tokens the printer drops (`;`, redundant `)`) may stand between them.
   */
  endStatement(): void {
    while (this.nextComment < this.comments.length) {
      const comment = this.comments[this.nextComment];
      if (!/^[ \t\r;)]*$/.test(this.text.slice(this.lastEnd, comment.span.start))) break;
      this.appendComment(comment);
    }
    this.pushLine();
    this.continued = false;
  }

  /** Enters a block (after its `{` was placed and the line ended). */
  indent(): void {
    this.depth++;
    this.atOpen = true;
  }

  /** Places the comments left before a block's `}` with the block's items, then leaves the block. */
  dedent(closeAt: number): void {
    this.placeCommentsBefore(closeAt);
    this.depth--;
  }

  /** Asks for a blank line before whatever comes next (between top-level declarations). */
  blankLine(): void {
    if (this.lines.length > 0) this.blankWanted = true;
  }

  hasCommentBefore(at: number): boolean {
    return this.nextComment < this.comments.length && this.comments[this.nextComment].span.start < at;
  }

  /** The formatted text: remaining comments placed, one final newline. */
  finish(): string {
    this.placeCommentsBefore(Number.POSITIVE_INFINITY);
    this.pushLine();
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }

  private placeCommentsBefore(at: number): void {
    while (this.nextComment < this.comments.length && this.comments[this.nextComment].span.start < at) {
      const comment = this.comments[this.nextComment];
      const aloneOnItsLine = this.text.slice(this.lastEnd, comment.span.start).includes('\n');
      if (this.line === '') {
        this.startLine(comment.span.start, true);
        this.appendComment(comment);
        this.pushLine();
      } else if (aloneOnItsLine) {
        this.pushLine();
        this.continued = true;
        this.startLine(comment.span.start, false);
        this.appendComment(comment);
        this.pushLine();
      } else {
        this.appendComment(comment);
        if (!comment.block) {
          this.pushLine();
          this.continued = true;
        }
      }
    }
  }

  private appendComment(comment: Comment): void {
    if (this.line !== '') this.line += ' ';
    this.line += comment.block ? comment.text : comment.text.trimEnd();
    this.spaceAllowed = true;
    this.lastEnd = Math.max(this.lastEnd, comment.span.end);
    this.nextComment++;
  }

  private startLine(at: number, keepBlank: boolean): void {
    if (!this.continued && !this.atOpen && this.lines.length > 0) {
      const gap = this.text.slice(this.lastEnd, Math.max(this.lastEnd, at));
      const blankInSource = keepBlank && (gap.match(/\n/g)?.length ?? 0) >= 2;
      if (this.blankWanted || blankInSource) this.lines.push('');
    }
    this.blankWanted = false;
    this.lineIndent = this.depth + (this.continued ? 1 : 0);
    this.spaceAllowed = false;
  }

  private pushLine(): void {
    if (this.line === '') return;
    this.lines.push(INDENT.repeat(this.lineIndent) + this.line);
    this.line = '';
    this.atOpen = false;
  }
}
