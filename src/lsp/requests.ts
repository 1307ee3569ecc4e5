import type { Connection, Position } from 'vscode-languageserver';
import { quickFixes } from './code-actions.js';
import { complete } from './completion/provider.js';
import { documentSymbols } from './document-symbols.js';
import { formatDocument } from './formatting.js';
import { guard } from './guard.js';
import { hover } from './hover/provider.js';
import { definition, prepareRename, references, rename } from './navigation.js';
import { fileOf } from './programs.js';
import { isPosition, offsetAt } from './text-position.js';
import { documentKey } from './uri.js';
import type { Workspace } from './workspace.js';

/**
 * The request handlers. Each reads its parameters defensively (a malformed
 * request gets an empty answer) and runs inside `guard`, so a bug in one
 * feature answers empty and logs instead of taking the server down.
 */
export function registerRequests(
  connection: Connection,
  workspace: Workspace,
  options: { readonly snippets: () => boolean },
): void {
  /** The open (or on-disk) file a request names, and the offset of its position. */
  const locate = (params: { textDocument?: { uri?: unknown }; position?: Position }) => {
    const uri = params?.textDocument?.uri;
    const path = typeof uri === 'string' ? documentKey(uri) : undefined;
    if (!path || !isPosition(params.position)) return undefined;
    const lines = workspace.lines(path);
    if (!lines) return undefined;
    return {
      workspace,
      path,
      uri: uri as string,
      text: lines.text,
      offset: offsetAt(lines, params.position),
    };
  };
  const document = (params: { textDocument?: { uri?: unknown } }) => {
    const uri = params?.textDocument?.uri;
    const path = typeof uri === 'string' ? documentKey(uri) : undefined;
    const lines = path ? workspace.lines(path) : undefined;
    return path && lines ? { path, uri: uri as string, lines } : undefined;
  };

  connection.onCompletion(
    guard(connection, 'completion', [], (params) => {
      const at = locate(params);
      return at ? complete({ ...at, snippets: options.snippets() }) : [];
    }),
  );
  connection.onHover(
    guard(connection, 'hover', null, (params) => {
      const at = locate(params);
      return at ? hover(at) : null;
    }),
  );
  connection.onDefinition(
    guard(connection, 'definition', null, (params) => {
      const at = locate(params);
      return at ? definition(at) : null;
    }),
  );
  connection.onReferences(
    guard(connection, 'references', [], (params) => {
      const at = locate(params);
      return at ? references(at, params.context?.includeDeclaration !== false) : [];
    }),
  );
  connection.onPrepareRename(
    guard(connection, 'prepareRename', null, (params) => {
      const at = locate(params);
      return at ? prepareRename(at) : null;
    }),
  );
  connection.onRenameRequest(
    guard(connection, 'rename', null, (params) => {
      const at = locate(params);
      return at && typeof params.newName === 'string' ? rename(at, params.newName) : null;
    }),
  );
  connection.onDocumentSymbol(
    guard(connection, 'documentSymbol', [], (params) => {
      const doc = document(params);
      if (!doc) return [];
      const file = fileOf(workspace.programs.programFor(doc.path), doc.path);
      return file ? documentSymbols(file.ast, file.lines) : [];
    }),
  );
  connection.onDocumentFormatting(
    guard(connection, 'formatting', [], (params) => {
      const doc = document(params);
      return doc ? formatDocument(doc.lines.text, doc.path, doc.lines) : [];
    }),
  );
  connection.onCodeAction(
    guard(connection, 'codeAction', [], (params) => {
      const doc = document(params);
      const diagnostics = params?.context?.diagnostics;
      return doc && Array.isArray(diagnostics) ? quickFixes(doc.uri, diagnostics) : [];
    }),
  );
}
