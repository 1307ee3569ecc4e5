// The mtl extension: a language client that starts `mtl lsp` over stdio. Every
// language feature lives in the server; this file only finds and starts it.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { commands, type ExtensionContext, window, workspace } from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The `mtl` command: the setting, else the workspace's node_modules/.bin/mtl, else `mtl` on the PATH. */
export function serverCommand(): string {
  const folder = workspace.workspaceFolders?.[0]?.uri.fsPath;
  const configured = workspace.getConfiguration('mtl').get<string>('server.path', '').trim();
  if (configured !== '') return isAbsolute(configured) || !folder ? configured : join(folder, configured);
  const bin = process.platform === 'win32' ? 'mtl.cmd' : 'mtl';
  for (const f of workspace.workspaceFolders ?? []) {
    const local = join(f.uri.fsPath, 'node_modules', '.bin', bin);
    if (existsSync(local)) return local;
  }
  return bin;
}

function createClient(): LanguageClient {
  const command = serverCommand();
  const extraArgs = workspace.getConfiguration('mtl').get<string[]>('server.extraArgs', []);
  const windows = process.platform === 'win32';
  const run = {
    // Windows runs .cmd shims through a shell only, where a path with spaces needs quotes.
    command: windows && command.includes(' ') ? `"${command}"` : command,
    args: ['lsp', ...extraArgs],
    transport: TransportKind.stdio,
    options: { shell: windows },
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    // Unsaved buffers too: the server checks them on their own (their imports cannot resolve).
    documentSelector: [
      { scheme: 'file', language: 'mtl' },
      { scheme: 'untitled', language: 'mtl' },
    ],
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/*.mtl') },
    outputChannelName: 'mtl',
  };
  return new LanguageClient('mtl', 'mtl language server', serverOptions, clientOptions);
}

async function start(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void window.showErrorMessage(
      `mtl: could not start the language server (${serverCommand()} lsp): ${message}. ` +
        'Install mtlc in the workspace (npm install mtlc) or set "mtl.server.path".',
    );
  }
}

export async function activate(context: ExtensionContext): Promise<void> {
  context.subscriptions.push(
    commands.registerCommand('mtl.restartServer', async () => {
      await client?.stop();
      await start();
    }),
    workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('mtl.server')) {
        await client?.stop();
        await start();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
