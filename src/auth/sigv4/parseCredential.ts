import type { ServiceError } from '../../core/errors.js';
import { Errors } from '../../core/errors.js';
import { AuthErrors } from './errors.js';
import type { SigningDialect } from './types.js';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/**
 * Splits AKID/yyyymmdd/region/service/aws4_request. Malformed credentials raise IncompleteSignature
 * (IAM/STS) or AuthorizationHeaderMalformed / AuthorizationQueryParametersError (S3).
 */
export function parseCredential(value: string, dialect: SigningDialect, form: 'header' | 'query'): CredentialScope {
  const parts = value.split('/');
  const fail = (queryMsg: string, s3Msg: string): ServiceError =>
    dialect === 's3'
      ? form === 'header'
        ? AuthErrors.authorizationHeaderMalformed(s3Msg)
        : AuthErrors.authorizationQueryParametersError(
            'Error parsing the X-Amz-Credential parameter; ' + s3Msg.replace(/^the /, ''),
          )
      : Errors.incompleteSignature(queryMsg);
  const malformed = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
  if (parts.length !== 5) throw fail('Credential should be scoped to a valid region.', malformed);
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  if (accessKeyId === '')
    throw fail(
      'Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got \'' + value + "'",
      'a non-empty Access Key (AKID) must be provided in the credential.',
    );
  if (!/^\d{8}$/.test(date)) throw fail("Date must be in ISO-8601 'basic format'. Got '" + date + "'.", malformed);
  if (region === '') throw fail('Credential should be scoped to a valid region.', malformed);
  if (service === '') throw fail('Credential should be scoped to correct service.', malformed);
  if (terminator !== 'aws4_request')
    throw fail(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'.`,
      `incorrect terminal "${terminator}". This endpoint uses "aws4_request".`,
    );
  return { accessKeyId, date, region, service };
}
