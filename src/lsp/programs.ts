import type { SourceHost } from '../check/host.js';
import { type Program, parseProgram, type SourceFile } from '../check/program.js';

/**
 * Programs (parsed files with their symbol table) for the features that need
 * names: hover, definition, completion of names in scope. A program is reused
 * while every file in it still has the text it was parsed from (and no import
 * it missed has appeared), so after a check the next requests cost no parse.
 */
export class ProgramCache {
  private readonly byRoot = new Map<string, Program>();

  constructor(private readonly host: SourceHost) {}

  /** A current program that contains `path` and its imports. */
  programFor(path: string): Program {
    const cached = this.byRoot.get(path);
    if (cached && this.isCurrent(cached)) return cached;
    const program = parseProgram([{ name: path }], this.host);
    this.byRoot.set(path, program);
    return program;
  }

  /**
   * A program for completion: the current one if there is one, else the last
   * one rooted at `path` when the keystrokes since did not change what the file
   * imports or declares (`outlineMatches`). Completion then costs no parse
   * while the user types inside a block.
   */
  forCompletion(path: string, outlineMatches: (root: SourceFile) => boolean): Program {
    const cached = this.byRoot.get(path);
    if (cached && !this.isCurrent(cached)) {
      const root = cached.roots[0];
      if (
        root &&
        root.name === path &&
        outlineMatches(root) &&
        cached.files.slice(1).every((f) => this.isCurrentFile(f))
      ) {
        return cached;
      }
    }
    return this.programFor(path);
  }

  /** Keeps a program a check just built, for the requests that follow. */
  remember(path: string, program: Program): void {
    this.byRoot.set(path, program);
  }

  forget(path: string): void {
    this.byRoot.delete(path);
  }

  /** One program over many roots: references and rename need every file that might refer to a symbol. */
  programOver(paths: readonly string[]): Program {
    return parseProgram(
      paths.map((name) => ({ name })),
      this.host,
    );
  }

  private isCurrent(program: Program): boolean {
    return program.files.every((file) => this.isCurrentFile(file));
  }

  private isCurrentFile(file: SourceFile): boolean {
    if (this.host.readFile(file.name) !== file.text) return false;
    return file.imports.every(
      (imp) => imp.target !== undefined || this.host.readFile(imp.name) === undefined,
    );
  }
}

export function fileOf(program: Program, path: string): SourceFile | undefined {
  return program.files.find((f) => f.name === path);
}
