/** `tessera whoami`: GetCallerIdentity with the current credentials, their expiry and the MFA age. */
import type { Command } from 'commander';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { clientCommand, overridesOf, withTarget } from './common.js';
import { resolveCurrent } from './credentials.js';
import { isSdkServiceError, runAction, serviceError } from './exitCodes.js';
import { withRenewal } from './renew.js';
import { stsClient } from './sts.js';

export function registerWhoami(program: Command): void {
  withTarget(clientCommand(program, 'whoami', 'who the current credentials are: GetCallerIdentity, expiry, MFA age'))
    .argument('[profile]', 'the profile (default: AWS_* variables, AWS_PROFILE, default)')
    .option('--profile <name>', 'the profile')
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .action((positional: string | undefined, flags: { profile?: string; tokenCode?: string; region?: string; endpointUrl?: string }) =>
      runAction(async () => {
        const profile = positional ?? flags.profile;
        const o = { overrides: overridesOf(flags), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}) };
        const out = await withRenewal(
          (x) => resolveCurrent(profile, x),
          o,
          async (r) => {
            let who;
            try {
              who = await stsClient(r.target, r.creds).send(new GetCallerIdentityCommand({}));
            } catch (e) {
              if (isSdkServiceError(e) && !(r.fromCache && r.cacheId)) throw serviceError(e, 'GetCallerIdentity');
              throw e;
            }
            const now = Date.now();
            return {
              UserId: who.UserId,
              Account: who.Account,
              Arn: who.Arn,
              ...(r.profile ? { Profile: r.profile } : {}),
              CredentialType: r.kind,
              ...(r.creds.expiration ? { Expiration: r.creds.expiration.toISOString(), ExpiresInSeconds: Math.max(0, Math.floor((r.creds.expiration.getTime() - now) / 1000)) } : {}),
              MfaAuthenticated: r.mfaAuthTime !== undefined,
              ...(r.mfaAuthTime ? { MfaAuthTime: r.mfaAuthTime.toISOString(), MfaAgeSeconds: Math.floor((now - r.mfaAuthTime.getTime()) / 1000) } : {}),
              ...(r.chained ? { RoleChained: true } : {}),
              FromCache: r.fromCache,
            };
          },
        ).catch((e: unknown) => {
          throw isSdkServiceError(e) ? serviceError(e, 'GetCallerIdentity') : e;
        });
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      }),
    );
}
