/**
 * The console's front end: hand-written ES modules, CSS and HTML under src/console/public, read once at
 * start-up (no build step, no CDN). Served with a strict Content-Security-Policy.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { sourcePath } from '../core/paths.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export const CSP =
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export interface StaticFile {
  body: Buffer;
  type: string;
}

/** src/console/public, whether this module runs from src/ (tsx) or from dist/src/ (compiled). */
function publicDir(): string {
  const dir = sourcePath('console', 'public');
  if (!existsSync(dir)) throw new Error('the console front end (src/console/public) was not found');
  return dir;
}

export function loadStaticFiles(): Map<string, StaticFile> {
  const dir = publicDir();
  const files = new Map<string, StaticFile>();
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${name}/`);
      else if (TYPES[extname(name)]) files.set(prefix + name, { body: readFileSync(p), type: TYPES[extname(name)]! });
    }
  };
  walk(dir, '');
  return files;
}
