/**
 * Console sign-in without a federation broker, at /_console/signin (the page) and POST /_console/api/signin:
 *
 *  - IAM users: account (12-digit id or alias) + user name + the password of the user's login profile
 *    (scrypt hash), then the MFA code when the user has an enabled MFA device.
 *  - The account root: Tessera does not model a root e-mail address or password, so root signs in with the
 *    account's root access key id and secret access key (and its MFA code when root has a device).
 *
 * Success starts a console session of 12 hours whose credentials carry aws:MultiFactorAuthPresent (true
 * when the code was given) like any temporary credentials. Failures all read the same, and repeated
 * failures for one name are slowed down.
 */
import { safeEqual } from '../../auth/sigv4/safeEqual.js';
import { Credentials } from '../../auth/credentials.js';
import type { SessionInfo } from '../../auth/caller.js';
import { rootArn } from '../../core/arn.js';
import { isServiceError } from '../../core/errors.js';
import type { Deps } from '../../server/deps.js';
import type { Exchange } from '../../server/exchange.js';
import { getAccessKey } from '../../store/repos/accessKeys.js';
import { getEntity } from '../../store/repos/iamEntities.js';
import { verifyMfaCode } from '../iam/mfa.js';
import { verifyPassword } from '../iam/password.js';
import { rowArn } from '../iam/util.js';
import type { SessionPrincipal } from '../sts/session.js';
import { startConsoleSession, type StartedSession } from './consoleSession.js';

export const CONSOLE_SIGNIN_SECONDS = 12 * 3600;
const BAD = 'Your authentication information is incorrect. Please try again.';
/** A valid scrypt hash of a random password: unknown users cost as much as known ones. */
const DUMMY_HASH = 'scrypt$16384$8$1$DITH/V42KB8HdiKu7gX2hQ==$I+nuVa7HjuJjj4FYlKXc7JvHSpQ8UurIJwKxfqD6J4A=';

export interface SigninInput {
  kind: 'user' | 'root';
  account?: string;
  userName?: string;
  password?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  mfaCode?: string;
}

export type SigninOutcome =
  | { ok: true; started: StartedSession; arn: string }
  | { ok: false; status: number; message: string; mfaRequired?: boolean };

const failures = new Map<string, { count: number; until: number }>();

function throttled(key: string, now: number): boolean {
  const f = failures.get(key);
  return f !== undefined && f.count >= 5 && now < f.until;
}

function failed(key: string, now: number) {
  const f = failures.get(key) ?? { count: 0, until: 0 };
  f.count++;
  f.until = now + 60_000;
  if (failures.size > 10_000) failures.clear();
  failures.set(key, f);
}

async function resolveAccount(deps: Deps, text: string | undefined): Promise<string | undefined> {
  const t = (text ?? '').trim();
  if (/^\d{12}$/.test(t)) {
    const a = await deps.store.db.selectFrom('accounts').select('id').where('id', '=', t).executeTakeFirst();
    return a?.id;
  }
  if (!/^[a-z0-9-]{3,63}$/.test(t)) return undefined;
  const row = await deps.store.db.selectFrom('iam_account_aliases').select('account_id').where('alias', '=', t).executeTakeFirst();
  return row?.account_id;
}

async function mfaSerialOf(deps: Deps, accountId: string, ownerId: string): Promise<string | undefined> {
  const d = await deps.store.db
    .selectFrom('iam_mfa_devices')
    .select('serial')
    .where('account_id', '=', accountId)
    .where('user_id', '=', ownerId)
    .where('enable_date', 'is not', null)
    .executeTakeFirst();
  return d?.serial;
}

export async function consoleSignin(deps: Deps, ex: Exchange, input: SigninInput): Promise<SigninOutcome> {
  const now = deps.clock.now();
  const throttleKey = `${input.kind}\u0000${input.account ?? ''}\u0000${input.userName ?? input.accessKeyId ?? ''}`.toLowerCase();
  if (throttled(throttleKey, now)) return { ok: false, status: 429, message: 'Too many failed sign-in attempts. Wait a minute and try again.' };
  const fail = (): SigninOutcome => {
    failed(throttleKey, now);
    return { ok: false, status: 401, message: BAD };
  };

  let principal: SessionPrincipal;
  let mfa: { serial: string; root?: boolean; userName?: string } | undefined;
  if (input.kind === 'user') {
    const accountId = await resolveAccount(deps, input.account);
    const user = accountId && input.userName ? await getEntity(deps.store.db, accountId, 'user', input.userName) : undefined;
    const profile = user
      ? await deps.store.db.selectFrom('iam_login_profiles').selectAll().where('user_id', '=', user.id).executeTakeFirst()
      : undefined;
    const passwordOk = await verifyPassword(input.password ?? '', profile?.password_hash ?? DUMMY_HASH);
    if (!accountId || !user || !profile || !passwordOk) return fail();
    principal = { type: 'user', accountId, arn: rowArn(user), userId: user.id, userName: user.name };
    const serial = await mfaSerialOf(deps, accountId, user.id);
    if (serial) mfa = { serial, userName: user.name };
  } else {
    const id = (input.accessKeyId ?? '').trim();
    const row = /^[A-Z0-9]{16,128}$/.test(id) ? await getAccessKey(deps.store.db, id) : undefined;
    const secret = row ? await deps.keyring.decrypt(row.secret_cipher, Credentials.secretAad(id)) : 'x';
    const same = safeEqual(secret, input.secretAccessKey ?? '');
    if (!row || row.principal_type !== 'root' || row.status !== 'Active' || !same) return fail();
    principal = { type: 'root', accountId: row.account_id, arn: rootArn(row.account_id), userId: row.account_id };
    const serial = await mfaSerialOf(deps, row.account_id, row.account_id);
    if (serial) mfa = { serial, root: true };
  }

  let mfaAuthTime: number | undefined;
  if (mfa) {
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
      failed(throttleKey, now);
      const message = isServiceError(e) ? e.message : BAD;
      return { ok: false, status: 401, message, mfaRequired: true };
    }
  }
  failures.delete(throttleKey);
  const issuedAt = Math.floor(now / 1000) * 1000;
  const session: SessionInfo = { issuedBy: 'ConsoleSignIn', issuedAt, expiresAt: issuedAt + CONSOLE_SIGNIN_SECONDS * 1000, sourceArn: principal.arn };
  if (mfaAuthTime !== undefined) session.mfaAuthTime = mfaAuthTime;
  const started = await startConsoleSession(deps, ex, { principal, session, expiresAt: session.expiresAt, issuer: undefined });
  if (principal.type === 'user') {
    await deps.store.db.updateTable('iam_entities').set({ password_last_used: now }).where('id', '=', principal.userId).execute();
  }
  return { ok: true, started, arn: principal.arn };
}
