// What the README promises about Node is true: this Node satisfies the
// package's own `engines`, and the installed packages that declare a newer
// Node (npm's EBADENGINE warnings) are exactly the ones the README names —
// the whole suite running here on Node 20 is the proof that they work.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

type Version = readonly [number, number, number];
const parse = (text: string): (number | undefined)[] =>
  text
    .replace(/^v/, '')
    .split('.')
    .map((part) => (part === 'x' || part === '*' ? undefined : Number(part)));
const compare = (a: Version, b: readonly (number | undefined)[]) => {
  for (let i = 0; i < 3; i++) if (a[i] !== (b[i] ?? 0)) return a[i]! - (b[i] ?? 0);
  return 0;
};

/** Whether `version` satisfies an engines range (the forms npm packages use: >=, >, <, ^, ~, x-ranges, ||). */
function satisfies(version: Version, range: string): boolean {
  return range.split('||').some((alternative) => {
    const words = alternative
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean);
    return words.every((word) => {
      const [, op = '', rest = ''] = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(word) ?? [];
      const want = parse(rest);
      const c = compare(version, want);
      if (op === '>=') return c >= 0;
      if (op === '>') return c > 0;
      if (op === '<') return c < 0;
      if (op === '<=') return c <= 0;
      if (op === '^') return version[0] === want[0] && c >= 0;
      if (op === '~') return version[0] === want[0] && version[1] === (want[1] ?? 0) && c >= 0;
      return want.every((n, i) => n === undefined || n === version[i]);
    });
  });
}

function installedPackages(dir: string, out: { name: string; version: string; node: string }[] = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const folder = path.join(dir, entry.name);
    if (entry.name.startsWith('@')) {
      installedPackages(folder, out);
      continue;
    }
    const manifest = path.join(folder, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name: string;
        version: string;
        engines?: { node?: unknown };
      };
      if (typeof pkg.engines?.node === 'string')
        out.push({ name: pkg.name, version: pkg.version, node: pkg.engines.node });
    }
    if (existsSync(path.join(folder, 'node_modules')))
      installedPackages(path.join(folder, 'node_modules'), out);
  }
  return out;
}

const node = process.versions.node.split('.').map(Number) as unknown as Version;

describe('Node versions', () => {
  it('reads engine ranges the way npm does', () => {
    expect(satisfies([20, 20, 2], '>=20.19')).toBe(true);
    expect(satisfies([20, 18, 0], '>=20.19')).toBe(false);
    expect(satisfies([20, 20, 2], '^22.12.0 || ^24.0.0 || >=26.0.0')).toBe(false);
    expect(satisfies([24, 1, 0], '^22.12.0 || ^24.0.0 || >=26.0.0')).toBe(true);
    expect(satisfies([20, 20, 2], '20.x || 22.x')).toBe(true);
    expect(satisfies([20, 20, 2], '>= 10')).toBe(true);
  });

  it("this Node satisfies the package's engines, which the README states", () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(satisfies(node, pkg.engines.node)).toBe(true);
    expect(readme).toContain(`Node ${pkg.engines.node.replace('>=', '≥ ')}`);
  });

  it('the README names every installed package that declares a newer Node than this one', () => {
    const newer = installedPackages(path.join(root, 'node_modules'))
      .filter((p) => !satisfies(node, p.node))
      .map((p) => `${p.name} ${p.version}`);
    const named = /npm install` warns `EBADENGINE` for ([^.]*)\./.exec(readme)?.[1] ?? '';
    // A scope may be named as a whole: `@babel/*`.
    const covers = (name: string) =>
      named.includes(name) || (name.startsWith('@') && named.includes(`${name.split('/')[0]}/*`));
    for (const pkg of newer) expect(covers(pkg.split(' ')[0]!), `README names ${pkg}`).toBe(true);
  });
});
