/** STS's operations: one file each under operations/. */
import type { QueryOperation } from '../operation.js';
import GetAccessKeyInfo from './operations/GetAccessKeyInfo.js';
import GetCallerIdentity from './operations/GetCallerIdentity.js';
import GetSessionToken from './operations/GetSessionToken.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const stsOperations: QueryOperation<any, any>[] = [GetCallerIdentity, GetSessionToken, GetAccessKeyInfo];
