/**
 * `tessera credential-process PROFILE`: for `credential_process = tessera credential-process NAME` in
 * ~/.aws/config. Prints the Version 1 JSON on stdout; an MFA code, when one is needed, is asked on the
 * terminal (/dev/tty), which the SDK running this command does not own.
 */
import type { Command } from 'commander';
import { DURATION_FORMS, clientCommand, overridesOf, seconds, withTarget } from './common.js';
import { resolveProfile } from './credentials.js';
import { runAction } from './exitCodes.js';
import { processJson } from './outputs.js';

export function registerCredentialProcess(program: Command): void {
  withTarget(clientCommand(program, 'credential-process', 'credentials for the AWS credential_process setting (Version 1 JSON)'))
    .argument('<profile>', 'the profile holding the keys or the role')
    .option('-d, --duration <duration>', `length of a new role or MFA session (${DURATION_FORMS})`)
    .action((profile: string, flags: { duration?: string; region?: string; endpointUrl?: string }) =>
      runAction(async () => {
        const duration = seconds(flags.duration, '--duration', 900, 129_600);
        const r = await resolveProfile(profile, { overrides: overridesOf(flags), ...(duration ? { duration } : {}) });
        process.stdout.write(`${processJson(r)}\n`);
      }),
    );
}
