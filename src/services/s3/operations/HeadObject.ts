import { defineS3Operation } from '../operation.js';
import { authorizeGet, decodeGet, serveObject } from './GetObject.js';

/** HEAD /bucket/key: GetObject's headers, no body (s3:GetObject). */
export const HeadObject = defineS3Operation({
  name: 'HeadObject',
  decode: decodeGet,
  authorize: authorizeGet,
  handle: serveObject,
});
