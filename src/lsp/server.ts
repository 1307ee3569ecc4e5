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
export interface ServerOptions {
  /** Fixed delay in ms between a change and its check; default: a 10 ms grace plus a throttle (see diagnostic-scheduler.ts). */
  readonly diagnosticsDelayMs?: number;
}

/** Registers every feature of the mtl language server on a connection (stdio in `mtl lsp`, pipes in tests). */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  let scheduler: DiagnosticScheduler | undefined;
  let snippets = false;
  let watchFiles = false;

  const publish = (path: string, diagnostics: Diagnostic[]) => {
    const doc = workspace.document(path);
    if (doc) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    else void connection.sendDiagnostics({ uri: workspace.uriOf(path), diagnostics });
  };
  const log = (what: string, error: unknown) => logError(connection, what, error);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as ServerOptions;
    const delay = options.diagnosticsDelayMs;
    scheduler = new DiagnosticScheduler({
      workspace,
      publish,
      log,
      debounceMs: typeof delay === 'number' && delay >= 0 ? delay : undefined,
    });
    snippets = params.capabilities?.textDocument?.completion?.completionItem?.snippetSupport === true;
    watchFiles = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const roots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
    if (roots.length === 0 && params.rootUri) roots.push(uriToPath(params.rootUri));
    workspace.setRoots(roots.filter((r): r is string => r !== undefined));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['.', '"'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'mtl', version: '0.1.0' },
    };
  });

  // Clients that let the server ask (Neovim, Helix…) report .mtl files changed on
  // disk, so open importers are re-checked; VS Code's client is told so by the extension.
  connection.onInitialized(() => {
    if (!watchFiles) return;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.mtl' }] })
      .catch((error: unknown) => log('registering the file watcher', error));
  });

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
    scheduler?.changed(path, { immediate });
  };
  documents.onDidOpen((e) => guardEvent(() => sync(e.document, true)));
  documents.onDidChangeContent((e) => guardEvent(() => sync(e.document, false)));
  documents.onDidClose((e) =>
    guardEvent(() => {
      const path = documentKey(e.document.uri);
      if (!path) return;
      scheduler?.cancel(path);
      workspace.closeDocument(path);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      scheduler?.changed(path);
    }),
  );
  connection.onDidChangeWatchedFiles((params) =>
    guardEvent(() => {
      for (const change of params.changes ?? []) {
        const path = uriToPath(change.uri);
        if (path && !workspace.document(path)) scheduler?.changed(path);
      }
    }),
  );
  const guardEvent = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      log('a document event', error);
    }
  };

  registerRequests(connection, workspace, { snippets: () => snippets });
  connection.onShutdown(() => scheduler?.dispose());

  documents.listen(connection);
  connection.listen();
}
