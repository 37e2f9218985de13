/**
 * S3's entry point (REST-XML). Until the S3 operations land, every S3 request is answered with S3's
 * NotImplemented error in S3's shape.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServiceError } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import type { Exchange } from '../../server/exchange.js';
import { sendS3Error } from '../../protocol/restxml/errors.js';

export async function handleS3(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> {
  ex.service = 's3';
  req.resume();
  sendS3Error(deps, res, ex, new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501));
}
