/**
 * The shapes credentials leave in: shell variable assignments for each shell, and the AWS
 * credential_process JSON (Version 1). Only these go to stdout.
 */
import type { Resolved } from './credentials.js';
import { usageError } from './exitCodes.js';

export const FORMATS = ['env', 'env-no-export', 'powershell', 'windows-cmd', 'fish', 'process'] as const;
export type Format = (typeof FORMATS)[number];

export function checkFormat(f: string): Format {
  if (!(FORMATS as readonly string[]).includes(f)) throw usageError(`--format must be one of ${FORMATS.join(', ')}`);
  return f as Format;
}

/**
 * The variables a child process (or a shell) gets: keys, expiry, region, and the STS endpoint the
 * credentials came from as AWS_ENDPOINT_URL_STS (the child's STS calls go where its session is known).
 * AWS_ENDPOINT_URL, every other service's endpoint, is the user's: never overwritten, and set only when the
 * user has none and the endpoint was given for every service (the profile's endpoint_url, --endpoint-url) —
 * not when it came from AWS_ENDPOINT_URL_STS, an endpoint for STS alone.
 */
export function credentialVariables(r: Resolved): Record<string, string> {
  const v: Record<string, string> = {
    AWS_ACCESS_KEY_ID: r.creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: r.creds.secretAccessKey,
  };
  if (r.creds.sessionToken) v.AWS_SESSION_TOKEN = r.creds.sessionToken;
  if (r.creds.expiration) v.AWS_CREDENTIAL_EXPIRATION = r.creds.expiration.toISOString();
  v.AWS_REGION = r.target.region;
  v.AWS_DEFAULT_REGION = r.target.region;
  if (r.target.endpoint) {
    v.AWS_ENDPOINT_URL_STS = r.target.endpoint;
    if (!process.env.AWS_ENDPOINT_URL && r.target.endpointFrom !== 'env-sts' && r.target.endpointFrom !== 'env') v.AWS_ENDPOINT_URL = r.target.endpoint;
  }
  return v;
}

/** The AWS credential_process output (https://docs.aws.amazon.com/cli/latest/topic/config-vars.html). */
export function processJson(r: Resolved): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: r.creds.accessKeyId,
    SecretAccessKey: r.creds.secretAccessKey,
    ...(r.creds.sessionToken ? { SessionToken: r.creds.sessionToken } : {}),
    ...(r.creds.expiration ? { Expiration: r.creds.expiration.toISOString() } : {}),
  }, null, 2);
}

const posix = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const powershell = (s: string) => `'${s.replace(/'/g, "''")}'`;
const fish = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function render(r: Resolved, format: Format): string {
  if (format === 'process') return `${processJson(r)}\n`;
  const vars = Object.entries(credentialVariables(r));
  // Variables a previous export may have left behind that no longer apply.
  const stale = ['AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_PROFILE'].filter((k) => !vars.some(([n]) => n === k));
  const lines: string[] = [];
  switch (format) {
    case 'env':
      for (const [k, v] of vars) lines.push(`export ${k}=${posix(v)}`);
      for (const k of stale) lines.push(`unset ${k}`);
      break;
    case 'env-no-export':
      for (const [k, v] of vars) lines.push(`${k}=${posix(v)}`);
      break;
    case 'powershell':
      for (const [k, v] of vars) lines.push(`$Env:${k}=${powershell(v)}`);
      for (const k of stale) lines.push(`Remove-Item Env:${k} -ErrorAction SilentlyContinue`);
      break;
    case 'windows-cmd':
      for (const [k, v] of vars) lines.push(`set ${k}=${v}`);
      for (const k of stale) lines.push(`set ${k}=`);
      break;
    case 'fish':
      for (const [k, v] of vars) lines.push(`set -gx ${k} ${fish(v)};`);
      for (const k of stale) lines.push(`set -e ${k};`);
      break;
  }
  return `${lines.join('\n')}\n`;
}
