/**
 * `tessera mfa add|list|remove`: the seeds of virtual MFA devices, kept encrypted (secretBox.ts) so that
 * `tessera session` can compute codes itself. The seed is read from stdin or, on a terminal, typed
 * without echo — never from the command line, where other users' `ps` would see it. A stored seed lets this
 * machine compute codes alone: MFA is then one factor (what the machine holds), not two.
 */
import type { Command } from 'commander';
import { clientCommand, usageExits } from './common.js';
import { configError, runAction, usageError } from './exitCodes.js';
import { addSeed, listSeeds, removeSeed } from './mfaStore.js';
import { getProfile, profileName } from './profiles.js';
import { ask } from './tty.js';

/** The device: a serial (ARN) or a profile as the argument, else --profile's, AWS_PROFILE's or default's mfa_serial. */
async function serialOf(arg: string | undefined, flags: { profile?: string }): Promise<string> {
  if (arg !== undefined && flags.profile !== undefined) throw usageError('name the device once: a serial number or profile as the argument, or --profile');
  if (arg?.startsWith('arn:')) return arg;
  const name = arg ?? profileName(flags.profile);
  const p = await getProfile(name);
  if (!p.mfa_serial) throw configError(`profile ${name} has no mfa_serial`);
  return p.mfa_serial;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export function registerMfa(program: Command): void {
  const mfa = clientCommand(program, 'mfa', 'MFA seeds stored (encrypted) for computing codes');
  usageExits(mfa.command('add').description('store the base32 seed of a virtual MFA device (from stdin, or typed on the terminal)'))
    .argument('[serial-or-profile]', "the device's serial number (ARN), or a profile with mfa_serial")
    .option('--profile <name>', 'the profile whose mfa_serial names the device (default: AWS_PROFILE, else default)')
    .action((arg: string | undefined, flags: { profile?: string }) =>
      runAction(async () => {
        const serial = await serialOf(arg, flags);
        const seed = process.stdin.isTTY ? await ask(`Base32 seed for ${serial}: `, true) : await readStdin();
        if (!seed) throw configError('no seed given (pipe it on stdin, or type it on the terminal)');
        addSeed(serial, seed);
        process.stderr.write(`tessera: stored the seed for ${serial} (encrypted)\n`);
      }),
    );
  usageExits(mfa.command('list').description('list the devices whose seeds are stored'))
    .action(() =>
      runAction(async () => {
        for (const s of listSeeds()) process.stdout.write(`${s}\n`);
      }),
    );
  usageExits(mfa.command('remove').description('forget a stored seed'))
    .argument('[serial-or-profile]', 'the serial number or a profile with mfa_serial')
    .option('--profile <name>', 'the profile whose mfa_serial names the device (default: AWS_PROFILE, else default)')
    .action((arg: string | undefined, flags: { profile?: string }) =>
      runAction(async () => {
        const serial = await serialOf(arg, flags);
        if (!removeSeed(serial)) throw configError(`no seed stored for ${serial}`);
        process.stderr.write(`tessera: removed the seed for ${serial}\n`);
      }),
    );
}
