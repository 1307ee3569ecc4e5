// Talks JSON-RPC to a real `mtl lsp` process over its stdin/stdout, as an editor
// does: no mock of the protocol. Cursor positions in fixture texts are marked
// with `<|>` (as Langium's tests do).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  type Diagnostic,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  type Position,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { mtlNodeArgs } from './mtl-process.js';

const root = resolve(import.meta.dirname, '../..');

/** How to start the server: `mtl lsp` as the tests start every `mtl` process (mtl-process.ts). */
export function serverCommand(): string[] {
  return mtlNodeArgs(['lsp']);
}

export interface LspClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** What the server wrote to stderr (logs of caught handler errors end up here or in window/logMessage). */
  readonly stderr: () => string;
  readonly logs: string[];
  open(uri: string, text: string, version?: number): void;
  /** Replaces the whole text (a full-document change event). */
  change(uri: string, text: string, version: number): void;
  close(uri: string): void;
  /** The next diagnostics published for `uri` that satisfy `accept` (default: any), or the latest if already there. */
  diagnostics(uri: string, accept?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Every publication for `uri` so far, in order (version: the document version it was computed for). */
  published(uri: string): readonly PublishDiagnosticsParams[];
  /** Resolves on the next publication for `uri`, whatever it holds. */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

export async function startLspClient(
  options: { rootDir?: string; initializationOptions?: object; snippets?: boolean } = {},
): Promise<LspClient> {
  const child = spawn(process.execPath, serverCommand(), { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const latest = new Map<string, Diagnostic[]>();
  const history = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: { uri: string; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const logs: string[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params.diagnostics);
    history.set(params.uri, [...(history.get(params.uri) ?? []), params]);
    for (const w of waiters.filter((w) => w.uri === params.uri)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(params);
    }
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => {
    logs.push(params.message);
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: options.rootDir ? pathToFileURL(options.rootDir).href : null,
    workspaceFolders: options.rootDir ? [{ uri: pathToFileURL(options.rootDir).href, name: 'root' }] : null,
    capabilities: {
      textDocument: { completion: { completionItem: { snippetSupport: options.snippets ?? true } } },
    },
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const nextDiagnostics = (uri: string, timeoutMs = 5000) =>
    new Promise<PublishDiagnosticsParams>((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      waiters.push({
        uri,
        resolve: (p) => {
          clearTimeout(timer);
          resolvePromise(p);
        },
      });
    });

  return {
    connection,
    process: child,
    stderr: () => stderr,
    logs,
    open(uri, text, version = 1) {
      latest.delete(uri);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'mtl', version, text },
      });
    },
    change(uri, text, version) {
      latest.delete(uri);
      void connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version },
        contentChanges: [{ text }],
      });
    },
    close(uri) {
      void connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    async diagnostics(uri, accept = () => true, timeoutMs = 5000) {
      const known = latest.get(uri);
      if (known && accept(known)) return known;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const params = await nextDiagnostics(uri, Math.max(1, deadline - Date.now()));
        if (accept(params.diagnostics)) return params.diagnostics;
      }
    },
    nextDiagnostics,
    published: (uri) => history.get(uri) ?? [],
    async stop() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // Already gone.
      }
      connection.dispose();
      if (child.exitCode === null) {
        await new Promise<void>((r) => {
          const timer = setTimeout(() => {
            child.kill();
            r();
          }, 2000);
          child.once('exit', () => {
            clearTimeout(timer);
            r();
          });
        });
      }
    },
  };
}

/** A text with one `<|>` cursor mark: the text without it, and the cursor's offset and LSP position. */
export function withCursor(marked: string): { text: string; offset: number; position: Position } {
  const offset = marked.indexOf('<|>');
  if (offset < 0) throw new Error('no <|> in the fixture');
  const text = marked.slice(0, offset) + marked.slice(offset + 3);
  return { text, offset, position: positionOf(text, offset) };
}

export function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position of the `occurrence`-th (0-based) appearance of `needle` in `text`, plus `delta` characters. */
export function positionOfText(text: string, needle: string, { occurrence = 0, delta = 0 } = {}): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found ${occurrence + 1} times`);
  }
  return positionOf(text, at + delta);
}

export interface TempWorkspace {
  readonly dir: string;
  path(name: string): string;
  uri(name: string): string;
  write(name: string, text: string): void;
  remove(): void;
}

export function tempWorkspace(files: Record<string, string> = {}): TempWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'mtl-lsp-'));
  const ws: TempWorkspace = {
    dir,
    path: (name) => join(dir, name),
    uri: (name) => pathToFileURL(join(dir, name)).href,
    write(name, text) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) ws.write(name, text);
  return ws;
}
