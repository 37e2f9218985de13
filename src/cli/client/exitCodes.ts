/**
 * Exit codes as the AWS CLI's (https://docs.aws.amazon.com/cli/latest/userguide/cli-chap-retcodes.html):
 * 0 success, 252 usage (bad command line), 253 configuration or credentials (the environment or the
 * profile is wrong, or credentials cannot be had), 254 the service refused the request, 255 anything else.
 *
 * Every client subcommand fails by throwing a CliError; only `runAction` prints it (to stderr, never a
 * secret) and sets the process's exit code.
 */
export const ExitCode = {
  ok: 0,
  usage: 252,
  config: 253,
  service: 254,
  other: 255,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(ExitCode.usage, message);
export const configError = (message: string) => new CliError(ExitCode.config, message);

/** What an AWS SDK v3 service exception carries. */
export interface SdkServiceError {
  name: string;
  message: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

export function isSdkServiceError(e: unknown): e is SdkServiceError {
  return typeof e === 'object' && e !== null && '$metadata' in e && typeof (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 'number';
}

/** The wire error code of an SDK exception (the SDK appends "Exception" to some shape names). */
export function errorCode(e: SdkServiceError): string {
  if (e.Code) return e.Code;
  return e.name.endsWith('Exception') && e.name !== 'Exception' ? e.name.slice(0, -'Exception'.length) : e.name;
}

/** The AWS CLI's wording: "An error occurred (Code) when calling the Operation operation: message". */
export function serviceError(e: SdkServiceError, operation: string): CliError {
  return new CliError(ExitCode.service, `An error occurred (${errorCode(e)}) when calling the ${operation} operation: ${e.message}`);
}

/** Maps anything thrown by an action to a CliError. */
export function toCliError(e: unknown, operation = 'unknown'): CliError {
  if (e instanceof CliError) return e;
  if (isSdkServiceError(e)) return serviceError(e, operation);
  const err = e as { code?: string; message?: string; name?: string };
  if (err && typeof err === 'object' && (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'ECONNRESET' || err.name === 'TimeoutError')) {
    return new CliError(ExitCode.other, `Could not connect to the endpoint: ${err.message ?? err.code}`);
  }
  return new CliError(ExitCode.other, err && typeof err === 'object' && typeof err.message === 'string' ? err.message : String(e));
}

/**
 * Runs a subcommand's body: the result is the exit code (0 unless the body returns another, e.g. exec's
 * child status); a failure prints `tessera: message` on stderr and exits with its code.
 */
export async function runAction(body: () => Promise<number | void>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = code ?? 0;
  } catch (e) {
    const err = toCliError(e);
    process.stderr.write(`tessera: ${err.message}\n`);
    process.exitCode = err.exitCode;
  }
}
