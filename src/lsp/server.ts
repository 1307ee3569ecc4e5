import {
  CodeActionKind,
  type Connection,
  type Diagnostic,
  DidChangeWatchedFilesNotification,
  type InitializeParams,
  type InitializeResult,
  TextDocumentSyncKind,
  TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticScheduler } from './diagnostic-scheduler.js';
import { logError } from './guard.js';
import { registerRequests } from './requests.js';
import { documentKey, uriToPath } from './uri.js';
import { Workspace } from './workspace.js';

/** Settings a client may pass in `initializationOptions`. */
interface ServerOptions {
  /** Fixed delay in ms between a change and its check; default: a 10 ms grace plus a throttle (see diagnostic-scheduler.ts). */
  readonly diagnosticsDelayMs?: number;
}

/** What the handlers share: the connection, the open documents' workspace, what the client can do. */
interface Server {
  readonly connection: Connection;
  readonly workspace: Workspace;
  scheduler?: DiagnosticScheduler;
  snippets: boolean;
  watchFiles: boolean;
  log(what: string, error: unknown): void;
}

/** Registers every feature of the mtl language server on a connection (stdio in `mtl lsp`, pipes in tests). */
export function startServer(connection: Connection): void {
  const server: Server = {
    connection,
    workspace: new Workspace(),
    snippets: false,
    watchFiles: false,
    log: (what, error) => logError(connection, what, error),
  };
  connection.onInitialize((params) => initialize(server, params));
  // Clients that let the server ask (Neovim, Helix…) report .mtl files changed on
  // disk, so open importers are re-checked; VS Code's client is told so by the extension.
  connection.onInitialized(() => {
    if (!server.watchFiles) return;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.mtl' }] })
      .catch((error: unknown) => server.log('registering the file watcher', error));
  });
  const documents = new TextDocuments(TextDocument);
  syncDocuments(server, documents);
  registerRequests(connection, server.workspace, { snippets: () => server.snippets });
  connection.onShutdown(() => server.scheduler?.dispose());
  documents.listen(connection);
  connection.listen();
}

const CAPABILITIES: InitializeResult['capabilities'] = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: { triggerCharacters: ['.', '"'], resolveProvider: false },
  hoverProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  renameProvider: { prepareProvider: true },
  documentSymbolProvider: true,
  documentFormattingProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
};

function initialize(server: Server, params: InitializeParams): InitializeResult {
  const { connection, workspace } = server;
  const publish = (path: string, diagnostics: Diagnostic[]) => {
    const doc = workspace.document(path);
    if (doc) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    else void connection.sendDiagnostics({ uri: workspace.uriOf(path), diagnostics });
  };
  const options = (params.initializationOptions ?? {}) as ServerOptions;
  const delay = options.diagnosticsDelayMs;
  server.scheduler = new DiagnosticScheduler({
    workspace,
    publish,
    log: server.log,
    debounceMs: typeof delay === 'number' && delay >= 0 ? delay : undefined,
  });
  server.snippets = params.capabilities?.textDocument?.completion?.completionItem?.snippetSupport === true;
  server.watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
  if (roots.length === 0 && params.rootUri) roots.push(uriToPath(params.rootUri));
  workspace.setRoots(roots.filter((r): r is string => r !== undefined));
  return { capabilities: CAPABILITIES, serverInfo: { name: 'mtl', version: '0.1.0' } };
}

/** Open, changed, closed and watched files: the workspace follows them and the scheduler re-checks. */
function syncDocuments(server: Server, documents: TextDocuments<TextDocument>): void {
  const { connection, workspace } = server;
  const guardEvent = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      server.log('a document event', error);
    }
  };
  const sync = (doc: TextDocument, immediate: boolean) => {
    const path = documentKey(doc.uri);
    if (!path) return;
    // An open fires both onDidOpen and onDidChangeContent: one check is enough.
    if (workspace.document(path)?.version === doc.version) return;
    // A client that sends a non-string text (a bug on its side) gets an empty document, never NaN positions.
    const text: unknown = doc.getText();
    workspace.openDocument(path, {
      uri: doc.uri,
      text: typeof text === 'string' ? text : '',
      version: doc.version,
    });
    server.scheduler?.changed(path, { immediate });
  };
  documents.onDidOpen((e) => guardEvent(() => sync(e.document, true)));
  documents.onDidChangeContent((e) => guardEvent(() => sync(e.document, false)));
  documents.onDidClose((e) =>
    guardEvent(() => {
      const path = documentKey(e.document.uri);
      if (!path) return;
      server.scheduler?.cancel(path);
      workspace.closeDocument(path);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      server.scheduler?.changed(path);
    }),
  );
  connection.onDidChangeWatchedFiles((params) =>
    guardEvent(() => {
      for (const change of params.changes ?? []) {
        const path = uriToPath(change.uri);
        if (path && !workspace.document(path)) server.scheduler?.changed(path);
      }
    }),
  );
}
