/**
 * Questions to the user go through the controlling terminal (/dev/tty), never stdin/stdout: they work
 * under credential_process and `$(...)`, where stdout belongs to the caller. No terminal → undefined.
 */
import { closeSync, openSync } from 'node:fs';
import { ReadStream, WriteStream } from 'node:tty';

function openTty(): { input: ReadStream; output: WriteStream } | undefined {
  if (process.env.TESSERA_NO_TTY === '1') return undefined;
  let rfd: number;
  let wfd: number;
  try {
    rfd = openSync('/dev/tty', 'r');
  } catch {
    return undefined;
  }
  try {
    wfd = openSync('/dev/tty', 'w');
  } catch {
    closeSync(rfd);
    return undefined;
  }
  return { input: new ReadStream(rfd), output: new WriteStream(wfd) };
}

/** Asks on the terminal; `hidden` turns echo off (for seeds). */
export async function ask(question: string, hidden = false): Promise<string | undefined> {
  const tty = openTty();
  if (!tty) return undefined;
  const { input, output } = tty;
  // Echo off before the question shows: an answer typed the moment it appears is never echoed.
  if (hidden) input.setRawMode(true);
  output.write(question);
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer) => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done();
          if (ch === '\u0003') return reject(new Error('interrupted'));
          if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
          else text += ch;
        }
      };
      const done = () => {
        input.off('data', onData);
        resolve(text.trim());
      };
      input.on('data', onData);
    });
  } finally {
    if (hidden) {
      input.setRawMode(false);
      output.write('\n');
    }
    input.destroy();
    output.destroy();
  }
}
