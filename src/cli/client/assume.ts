/**
 * `tessera assume PROFILE | ROLE_ARN`: AssumeRole from the cached MFA session (one MFA prompt for every
 * role of the profile) or long-term keys, honouring the profile's role_arn, source_profile, mfa_serial,
 * external_id, role_session_name, duration_seconds, region and endpoint_url. Prints the credentials
 * (--format, default env) for `eval "$(tessera assume prod)"`.
 */
import type { Command } from 'commander';
import { DURATION_FORMS, clientCommand, overridesOf, seconds, withTarget } from './common.js';
import { resolveRoleArn, resolveRoleProfile } from './credentials.js';
import { configError, runAction } from './exitCodes.js';
import { checkFormat, render } from './outputs.js';
import { getProfile } from './profiles.js';

interface Flags {
  profile?: string;
  format: string;
  duration?: string;
  tokenCode?: string;
  mfaSerial?: string;
  externalId?: string;
  roleSessionName?: string;
  refresh?: boolean;
  region?: string;
  endpointUrl?: string;
}

export function registerAssume(program: Command): void {
  withTarget(clientCommand(program, 'assume', 'assume a role: a profile with role_arn, or a role ARN from --profile\'s credentials'))
    .argument('<target>', 'a profile with role_arn, or a role ARN')
    .option('--profile <name>', 'with a role ARN: the profile whose credentials assume it (default: AWS_* variables, AWS_PROFILE, default)')
    .option('--format <format>', 'env, env-no-export, powershell, windows-cmd, fish, process', 'env')
    .option('-d, --duration <duration>', `DurationSeconds of the role session (default: duration_seconds, else AWS's hour; ${DURATION_FORMS})`)
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .option('--mfa-serial <arn>', 'with a role ARN: the MFA device (default: the profile\'s mfa_serial)')
    .option('--external-id <id>', 'with a role ARN: the ExternalId')
    .option('--role-session-name <name>', 'with a role ARN: the RoleSessionName')
    .option('--refresh', 'assume the role again even if a cached session is valid')
    .action((target: string, flags: Flags) =>
      runAction(async () => {
        const format = checkFormat(flags.format);
        const duration = seconds(flags.duration, '--duration', 900, 43_200);
        const o = { overrides: overridesOf(flags), ...(duration ? { duration } : {}), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}), ...(flags.refresh ? { refresh: true } : {}) };
        let r;
        if (target.startsWith('arn:')) {
          if (!/^arn:[\w-]+:iam::\d{12}:role\/.+/.test(target)) throw configError(`${target} is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)`);
          r = await resolveRoleArn(target, flags.profile, { ...(flags.mfaSerial ? { mfaSerial: flags.mfaSerial } : {}), ...(flags.externalId ? { externalId: flags.externalId } : {}), ...(flags.roleSessionName ? { sessionName: flags.roleSessionName } : {}) }, o);
        } else {
          const p = await getProfile(target);
          if (!p.role_arn) throw configError(`profile ${target} has no role_arn (use \`tessera export ${target}\` for its own credentials)`);
          r = await resolveRoleProfile(p, o);
        }
        process.stdout.write(render(r, format));
      }),
    );
}
