import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { flag, parseVerb } from '../args/verb.js';
import { type Command, EXIT_OK } from './io.js';

const lspVerb = {
  command: 'mtl lsp',
  summary:
    'Starts the mtl language server, speaking the Language Server Protocol over\n' +
    'stdin/stdout (editors start it themselves; see the README for VS Code, Neovim,\n' +
    'Helix and Emacs). Diagnostics, completion, hover, go to definition, references,\n' +
    'rename, outline, formatting and quick fixes.',
  flags: {
    // Clients append --stdio (vscode-languageclient) or --clientProcessId=N; both are accepted.
    stdio: flag.boolean('--stdio', 'speak over stdin/stdout (the default and only transport)'),
    clientProcessId: flag.string('--clientProcessId <PID>', "the editor's process id (ignored)"),
  },
} as const;

export const lspCommand: Command = async (argv, io) => {
  const parsed = parseVerb(lspVerb, argv, io);
  if (!parsed.ok) return parsed.exitCode;
  // stdout carries the protocol: anything a library prints goes to stderr instead,
  // and an error that escaped every handler is logged, not fatal.
  const toStderr = (...args: unknown[]) => io.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = console.info = console.warn = console.error = console.debug = toStderr;
  process.on('uncaughtException', (error) => toStderr('mtl lsp: uncaught', error?.stack ?? error));
  process.on('unhandledRejection', (error) => toStderr('mtl lsp: unhandled rejection', error));
  // The server module (and with it the checker) loads only when the server starts.
  const { startServer } = await import('../lsp/server.js');
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
  // Serve until the client exits us (the connection ends the process on `exit`) or stdin closes.
  await new Promise<void>((resolve) => connection.onExit(() => resolve()));
  return EXIT_OK;
};
