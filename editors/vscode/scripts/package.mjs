// Builds mtl-vscode-<version>.vsix with @vscode/vsce, when it is installed
// (`npm install` in this folder installs it as a dev dependency).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(here, 'node_modules/.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const vsce = existsSync(local) ? local : 'vsce';
const probe = spawnSync(vsce, ['--version'], { shell: process.platform === 'win32', encoding: 'utf8' });
if (probe.status !== 0) {
  console.error('package: @vscode/vsce is not installed. Run `npm install` in editors/vscode (or `npm i -g @vscode/vsce`), then `npm run package` again.');
  process.exit(1);
}
const result = spawnSync(vsce, ['package', '--allow-missing-repository', '--skip-license'], {
  cwd: here,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
process.exit(result.status ?? 1);
