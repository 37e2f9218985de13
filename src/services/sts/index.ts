/** STS's operations: one file each under operations/. */
import type { AnyOperation } from '../operation.js';
import AssumeRole from './operations/AssumeRole.js';
import AssumeRoleWithSAML from './operations/AssumeRoleWithSAML.js';
import AssumeRoleWithWebIdentity from './operations/AssumeRoleWithWebIdentity.js';
import DecodeAuthorizationMessage from './operations/DecodeAuthorizationMessage.js';
import GetAccessKeyInfo from './operations/GetAccessKeyInfo.js';
import GetCallerIdentity from './operations/GetCallerIdentity.js';
import GetFederationToken from './operations/GetFederationToken.js';
import GetSessionToken from './operations/GetSessionToken.js';

export const stsOperations: AnyOperation[] = [
  GetCallerIdentity,
  GetSessionToken,
  AssumeRole,
  AssumeRoleWithSAML,
  AssumeRoleWithWebIdentity,
  GetFederationToken,
  GetAccessKeyInfo,
  DecodeAuthorizationMessage,
];
