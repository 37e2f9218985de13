/**
 * Opens runs of sealed segments on the opener thread (openerThread.ts), so that a large encrypted GET's
 * cipher runs beside the event loop rather than on it: the event loop only reads ciphertext and writes
 * plaintext to the socket. One thread serves every read, started on first use (and again after it died:
 * the runs it had not answered fail, and so do their reads). Buffers cross by transfer, never by copy, and
 * the run is opened in place: once a read has its few buffers, the event loop allocates none per run.
 */
import { Worker } from 'node:worker_threads';

/** How a request to the opener thread looks (opener.ts sends it, openerThread.ts answers it). */
export interface OpenerRequest {
  id: number;
  key: Uint8Array;
  first: number;
  /** The index of the blob's last segment. */
  final: number;
  segment: number;
  buffer: ArrayBuffer;
  length: number;
}

/**
 * The opener thread's answer: the buffer back, holding from its start the run's plaintext, of `plain` bytes
 * (undefined: a segment failed its tag, and the buffer holds nothing to use).
 */
export interface OpenerAnswer {
  id: number;
  buffer: ArrayBuffer;
  plain?: number;
}

type Waiting = { resolve: (a: OpenerAnswer) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, Waiting>();

function start(): Worker {
  const w = new Worker(new URL('./openerThread.js', import.meta.url));
  w.unref(); // idle, it keeps no process alive (held while runs wait: see openOffThread)
  w.on('message', (a: OpenerAnswer) => {
    const p = waiting.get(a.id);
    waiting.delete(a.id);
    if (waiting.size === 0) w.unref();
    p?.resolve(a);
  });
  const died = (e: Error) => {
    if (worker === w) worker = undefined;
    for (const p of waiting.values()) p.reject(e);
    waiting.clear();
  };
  w.on('error', died);
  w.on('exit', (code) => died(new Error(`the opener thread stopped (exit code ${code})`)));
  return w;
}

/**
 * Opens the run in `buffer` (its first `length` bytes: segments `first`.. of `segment` bytes each and their
 * tags; `final` is the blob's last segment's index) in place: the buffer comes back holding the plaintext
 * from its start, and its length (none when a segment fails its tag). The buffer is transferred to the thread
 * and back: the caller must not touch it meanwhile.
 */
export async function openOffThread(
  key: Buffer,
  first: number,
  final: number,
  segment: number,
  buffer: ArrayBuffer,
  length: number,
): Promise<OpenerAnswer> {
  const w = (worker ??= start());
  const id = nextId++;
  const answer = new Promise<OpenerAnswer>((resolve, reject) => waiting.set(id, { resolve, reject }));
  if (waiting.size === 1) w.ref();
  // The key in its own 32 bytes: a Buffer's whole ArrayBuffer (a shared pool, perhaps) would be cloned.
  const request: OpenerRequest = { id, key: new Uint8Array(key), first, final, segment, buffer, length };
  w.postMessage(request, [buffer]);
  return answer;
}
