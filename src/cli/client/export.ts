/** `tessera export`: a profile's credentials as shell assignments or credential_process JSON. */
import type { Command } from 'commander';
import { DURATION_FORMS, clientCommand, overridesOf, seconds, withTarget } from './common.js';
import { resolveCurrent } from './credentials.js';
import { runAction } from './exitCodes.js';
import { checkFormat, render } from './outputs.js';

export function registerExport(program: Command): void {
  withTarget(clientCommand(program, 'export', "print a profile's credentials for a shell (eval \"$(tessera export prod)\")"))
    .argument('[profile]', 'the profile (default: AWS_PROFILE or default)')
    .option('--profile <name>', 'the profile')
    .option('--format <format>', 'env, env-no-export, powershell, windows-cmd, fish, process', 'env')
    .option('-d, --duration <duration>', `length of a new role or MFA session (${DURATION_FORMS})`)
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .option('--no-session', "the profile's long-term keys as they are (no GetSessionToken); a role is assumed straight from them")
    .action((positional: string | undefined, flags: { profile?: string; format: string; duration?: string; tokenCode?: string; session: boolean; region?: string; endpointUrl?: string }) =>
      runAction(async () => {
        const format = checkFormat(flags.format);
        const duration = seconds(flags.duration, '--duration', 900, 129_600);
        const r = await resolveCurrent(positional ?? flags.profile, { overrides: overridesOf(flags), ...(duration ? { duration } : {}), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}), ...(flags.session === false ? { noSession: true } : {}) });
        process.stdout.write(render(r, format));
      }),
    );
}
