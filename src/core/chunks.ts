/**
 * A byte stream's chunks as they arrive, one at a time: never joined. A Readable's own async iterator reads
 * in paused mode, where each read() answers everything buffered as ONE buffer (a Buffer.concat of the
 * chunks that queued while the consumer was busy): a fresh allocation and a copy of every byte, the
 * larger the slower the consumer. Here the stream flows ('data' events hand over its chunks as they are)
 * and is paused while `maxQueued` chunks wait, so memory stays bounded as with the iterator.
 *
 * The same contract as `for await (const c of stream)`: an error (or a close before the end) is thrown, and
 * a consumer that stops early (break, return, throw) destroys the stream, except an HTTP server's request,
 * which is left paused with its connection: the server still answers on it, and settles the unread rest
 * (server/lingeringClose.ts), as Node's own iterator leaves a request's socket to its response.
 */
import { IncomingMessage } from 'node:http';
import { finished, type Readable } from 'node:stream';

const isServerRequest = (s: Readable): boolean => s instanceof IncomingMessage && typeof s.method === 'string';

export async function* chunksOf(stream: Readable, maxQueued = 2): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let head = 0;
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const onData = (c: Buffer) => {
    queue.push(c);
    if (queue.length - head >= maxQueued) stream.pause();
    signal();
  };
  const cleanup = finished(stream, (err) => {
    if (err) failure = err;
    else ended = true;
    signal();
  });
  stream.on('data', onData);
  try {
    for (;;) {
      if (failure) throw failure;
      if (head < queue.length) {
        const c = queue[head]!;
        queue[head++] = undefined as unknown as Buffer;
        if (head === queue.length) queue.length = head = 0;
        if (stream.isPaused() && queue.length - head < maxQueued) stream.resume();
        yield c;
        continue;
      }
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    stream.off('data', onData);
    cleanup();
    if (!ended) {
      if (isServerRequest(stream)) stream.pause();
      else stream.destroy();
    }
  }
}
