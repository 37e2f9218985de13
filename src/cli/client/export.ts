/** `tessera export`: a profile's credentials as shell assignments or credential_process JSON. */
import type { Command } from 'commander';
import { clientCommand, overridesOf, seconds, withTarget } from './common.js';
import { resolveCurrent } from './credentials.js';
import { runAction } from './exitCodes.js';
import { checkFormat, render } from './outputs.js';

export function registerExport(program: Command): void {
  withTarget(clientCommand(program, 'export', "print a profile's credentials for a shell (eval \"$(tessera export prod)\")"))
    .argument('[profile]', 'the profile (default: AWS_PROFILE or default)')
    .option('--profile <name>', 'the profile')
    .option('--format <format>', 'env, env-no-export, powershell, windows-cmd, fish, process', 'env')
    .option('--duration <seconds>', 'length of a new role or MFA session')
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .action((positional: string | undefined, flags: { profile?: string; format: string; duration?: string; tokenCode?: string; region?: string; endpointUrl?: string }) =>
      runAction(async () => {
        const format = checkFormat(flags.format);
        const duration = seconds(flags.duration, '--duration', 900, 129_600);
        const r = await resolveCurrent(positional ?? flags.profile, { overrides: overridesOf(flags), ...(duration ? { duration } : {}), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}) });
        process.stdout.write(render(r, format));
      }),
    );
}
