import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { type Command, EXIT_OK, EXIT_USAGE } from './io.js';

const help = `usage: mtl lsp [--stdio]

Starts the mtl language server, speaking the Language Server Protocol over
stdin/stdout (editors start it themselves; see the README for VS Code, Neovim,
Helix and Emacs). Diagnostics, completion, hover, go to definition, references,
rename, outline, formatting and quick fixes.
`;

export const lspCommand: Command = async (argv, io) => {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(help);
    return EXIT_OK;
  }
  // Clients append --stdio (vscode-languageclient) or --clientProcessId=N; both are fine.
  const unknown = argv.filter((a) => a !== '--stdio' && !a.startsWith('--clientProcessId'));
  if (unknown.length > 0) {
    io.stderr.write(`mtl lsp: unknown option '${unknown[0]}'\n\n${help}`);
    return EXIT_USAGE;
  }
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
