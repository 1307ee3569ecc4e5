import type { MtlFile } from '../../syntax/ast.js';
import { scan } from './scan.js';

/**
 * The imports and declared names of a text, read from its tokens alone
 * (`import "…"`, `network NAME {` … at brace depth 0): a cheap way to tell
 * whether a keystroke changed what a file declares.
 */
export function topLevelOutline(text: string): string[] {
  const { tokens } = scan(text, text.length);
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'punct' && t.text === '{') depth++;
    else if (t.kind === 'punct' && t.text === '}') depth = Math.max(0, depth - 1);
    else if (depth === 0 && t.kind === 'word' && tokens[i + 1]) {
      const next = tokens[i + 1];
      if (t.text === 'import' && next.kind === 'string') out.push(`import ${next.text}`);
      if (['network', 'experiment', 'sweep'].includes(t.text) && next.kind === 'word')
        out.push(`${t.text} ${next.text}`);
    }
  }
  return out;
}

/** The same outline, from a parsed file. */
export function astOutline(ast: MtlFile): string[] {
  const imports = ast.imports.map((i) => ({ at: i.span.start, line: `import ${i.path}` }));
  const decls = ast.declarations.map((d) => ({
    at: d.span.start,
    line: `${d.kind === 'Network' ? 'network' : d.kind === 'Experiment' ? 'experiment' : 'sweep'} ${d.name.name}`,
  }));
  return [...imports, ...decls].sort((a, b) => a.at - b.at).map((x) => x.line);
}
