// `mtl` from the sources, for tests that need a real process (exit codes,
// signals, a second process on one run folder, a full disk).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
