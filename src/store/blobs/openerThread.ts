/**
 * The opener thread (opener.ts starts it): opens runs of sealed segments off the event loop. Each message
 * brings a run's ciphertext (its buffer transferred, not copied) and the blob's data key; the answer gives
 * the buffer back with the run's plaintext in one new buffer, transferred too: the event loop then handles
 * one buffer a run, not the cipher's 64 KiB pieces, and frees one. A run whose segment fails its tag
 * answers without plaintext.
 */
import { parentPort } from 'node:worker_threads';
import { openRun, type OpenerAnswer, type OpenerRequest } from './sealed.js';

const port = parentPort!;

port.on('message', (r: OpenerRequest) => {
  let answer: OpenerAnswer;
  try {
    const segments = openRun(r.key, r.first, r.final, r.segment, Buffer.from(r.buffer, 0, r.length));
    const plain = Buffer.allocUnsafeSlow(segments.reduce((n, pieces) => pieces.reduce((m, p) => m + p.length, n), 0));
    let at = 0;
    for (const pieces of segments) for (const p of pieces) at += p.copy(plain, at);
    answer = { id: r.id, buffer: r.buffer, plain: plain.buffer as ArrayBuffer };
    port.postMessage(answer, [r.buffer, answer.plain!]);
  } catch {
    answer = { id: r.id, buffer: r.buffer };
    port.postMessage(answer, [r.buffer]);
  }
});
