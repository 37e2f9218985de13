/** Pieces every client subcommand shares: usage errors exit 252, the target options, numbers. */
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

export function seconds(text: string | undefined, what: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usageError(`${what} must be a whole number of seconds`);
  const n = Number(text);
  if (n < min || n > max) throw usageError(`${what} must be between ${min} and ${max} seconds`);
  return n;
}

export const note = (m: string) => process.stderr.write(`tessera: ${m}\n`);
