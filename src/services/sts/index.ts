/** STS's operations: one file each under operations/. */
import type { QueryOperation } from '../operation.js';
import GetCallerIdentity from './operations/GetCallerIdentity.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stsOperations: QueryOperation<any, any>[] = [GetCallerIdentity];
