/**
 * Closing a connection whose request body was not read. Closing a socket with unread bytes in its receive
 * buffer makes the kernel send a reset, and the client can lose the answer it was sent (an S3 PUT refused on
 * its headers, a 413). So, as web servers do, the answer is sent, our side is half-closed, and what the client
 * still sends is read and discarded — for at most LINGER_MS or LINGER_BYTES — before the socket is destroyed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

const LINGER_MS = 2_000;
const LINGER_BYTES = 8 * 1024 * 1024;

/** Marks the response as the connection's last; the socket lingers as above once the answer is written. */
export function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  const socket = req.socket as (Socket & { destroySoon?: () => void }) | null;
  // A connection already gone (the client left while the request was being handled) has nothing to linger.
  if (!socket) return;
  // Node ends a `Connection: close` answer with socket.destroySoon(): replace it, for this socket only.
  socket.destroySoon = () => {
    socket.end();
    let seen = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    socket.on('data', (d: Buffer) => {
      seen += d.length;
      if (seen > LINGER_BYTES) socket.destroy();
    });
    socket.once('end', () => socket.destroy());
    socket.once('close', () => clearTimeout(timer));
    req.resume();
    socket.resume();
  };
}
