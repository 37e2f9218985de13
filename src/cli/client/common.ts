/** Pieces every client subcommand shares: usage errors exit 252, the target options, durations. */
import { Command } from 'commander';
import { ExitCode, usageError } from './exitCodes.js';
import type { TargetOverrides } from './sts.js';

/** Commander's parse errors (unknown option, missing argument) exit 252 like the AWS CLI's. */
export function usageExits(cmd: Command): Command {
  return cmd.exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : ExitCode.usage);
  });
}

export function clientCommand(parent: Command, name: string, description: string): Command {
  return usageExits(parent.command(name).description(description));
}

export function withTarget(cmd: Command): Command {
  return cmd.option('--region <region>', 'the region (default: the profile\'s, AWS_REGION, us-east-1)').option('--endpoint-url <url>', "STS endpoint (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url)");
}

export function overridesOf(flags: { region?: string; endpointUrl?: string }): TargetOverrides {
  return { ...(flags.region ? { region: flags.region } : {}), ...(flags.endpointUrl ? { endpointUrl: flags.endpointUrl } : {}) };
}

/** How every command's `-d, --duration` is described. */
export const DURATION_FORMS = '1h, 90m, 3600s, 1h30m or plain seconds';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** A duration as people type it (aws-vault's `1h`, `90m`, `3600s`, `1h30m`) or plain seconds, checked against the range. */
export function seconds(text: string | undefined, what: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const units = DURATION.exec(text.trim());
  const plain = /^\d+$/.test(text.trim());
  if (!plain && (!units || text.trim() === '')) throw usageError(`${what} must be a duration such as 1h, 90m, 3600s or 3600 (seconds), not '${text}'`);
  const n = plain ? Number(text.trim()) : Number(units![1] ?? 0) * 3600 + Number(units![2] ?? 0) * 60 + Number(units![3] ?? 0);
  if (n < min || n > max) throw usageError(`${what} must be between ${min} and ${max} seconds${plain ? '' : ` (${text} is ${n} s)`}`);
  return n;
}

export const note = (m: string) => process.stderr.write(`tessera: ${m}\n`);
