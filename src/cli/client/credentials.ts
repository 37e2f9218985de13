/**
 * Credential resolution for a profile, the heart of the client:
 *
 *  - keys + mfa_serial: an MFA session (GetSessionToken), cached and reused until a few minutes before it
 *    expires;
 *  - role_arn + source_profile: AssumeRole with the source's credentials; when an MFA serial applies, the
 *    source is the cached MFA session (the MFA context carries into the role), so every role of a profile
 *    shares ONE MFA prompt per session. Role sessions are cached too;
 *  - a source that is itself a role is role chaining: the user is told before the hop that AWS caps the
 *    session at one hour, and the request asks for no more;
 *  - keys alone: long-term credentials; credential_source = Environment: the AWS_* variables;
 *  - noSession (aws-vault's --no-session): no GetSessionToken. Keys are used as they are; a role is assumed
 *    straight from the keys, the MFA code (if any) given to AssumeRole itself.
 *
 * An MFA code comes from --token-code, the profile's mfa_process, a stored seed or the terminal (mfaCode.ts).
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { cacheId, isFresh, readSession, removeSession, writeSession, type CachedSession } from './cache.js';
import { configError, errorCode, isSdkServiceError, serviceError } from './exitCodes.js';
import { obtainCode } from './mfaCode.js';
import type { MfaProcess } from './mfaProcess.js';
import { durationOf, findProfile, getProfile, profileName, type Profile } from './profiles.js';
import { call, credsOf, isDeadCredentials, stsClient, targetOf, type Creds, type Target, type TargetOverrides } from './sts.js';

export const CHAINED_MAX_SECONDS = 3600;

export type CredKind = 'long-term' | 'session' | 'role' | 'temporary';

export interface Resolved {
  creds: Creds;
  kind: CredKind;
  profile?: string;
  target: Target;
  mfaAuthTime?: Date;
  chained?: boolean;
  fromCache: boolean;
  roleArn?: string;
  cacheId?: string;
}

export interface ResolveOptions {
  tokenCode?: string;
  /** The last hop's duration (the role session's, or the MFA session's for an MFA profile). */
  duration?: number;
  /** Skip the cache for the last hop. */
  refresh?: boolean;
  overrides?: TargetOverrides;
  /** Notes for the user (stderr); never secrets. */
  note?: (message: string) => void;
  /** Why a new MFA session is being started (shown with the prompt or the refusal). */
  reason?: string;
  /** Never start an MFA session (GetSessionToken): long-term keys as they are, roles assumed from them. */
  noSession?: boolean;
}

/** The mfa_process of the nearest profile that sets one. */
export function mfaProcessOf(...profiles: (Profile | undefined)[]): MfaProcess | undefined {
  const p = profiles.find((x) => x?.mfa_process);
  return p ? { command: p.mfa_process!, profile: p.name } : undefined;
}

const note = (o: ResolveOptions, m: string) => (o.note ?? ((x: string) => process.stderr.write(`tessera: ${x}\n`)))(m);

function keysOf(p: Profile): Creds | undefined {
  if (!p.aws_access_key_id || !p.aws_secret_access_key) return undefined;
  return { accessKeyId: p.aws_access_key_id, secretAccessKey: p.aws_secret_access_key, ...(p.aws_session_token ? { sessionToken: p.aws_session_token } : {}) };
}

function envCreds(): Creds | undefined {
  const id = process.env.AWS_ACCESS_KEY_ID;
  const secret = process.env.AWS_SECRET_ACCESS_KEY;
  if (!id || !secret) return undefined;
  const exp = process.env.AWS_CREDENTIAL_EXPIRATION;
  return { accessKeyId: id, secretAccessKey: secret, ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}), ...(exp ? { expiration: new Date(exp) } : {}) };
}

function fromEntry(e: CachedSession, id: string, target: Target): Resolved {
  return {
    creds: { accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey, sessionToken: e.sessionToken, expiration: new Date(e.expiration) },
    kind: e.kind,
    profile: e.profile,
    target,
    ...(e.mfaAuthTime ? { mfaAuthTime: new Date(e.mfaAuthTime) } : {}),
    ...(e.chained ? { chained: true } : {}),
    ...(e.kind === 'role' ? { roleArn: e.label } : {}),
    fromCache: true,
    cacheId: id,
  };
}

function tampered(profile: string, path: string) {
  return configError(
    `the cached session for profile '${profile}' (${path}) does not decrypt: it was modified, or the key file changed. It was not used; run \`tessera sessions clear --profile ${profile}\` and sign in again`,
  );
}

const isInvalidCode = (e: unknown) => isSdkServiceError(e) && errorCode(e) === 'AccessDenied' && /invalid MFA one time pass code/i.test(e.message);

/**
 * Sends a request that carries an MFA code. A stored seed's code may have been spent elsewhere (another
 * tool, the device's enabling): up to two retries with later steps' codes (servers accept a code once, and
 * at most one step ahead).
 */
async function withMfaCode<T>(serial: string, operation: string, o: ResolveOptions & { mfaProcess?: MfaProcess | undefined; why?: string | undefined }, send: (code: string) => Promise<T>): Promise<T> {
  let code = await obtainCode(serial, { ...(o.tokenCode ? { tokenCode: o.tokenCode } : {}), ...(o.mfaProcess ? { mfaProcess: o.mfaProcess } : {}), ...(o.why ? { why: o.why } : {}), note: (m) => note(o, m) });
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(code.code);
    } catch (e) {
      if (!(code.source === 'seed' && isInvalidCode(e) && attempt < 2)) throw isSdkServiceError(e) ? serviceError(e, operation) : e;
      code = await obtainCode(serial, { ...(code.step !== undefined ? { after: code.step } : {}), note: (m) => note(o, m) });
    }
  }
}

/** The MFA session of a profile holding long-term keys (GetSessionToken with mfa_serial), cached. */
export async function mfaSession(p: Profile, keys: Creds, serial: string, target: Target, o: ResolveOptions & { sessionDuration?: number; mfaProcess?: MfaProcess | undefined }): Promise<Resolved> {
  const id = cacheId('session', p.name, keys.accessKeyId, serial);
  const cached = readSession(id);
  if (cached.state === 'tampered') throw tampered(p.name, cached.path);
  let why: string | undefined;
  if (cached.state === 'ok') {
    if (!o.refresh && isFresh(cached.entry)) return fromEntry(cached.entry, id, target);
    why = Date.parse(cached.entry.expiration) <= Date.now() ? `The cached MFA session of profile '${p.name}' expired at ${cached.entry.expiration}` : undefined;
  }
  why = o.reason ?? why;
  const sts = stsClient(target, keys);
  const duration = o.sessionDuration;
  const r = await withMfaCode(serial, 'GetSessionToken', { ...o, why }, (code) => sts.send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code, ...(duration ? { DurationSeconds: duration } : {}) })));
  const c = credsOf(r.Credentials);
  const now = new Date();
  writeSession(id, {
    kind: 'session',
    profile: p.name,
    label: serial,
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    expiration: c.expiration.toISOString(),
    issuedAt: now.toISOString(),
    mfaAuthTime: now.toISOString(),
  });
  note(o, `MFA session for profile '${p.name}' valid until ${c.expiration.toISOString()} (cached)`);
  return { creds: c, kind: 'session', profile: p.name, target, mfaAuthTime: now, fromCache: false, cacheId: id };
}

export function chainWarning(role: string, sourceDesc: string, requested: number | undefined): string {
  const lowered = requested !== undefined && requested > CHAINED_MAX_SECONDS ? ` (the ${requested} s asked for is lowered to ${CHAINED_MAX_SECONDS} s)` : '';
  return (
    `assuming ${role} with the credentials of ${sourceDesc} is role chaining: AWS caps a chained role session at one hour` +
    `, whatever the role's MaxSessionDuration, so that a role session cannot renew itself past its source's lifetime by assuming roles` +
    ` in turn. This session will last at most ${CHAINED_MAX_SECONDS} s${lowered}; to get longer sessions, assume the role from user credentials (or an MFA session) instead.`
  );
}

/** The credentials a role profile assumes the role with. */
async function roleSource(p: Profile, o: ResolveOptions, depth: number): Promise<{ base: Resolved; chained: boolean; source?: Profile; mfa?: { serial: string; mfaProcess?: MfaProcess | undefined } }> {
  if (p.source_profile) {
    if (p.source_profile === p.name && !keysOf(p)) throw configError(`profile ${p.name}: source_profile names itself but holds no keys`);
    const sp = p.source_profile === p.name ? p : await getProfile(p.source_profile);
    if (sp.role_arn && sp !== p) {
      const base = await resolveRoleProfile(sp, { ...o, duration: undefined, refresh: false }, depth + 1);
      return { base, chained: true, source: sp };
    }
    const keys = keysOf(sp);
    if (!keys) throw configError(`profile ${p.name}: its source_profile ${sp.name} has no aws_access_key_id / aws_secret_access_key`);
    const target = targetOf(await lineage(p), o.overrides);
    const serial = p.mfa_serial || sp.mfa_serial;
    if (keys.sessionToken) return { base: { creds: keys, kind: 'temporary', profile: sp.name, target, fromCache: false }, chained: false, source: sp };
    const mfaProcess = mfaProcessOf(p, sp);
    const longTerm: Resolved = { creds: keys, kind: 'long-term', profile: sp.name, target, fromCache: false };
    if (serial && o.noSession) return { base: longTerm, chained: false, source: sp, mfa: { serial, mfaProcess } };
    if (serial) return { base: await mfaSession(sp, keys, serial, target, { ...o, duration: undefined, refresh: false, sessionDuration: undefined, mfaProcess }), chained: false, source: sp };
    return { base: longTerm, chained: false, source: sp };
  }
  if (p.credential_source === 'Environment') {
    const creds = envCreds();
    if (!creds) throw configError(`profile ${p.name}: credential_source = Environment, but AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set`);
    const target = targetOf([p], o.overrides);
    return { base: { creds, kind: creds.sessionToken ? 'temporary' : 'long-term', target, fromCache: false }, chained: creds.sessionToken ? await isRoleSession(creds, target) : false };
  }
  if (p.credential_source) throw configError(`profile ${p.name}: credential_source = ${p.credential_source} is not supported by tessera (use source_profile or Environment)`);
  throw configError(`profile ${p.name}: role_arn needs source_profile or credential_source`);
}

/** A profile and its source profiles, nearest first: region and endpoint_url come from the first that sets them. */
async function lineage(p: Profile): Promise<Profile[]> {
  const out = [p];
  let cur = p;
  while (cur.source_profile && cur.source_profile !== cur.name && out.length < 10) {
    const next = await findProfile(cur.source_profile);
    if (!next || out.some((x) => x.name === next.name)) break;
    out.push(next);
    cur = next;
  }
  return out;
}

async function isRoleSession(creds: Creds, target: Target): Promise<boolean> {
  try {
    const who = await stsClient(target, creds).send(new GetCallerIdentityCommand({}));
    return /:assumed-role\//.test(who.Arn ?? '');
  } catch {
    return false;
  }
}

export async function resolveRoleProfile(p: Profile, o: ResolveOptions, depth = 0): Promise<Resolved> {
  if (depth > 8) throw configError(`profile ${p.name}: source_profile chain is too long or loops`);
  const roleArn = p.role_arn!;
  const id = cacheId('role', p.name, p.source_profile ?? `credential_source:${p.credential_source ?? ''}`, roleArn);
  const cached = readSession(id);
  if (cached.state === 'tampered') throw tampered(p.name, cached.path);
  const src = await (async () => {
    if (cached.state === 'ok' && !o.refresh && isFresh(cached.entry)) return undefined;
    return roleSource(p, o, depth);
  })();
  const target = targetOf(await lineage(p), o.overrides);
  if (!src && cached.state === 'ok') return fromEntry(cached.entry, id, target);
  const { base, chained, mfa } = src!;

  let duration = o.duration ?? durationOf(p);
  if (chained) {
    const sourceDesc = base.roleArn ? `role session ${base.roleArn}${base.profile ? ` (profile ${base.profile})` : ''}` : 'a role session (from the environment)';
    note(o, chainWarning(roleArn, sourceDesc, duration));
    if (duration === undefined || duration > CHAINED_MAX_SECONDS) duration = CHAINED_MAX_SECONDS;
  }
  const sessionName = p.role_session_name || `tessera-${Date.now()}`;
  const input = { RoleArn: roleArn, RoleSessionName: sessionName, ...(p.external_id ? { ExternalId: p.external_id } : {}), ...(duration ? { DurationSeconds: duration } : {}) };
  let r;
  try {
    r = mfa
      ? await withMfaCode(mfa.serial, 'AssumeRole', { ...o, mfaProcess: mfa.mfaProcess }, (code) => stsClient(target, base.creds).send(new AssumeRoleCommand({ ...input, SerialNumber: mfa.serial, TokenCode: code })))
      : await stsClient(target, base.creds).send(new AssumeRoleCommand(input));
  } catch (e) {
    if (!(base.fromCache && base.cacheId && isDeadCredentials(e))) throw isSdkServiceError(e) ? serviceError(e, 'AssumeRole') : e;
    // The cached source session was revoked or has expired by the server's clock: drop it and renew once.
    removeSession(base.cacheId);
    note(o, `the cached session behind profile '${p.name}' was refused (${errorCode(e as never)}); renewing it`);
    const again = await roleSource(p, o, depth);
    r = await call('AssumeRole', () => stsClient(target, again.base.creds).send(new AssumeRoleCommand(input)));
  }
  const c = credsOf(r.Credentials);
  const entry: CachedSession = {
    kind: 'role',
    profile: p.name,
    label: roleArn,
    accessKeyId: c.accessKeyId,
    secretAccessKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    expiration: c.expiration.toISOString(),
    issuedAt: new Date().toISOString(),
    ...(base.mfaAuthTime ? { mfaAuthTime: base.mfaAuthTime.toISOString() } : mfa ? { mfaAuthTime: new Date().toISOString() } : {}),
    ...(chained ? { chained: true } : {}),
    ...(r.AssumedRoleUser?.Arn ? { arn: r.AssumedRoleUser.Arn } : {}),
  };
  if (!p.name.startsWith('arn:')) writeSession(id, entry);
  return fromEntry(entry, id, target);
}

/** Resolves a named profile. */
export async function resolveProfile(name: string, o: ResolveOptions = {}): Promise<Resolved> {
  const p = await getProfile(name);
  if (p.role_arn) return resolveRoleProfile(p, o);
  const keys = keysOf(p);
  const target = targetOf([p], o.overrides);
  if (keys) {
    if (keys.sessionToken) return { creds: keys, kind: 'temporary', profile: p.name, target, fromCache: false };
    if (p.mfa_serial && !o.noSession) return mfaSession(p, keys, p.mfa_serial, target, { ...o, ...(o.duration ? { sessionDuration: o.duration } : {}), mfaProcess: mfaProcessOf(p) });
    return { creds: keys, kind: 'long-term', profile: p.name, target, fromCache: false };
  }
  if (p.credential_process) {
    throw configError(`profile ${p.name} gets its credentials from credential_process; name the profile that holds the keys or the role (the one credential_process points at)`);
  }
  throw configError(`profile ${p.name} has no credentials: set aws_access_key_id and aws_secret_access_key, or role_arn with source_profile`);
}

/** The "current" credentials: the named profile, else AWS_* variables, else AWS_PROFILE / default. */
export async function resolveCurrent(explicitProfile: string | undefined, o: ResolveOptions = {}): Promise<Resolved> {
  if (!explicitProfile) {
    const env = envCreds();
    if (env) return { creds: env, kind: env.sessionToken ? 'temporary' : 'long-term', target: targetOf([], o.overrides), fromCache: false };
  }
  const name = profileName(explicitProfile);
  try {
    return await resolveProfile(name, o);
  } catch (e) {
    if (!explicitProfile && e instanceof Error && /could not be found/.test(e.message)) {
      throw configError('Unable to locate credentials. You can configure credentials by running "aws configure".');
    }
    throw e;
  }
}

/** A role ARN given on the command line, assumed from a profile (or the environment's credentials). */
export async function resolveRoleArn(roleArn: string, from: string | undefined, extra: { mfaSerial?: string; externalId?: string; sessionName?: string }, o: ResolveOptions): Promise<Resolved> {
  const useEnv = !from && !!envCreds();
  const sourceName = useEnv ? undefined : profileName(from);
  const source = sourceName ? await getProfile(sourceName) : undefined;
  const p: Profile = {
    name: roleArn,
    role_arn: roleArn,
    ...(sourceName ? { source_profile: sourceName } : { credential_source: 'Environment' }),
    ...(extra.mfaSerial || source?.mfa_serial ? { mfa_serial: extra.mfaSerial || source?.mfa_serial } : {}),
    ...(extra.externalId ? { external_id: extra.externalId } : {}),
    ...(extra.sessionName ? { role_session_name: extra.sessionName } : {}),
    ...(source?.region ? { region: source.region } : {}),
    ...(source?.endpoint_url ? { endpoint_url: source.endpoint_url } : {}),
  };
  return resolveRoleProfile(p, o);
}
