/**
 * The opener thread (opener.ts starts it): opens runs of sealed segments off the event loop. Each message
 * brings a run's ciphertext (its buffer transferred, not copied) and the blob's data key; the answer gives
 * the buffer back, transferred too, with the run's plaintext written over its ciphertext from its start
 * (openRunInPlace). A run whose segment fails its tag answers without a plaintext length.
 */
import { parentPort } from 'node:worker_threads';
import type { OpenerAnswer, OpenerRequest } from './opener.js';
import { openRunInPlace } from './sealed.js';

const port = parentPort!;

port.on('message', (r: OpenerRequest) => {
  const answer: OpenerAnswer = { id: r.id, buffer: r.buffer };
  try {
    answer.plain = openRunInPlace(r.key, r.first, r.final, r.segment, Buffer.from(r.buffer, 0, r.length));
  } catch {
    // The buffer holds a mix of plaintext and ciphertext: no length, nothing of it is used.
  }
  port.postMessage(answer, [r.buffer]);
});
