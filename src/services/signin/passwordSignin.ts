/**
 * Console sign-in without a federation broker, at /_console/signin (the page) and POST /_console/api/signin:
 *
 *  - IAM users: account (12-digit id or alias) + user name + the password of the user's login profile
 *    (scrypt hash sealed with the key ring), then the MFA code when the user has an enabled MFA device.
 *  - The account root: Tessera does not model a root e-mail address or password, so root signs in with the
 *    account's root access key id and secret access key (and its MFA code when root has a device).
 *
 * Success starts a console session of 12 hours whose credentials carry aws:MultiFactorAuthPresent (true
 * when the code was given) like any temporary credentials. Failures all read the same. Every check spends
 * the shared authentication throttle (auth/throttle.ts): the password per resolved account + user name, the
 * root secret per account, the code per MFA device (the budget GetSessionToken and AssumeRole spend too).
 * A locked key answers 429 with the seconds left, before anything is checked.
 */
import { safeEqual } from '../../auth/sigv4/safeEqual.js';
import { beginAttempt, ThrottledError, throttleKeys } from '../../auth/throttle.js';
import { Credentials } from '../../auth/credentials.js';
import type { SessionInfo } from '../../auth/caller.js';
import { rootArn } from '../../core/arn.js';
import { isServiceError } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import type { Exchange } from '../../server/exchange.js';
import { checkSealedPassword, rowArn, verifyMfaCode } from '../iam/api.js';
import { sealSession, type SessionPrincipal } from '../sts/api.js';
import { startConsoleSession, type ConsoleCredentials, type StartedSession } from './consoleSession.js';

export const CONSOLE_SIGNIN_SECONDS = 12 * 3600;
const BAD = 'Your authentication information is incorrect. Please try again.';
/** The lifetime of the credentials that only change the password of a user who must reset it. */
const PASSWORD_CHANGE_SECONDS = 300;

export interface SigninInput {
  kind: 'user' | 'root';
  account?: string;
  userName?: string;
  password?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  mfaCode?: string;
  /** The new password, when the user's login profile requires a reset (PasswordResetRequired). */
  newPassword?: string;
}

/**
 * Changes the password as the user (iam:ChangePassword, a signed request through the API pipeline, so the
 * account password policy and the user's permissions apply); answers AWS's error, or undefined on success.
 */
export type ChangePasswordAs = (creds: ConsoleCredentials, oldPassword: string, newPassword: string) => Promise<{ code: string; message: string } | undefined>;

export type SigninOutcome =
  | { ok: true; started: StartedSession; arn: string }
  | { ok: false; status: number; message: string; mfaRequired?: boolean; retryAfterSeconds?: number; passwordResetRequired?: boolean; code?: string };

type Refusal = Extract<SigninOutcome, { ok: false }>;

interface FirstFactor {
  principal: SessionPrincipal;
  mfa?: { serial: string; root?: boolean; userName?: string };
  resetRequired?: boolean;
}

const bad = (): Refusal => ({ ok: false, status: 401, message: BAD });

/** The key (or MFA device) is locked: nothing was checked. */
const throttled = (retryAfterSeconds: number, mfaRequired = false): Refusal => ({
  ok: false,
  status: 429,
  message: `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
  mfaRequired,
  retryAfterSeconds,
});

/** The account named by a 12-digit id or an alias (aliases are lower case; any spelling resolves). */
async function resolveAccount(deps: Deps, text: string | undefined): Promise<string | undefined> {
  const t = (text ?? '').trim().toLowerCase();
  if (/^\d{12}$/.test(t)) {
    const a = await deps.store.repos.accounts.get(t);
    return a?.id;
  }
  if (!/^[a-z0-9-]{3,63}$/.test(t)) return undefined;
  return deps.store.repos.signinLookups.accountIdByAlias(t);
}

async function mfaSerialOf(deps: Deps, accountId: string, ownerId: string): Promise<string | undefined> {
  return deps.store.repos.signinLookups.enabledMfaSerial(accountId, ownerId);
}

/** An IAM user's password, throttled per resolved account + user name (id, alias and spellings alike). */
async function userPassword(deps: Deps, input: SigninInput, now: number, facts: SigninFacts): Promise<FirstFactor | Refusal> {
  const accountId = await resolveAccount(deps, input.account);
  facts.accountId = accountId;
  const attempt = await beginAttempt(deps.store, throttleKeys.userSignin(accountId, input.account, input.userName), now);
  if (!attempt.allowed) return throttled(attempt.retryAfterSeconds);
  const user = accountId && input.userName ? await deps.store.repos.entities.get(accountId, 'user', input.userName) : undefined;
  if (user) facts.user = { id: user.id, name: user.name, arn: rowArn(user) };
  const profile = user
    ? await deps.store.repos.signinLookups.loginProfile(user.id)
    : undefined;
  const passwordOk = await checkSealedPassword(deps.keyring, user?.id, input.password ?? '', profile?.password_hash);
  if (!accountId || !user || !profile || !passwordOk) return bad();
  await attempt.succeeded();
  const serial = await mfaSerialOf(deps, accountId, user.id);
  return {
    principal: { type: 'user', accountId, arn: rowArn(user), userId: user.id, userName: user.name },
    ...(serial ? { mfa: { serial, userName: user.name } } : {}),
    resetRequired: profile.reset_required === 1,
  };
}

/** The account root's access key id + secret, throttled per account. */
async function rootSecret(deps: Deps, input: SigninInput, now: number, facts: SigninFacts): Promise<FirstFactor | Refusal> {
  const id = (input.accessKeyId ?? '').trim();
  const row = /^[A-Z0-9]{16,128}$/.test(id) ? await deps.store.repos.accessKeys.get(id) : undefined;
  const root = row?.principal_type === 'root' ? row : undefined;
  facts.accountId = root?.account_id;
  const attempt = await beginAttempt(deps.store, throttleKeys.rootSignin(root?.account_id, id), now);
  if (!attempt.allowed) return throttled(attempt.retryAfterSeconds);
  const secret = row ? await deps.keyring.decrypt(row.secret_cipher, Credentials.secretAad(id)) : 'x';
  const same = safeEqual(secret, input.secretAccessKey ?? '');
  if (!root || root.status !== 'Active' || !same) return bad();
  await attempt.succeeded();
  const serial = await mfaSerialOf(deps, root.account_id, root.account_id);
  return {
    principal: { type: 'root', accountId: root.account_id, arn: rootArn(root.account_id), userId: root.account_id },
    ...(serial ? { mfa: { serial, root: true } } : {}),
  };
}

/** What the ConsoleLogin record says: the account and user the attempt named, whether MFA was used. */
interface SigninFacts {
  accountId?: string;
  user?: { id: string; name: string; arn: string };
  mfaUsed?: boolean;
}

/**
 * Console sign-in, and its CloudTrail record (ConsoleLogin, success or failure, with
 * additionalEventData.MFAUsed) for the account the attempt named; a prompt for the MFA code is not an attempt.
 */
export async function consoleSignin(deps: Deps, ex: Exchange, input: SigninInput, changePassword?: ChangePasswordAs): Promise<SigninOutcome> {
  const facts: SigninFacts = {};
  const now = deps.clock.now();
  const outcome = await signin(deps, ex, input, facts, now, changePassword);
  const prompt = !outcome.ok && outcome.mfaRequired === true && !input.mfaCode;
  if (deps.audit && facts.accountId && !prompt) recordConsoleLogin(deps, ex, input, facts, outcome, now);
  return outcome;
}

function recordConsoleLogin(deps: Deps, ex: Exchange, input: SigninInput, facts: SigninFacts, outcome: SigninOutcome, now: number) {
  const accountId = facts.accountId!;
  const root = input.kind === 'root';
  const identity: Record<string, unknown> = root
    ? { type: 'Root', principalId: accountId, arn: rootArn(accountId), accountId, accessKeyId: '' }
    : facts.user
      ? { type: 'IAMUser', principalId: facts.user.id, arn: facts.user.arn, accountId, accessKeyId: '', userName: facts.user.name }
      : { type: 'IAMUser', accountId, accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' };
  const userAgent = ex.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1];
  deps.audit!.record({
    service: 'signin',
    name: 'ConsoleLogin',
    caller: root
      ? { type: 'root', accountId, arn: rootArn(accountId), userId: accountId }
      : { type: 'user', accountId, arn: facts.user?.arn ?? '', userId: facts.user?.id ?? '', ...(facts.user ? { userName: facts.user.name } : {}) },
    identity,
    region: 'us-east-1',
    at: now,
    requestId: ex.requestId,
    sourceIp: ex.sourceIp,
    ...(userAgent ? { userAgent } : {}),
    output: { ConsoleLogin: outcome.ok ? 'Success' : 'Failure' },
    ...(outcome.ok ? {} : { error: { code: '', message: 'Failed authentication' } }),
    additionalEventData: { LoginTo: '/_console/', MobileVersion: 'No', MFAUsed: facts.mfaUsed ? 'Yes' : 'No' },
    recipientAccountId: accountId,
  });
}

async function signin(deps: Deps, ex: Exchange, input: SigninInput, facts: SigninFacts, now: number, changePassword?: ChangePasswordAs): Promise<SigninOutcome> {
  const first = input.kind === 'user' ? await userPassword(deps, input, now, facts) : await rootSecret(deps, input, now, facts);
  if ('ok' in first) return first;
  const { principal, mfa, resetRequired } = first;

  // AWS's first sign-in with PasswordResetRequired: no console session until the password is changed. Asked
  // before the MFA code, so the code (single-use) is spent once, with the new password.
  if (resetRequired && (!input.newPassword || !changePassword)) {
    return { ok: false, status: 401, message: 'You must change your password to continue: choose a new password.', passwordResetRequired: true, ...(mfa ? { mfaRequired: true } : {}) };
  }

  let mfaAuthTime: number | undefined;
  if (mfa) {
    facts.mfaUsed = true;
    if (!input.mfaCode) return { ok: false, status: 401, message: 'Enter the code from your MFA device.', mfaRequired: true };
    try {
      ({ authTime: mfaAuthTime } = await verifyMfaCode(deps, {
        accountId: principal.accountId,
        callerUserName: mfa.userName,
        root: mfa.root,
        serialNumber: mfa.serial,
        code: input.mfaCode.trim(),
        now,
      }));
    } catch (e) {
      if (e instanceof ThrottledError) return throttled(e.retryAfterSeconds, true);
      const message = isServiceError(e) ? e.message : BAD;
      return { ok: false, status: 401, message, mfaRequired: true };
    }
  }
  const issuedAt = Math.floor(now / 1000) * 1000;
  if (resetRequired && input.newPassword && changePassword) {
    const brief: SessionInfo = { issuedBy: 'ConsoleSignIn', issuedAt, expiresAt: issuedAt + PASSWORD_CHANGE_SECONDS * 1000, sourceArn: principal.arn };
    if (mfaAuthTime !== undefined) brief.mfaAuthTime = mfaAuthTime;
    const c = sealSession(deps.keyring, principal, brief);
    const refused = await changePassword({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }, input.password ?? '', input.newPassword);
    if (refused) return { ok: false, status: 400, code: refused.code, message: refused.message, passwordResetRequired: true, ...(mfa ? { mfaRequired: true } : {}) };
  }
  const session: SessionInfo = { issuedBy: 'ConsoleSignIn', issuedAt, expiresAt: issuedAt + CONSOLE_SIGNIN_SECONDS * 1000, sourceArn: principal.arn };
  if (mfaAuthTime !== undefined) session.mfaAuthTime = mfaAuthTime;
  const started = await startConsoleSession(deps, ex, { principal, session, expiresAt: session.expiresAt, issuer: undefined });
  if (principal.type === 'user') {
    await deps.store.repos.entities.update(principal.userId, { password_last_used: now });
  }
  return { ok: true, started, arn: principal.arn };
}
