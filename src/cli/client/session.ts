/**
 * `tessera session`: the MFA session of a profile (GetSessionToken with its mfa_serial), cached and reused
 * by every command and every role of the profile until a few minutes before it expires. For a role
 * profile, the session of its source profile (the one holding the keys) is started.
 */
import type { Command } from 'commander';
import { DURATION_FORMS, clientCommand, note, overridesOf, seconds, withTarget } from './common.js';
import { mfaProcessOf, mfaSession } from './credentials.js';
import { configError, runAction } from './exitCodes.js';
import { checkFormat, render } from './outputs.js';
import { getProfile, profileName } from './profiles.js';
import { targetOf } from './sts.js';

interface Flags {
  profile?: string;
  duration?: string;
  tokenCode?: string;
  refresh?: boolean;
  format?: string;
  region?: string;
  endpointUrl?: string;
}

export function registerSession(program: Command): void {
  withTarget(clientCommand(program, 'session', 'start (or reuse) the MFA session of a profile: GetSessionToken with its mfa_serial'))
    .option('--profile <name>', 'the profile (default: AWS_PROFILE or default)')
    .option('-d, --duration <duration>', `session length, 900 to 129600 (default 43200, AWS's; ${DURATION_FORMS})`)
    .option('--token-code <code>', "the MFA code (default: the profile's mfa_process, a seed stored with `tessera mfa add`, else asked on the terminal)")
    .option('--refresh', 'start a new session even if a cached one is still valid')
    .option('--format <format>', 'also print the credentials: env, env-no-export, powershell, windows-cmd, fish, process')
    .action((flags: Flags) =>
      runAction(async () => {
        const format = flags.format ? checkFormat(flags.format) : undefined;
        const duration = seconds(flags.duration, '--duration', 900, 129_600);
        const name = profileName(flags.profile);
        const p = await getProfile(name);
        const holder = p.role_arn && p.source_profile ? await getProfile(p.source_profile) : p;
        const serial = p.mfa_serial || holder.mfa_serial;
        if (!serial) throw configError(`profile ${name} has no mfa_serial: nothing to start a session with (tessera session is GetSessionToken with MFA)`);
        if (!holder.aws_access_key_id || !holder.aws_secret_access_key) throw configError(`profile ${holder.name} has no aws_access_key_id / aws_secret_access_key for GetSessionToken`);
        const keys = { accessKeyId: holder.aws_access_key_id, secretAccessKey: holder.aws_secret_access_key };
        const r = await mfaSession(holder, keys, serial, targetOf([p, holder], overridesOf(flags)), {
          mfaProcess: mfaProcessOf(p, holder),
          ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}),
          ...(duration ? { sessionDuration: duration } : {}),
          ...(flags.refresh ? { refresh: true } : {}),
        });
        if (r.fromCache) note(`using the cached MFA session of profile '${holder.name}', valid until ${r.creds.expiration?.toISOString()}`);
        if (format) process.stdout.write(render(r, format));
      }),
    );
}
