/**
 * Where the client keeps its own state: $TESSERA_CLIENT_HOME, else ~/.tessera (HOME is honoured, so tests
 * point it at a temporary directory). Directories are created mode 0700, files written mode 0600 through a
 * temporary file and a rename, so a reader never sees half a file.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function clientHome(): string {
  return process.env.TESSERA_CLIENT_HOME || join(homedir(), '.tessera');
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

export function writePrivateFile(path: string, data: Buffer | string): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
