/**
 * STS clients for a profile: region and endpoint resolved as the AWS CLI does (command line, then
 * AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL and AWS_REGION / AWS_DEFAULT_REGION, then the profile), so one
 * code path serves AWS and a Tessera server (whose endpoint_url points at it).
 */
import { STSClient } from '@aws-sdk/client-sts';
import { isSdkServiceError, serviceError, toCliError, errorCode } from './exitCodes.js';
import type { Profile } from './profiles.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface Target {
  region: string;
  endpoint?: string;
  /**
   * Where the endpoint came from: --endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL or the profile's
   * endpoint_url. Only the last two (and the flag) name an endpoint for every service; what a child process
   * is given depends on it (outputs.ts).
   */
  endpointFrom?: 'flag' | 'env-sts' | 'env' | 'profile';
}

export interface TargetOverrides {
  region?: string;
  endpointUrl?: string;
}

export function targetOf(profiles: (Profile | undefined)[], o: TargetOverrides = {}): Target {
  const pick = (key: 'region' | 'endpoint_url') => profiles.map((p) => p?.[key]).find((v) => v !== undefined && v !== '');
  const region = o.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || pick('region') || 'us-east-1';
  const candidates: [Target['endpointFrom'], string | undefined][] = [
    ['flag', o.endpointUrl],
    ['env-sts', process.env.AWS_ENDPOINT_URL_STS],
    ['env', process.env.AWS_ENDPOINT_URL],
    ['profile', pick('endpoint_url')],
  ];
  const found = candidates.find(([, v]) => v);
  return found ? { region, endpoint: found[1]!, endpointFrom: found[0] } : { region };
}

const QUIET = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
let quietedByUs = false;

/** The SDK's Node-version notice is not the user's business on a credential helper's stderr. */
function quietSdk(): void {
  if (process.env[QUIET] === undefined) {
    process.env[QUIET] = 'true';
    quietedByUs = true;
  }
}

/** The environment as the user gave it (for children): without the variable set here. */
export function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (quietedByUs) delete env[QUIET];
  return env;
}

export function stsClient(target: Target, credentials?: Creds): STSClient {
  quietSdk();
  return new STSClient({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(credentials ? { credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}) } } : {}),
    maxAttempts: 2,
  });
}

/** Runs one STS call; a service refusal becomes the AWS CLI's message and exit code 254. */
export async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isSdkServiceError(e)) throw serviceError(e, operation);
    throw toCliError(e, operation);
  }
}

/** True for the refusals that mean "these temporary credentials no longer work". */
export function isDeadCredentials(e: unknown): boolean {
  if (!isSdkServiceError(e)) return false;
  const code = errorCode(e);
  return code === 'ExpiredToken' || code === 'InvalidClientTokenId' || code === 'InvalidToken' || code === 'RequestExpired';
}

export function credsOf(c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined): Creds & { sessionToken: string; expiration: Date } {
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) throw new Error('STS returned no credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}
