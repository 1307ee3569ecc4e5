import {
  ErrorCodes,
  type Location,
  LSPErrorCodes,
  type Range,
  ResponseError,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Program } from '../check/program.js';
import { findDefinition, findReferences, type MtlSymbol, type SymbolAt } from '../check/symbols.js';
import type { Span } from '../syntax/ast.js';
import { reservedWords } from '../syntax/keywords.js';
import { fileOf } from './programs.js';
import { spanToRange, wordAt } from './text-position.js';
import type { Workspace } from './workspace.js';

interface NavigationRequest {
  readonly workspace: Workspace;
  readonly path: string;
  readonly offset: number;
}

function location(workspace: Workspace, program: Program, file: string, span: Span): Location | undefined {
  const lines = fileOf(program, file)?.lines ?? workspace.lines(file);
  return lines ? { uri: workspace.uriOf(file), range: spanToRange(lines, span) } : undefined;
}

export function definition({ workspace, path, offset }: NavigationRequest): Location | null {
  const program = workspace.programs.programFor(path);
  const imported = fileOf(program, path)?.imports.find(
    (i) => i.decl.pathSpan.start <= offset && offset <= i.decl.pathSpan.end,
  );
  if (imported?.target) {
    return {
      uri: workspace.uriOf(imported.name),
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
  }
  const at = findDefinition(program, path, offset);
  return (at && location(workspace, program, at.symbol.file, at.symbol.nameSpan)) ?? null;
}

/** A program over every file that may refer to the symbol at the cursor, and that symbol in it. */
function wideLookup({ workspace, path, offset }: NavigationRequest): { program: Program; at?: SymbolAt } {
  const program = workspace.programs.programOver([path, ...workspace.candidateFiles()]);
  return { program, at: findDefinition(program, path, offset) };
}

export function references(request: NavigationRequest, includeDeclaration: boolean): Location[] {
  const { program, at } = wideLookup(request);
  if (!at) return [];
  return findReferences(program, at.symbol, { includeDeclaration }).flatMap(
    (ref) => location(request.workspace, program, ref.file, ref.span) ?? [],
  );
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

function notRenamable(request: NavigationRequest): ResponseError<void> {
  const text = request.workspace.readFile(request.path) ?? '';
  const word = wordAt(text, request.offset)?.text ?? '';
  const what = reservedWords.includes(word) ? `'${word}' is a keyword` : 'This is not a name';
  return new ResponseError(
    LSPErrorCodes.RequestFailed,
    `${what}: only networks, layers, experiments and sweeps can be renamed.`,
  );
}

export function prepareRename(request: NavigationRequest): { range: Range; placeholder: string } {
  const program = request.workspace.programs.programFor(request.path);
  const at = findDefinition(program, request.path, request.offset);
  const lines = fileOf(program, request.path)?.lines;
  if (!at || !lines) throw notRenamable(request);
  return { range: spanToRange(lines, at.span), placeholder: at.symbol.name };
}

export function rename(request: NavigationRequest, newName: string): WorkspaceEdit {
  const { program, at } = wideLookup(request);
  if (!at) throw notRenamable(request);
  if (!identifier.test(newName)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `'${newName}' is not a valid name: use letters, digits and _.`,
    );
  }
  if (reservedWords.includes(newName)) {
    throw new ResponseError(ErrorCodes.InvalidParams, `'${newName}' is a keyword of the language.`);
  }
  const places = findReferences(program, at.symbol);
  const clash = clashing(program, at.symbol, newName);
  if (clash) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `'${newName}' is already the name of a ${clash.kind} (${clash.file}); pick another name.`,
    );
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const place of places) {
    const target = location(request.workspace, program, place.file, place.span);
    if (!target) continue;
    changes[target.uri] = [...(changes[target.uri] ?? []), { range: target.range, newText: newName }];
  }
  return { changes };
}

/** A symbol the new name would collide with: a sibling layer, or a top-level name in a file that sees the symbol. */
function clashing(program: Program, symbol: MtlSymbol, newName: string): MtlSymbol | undefined {
  if (newName === symbol.name) return undefined;
  if (symbol.kind === 'layer') {
    return program.symbols.symbols.find(
      (s) => s.kind === 'layer' && s.container === symbol.container && s.name === newName,
    );
  }
  for (const file of program.files) {
    const scope = program.symbols.scope(file.name);
    if (scope.get(symbol.name) !== symbol) continue;
    const found = scope.get(newName);
    if (found) return found;
  }
  return undefined;
}
