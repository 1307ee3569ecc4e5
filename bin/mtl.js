#!/usr/bin/env node
// The `mtl` command. The CLI is compiled into dist/ by `npm run build` (run by `prepare` on install).
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`mtl help run | head -1`) closes the pipe: the rest of
// the output has nowhere to go, which is no error of mtl's — stop quietly, as cat does.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
