/** IAM's operations: one file each under operations/. */
import type { QueryOperation } from '../operation.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const iamOperations: QueryOperation<any, any>[] = [];
