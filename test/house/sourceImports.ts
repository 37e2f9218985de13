/**
 * What the structure tests read: every source file under src/ and the project files each one imports
 * (relative specifiers of `import`, `import type`, `export ... from` and `import()`; '.js' names the '.ts').
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../helpers/server.js';

export const SRC = join(repoRoot, 'src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

export function sourceFiles(dir: string = SRC, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The files under src/ that `text` (the source of `file`) imports. */
export function importedFiles(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
    if (target.startsWith(SRC)) out.push(target);
  }
  return out;
}

export const readSource = (file: string) => readFileSync(file, 'utf8');
