/**
 * The sign-in federation endpoints: AWS's per partition, or a Tessera server's /_signin/federation when
 * the STS endpoint is not AWS's. getSigninToken with the session's keys, then the login URL.
 */
import { CliError, ExitCode } from './exitCodes.js';
import type { Creds, Target } from './sts.js';

export interface SigninEndpoints {
  federation: string;
  console: string;
  tessera: boolean;
}

export function partitionEndpoints(region: string): SigninEndpoints {
  if (region.startsWith('us-gov-')) return { federation: 'https://signin.amazonaws-us-gov.com/federation', console: 'https://console.amazonaws-us-gov.com/', tessera: false };
  if (region.startsWith('cn-')) return { federation: 'https://signin.amazonaws.cn/federation', console: 'https://console.amazonaws.cn/', tessera: false };
  return { federation: 'https://signin.aws.amazon.com/federation', console: 'https://console.aws.amazon.com/', tessera: false };
}

/** True for AWS's own endpoints (amazonaws.com, amazonaws.com.cn, api.aws). */
export function isAwsEndpoint(url: string): boolean {
  const host = new URL(url).hostname;
  return /(^|\.)amazonaws\.com(\.cn)?$/.test(host) || /(^|\.)api\.aws$/.test(host) || /(^|\.)amazonaws-us-gov\.com$/.test(host);
}

export function signinEndpoints(target: Target, federationUrl?: string): SigninEndpoints {
  if (federationUrl) {
    const u = new URL(federationUrl);
    const tessera = u.pathname.startsWith('/_signin/');
    return { federation: federationUrl, console: tessera ? `${u.origin}/_console/` : partitionEndpoints(target.region).console, tessera };
  }
  if (target.endpoint && !isAwsEndpoint(target.endpoint)) {
    const base = target.endpoint.replace(/\/+$/, '');
    return { federation: `${base}/_signin/federation`, console: `${base}/_console/`, tessera: true };
  }
  return partitionEndpoints(target.region);
}

export async function getSigninToken(ep: SigninEndpoints, creds: Creds, sessionDuration?: number): Promise<string> {
  const params = new URLSearchParams({
    Action: 'getSigninToken',
    ...(sessionDuration ? { SessionDuration: String(sessionDuration) } : {}),
    Session: JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken ?? '' }),
  });
  // Tessera takes the session in a POST body (kept out of request logs); AWS's documented form is GET.
  const res = ep.tessera
    ? await fetch(ep.federation, { method: 'POST', body: params, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    : await fetch(`${ep.federation}?${params.toString()}`);
  const text = await res.text();
  if (res.status !== 200) throw new CliError(ExitCode.service, `the sign-in endpoint refused the session (HTTP ${res.status}): ${text.slice(0, 500)}`);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (typeof token !== 'string' || token === '') throw new CliError(ExitCode.service, 'the sign-in endpoint answered without a SigninToken');
  return token;
}

export function loginUrl(ep: SigninEndpoints, token: string, destination: string, issuer?: string): string {
  const q = new URLSearchParams({ Action: 'login', ...(issuer ? { Issuer: issuer } : {}), Destination: destination, SigninToken: token });
  return `${ep.federation}?${q.toString()}`;
}
