/**
 * `tessera exec [PROFILE] [-- CMD ARGS...]`: runs CMD with the profile's credentials in its environment
 * (or, with --ecs-server, a loopback container-credentials endpoint the SDKs refresh from), and exits with
 * CMD's status (128 + the signal number when a signal ended it, as shells report). As aws-vault's: no
 * PROFILE is AWS_PROFILE's (else default), no CMD is the user's $SHELL.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Command } from 'commander';
import { DURATION_FORMS, clientCommand, note, overridesOf, seconds, withTarget } from './common.js';
import { resolveProfile } from './credentials.js';
import { startEcsServer } from './ecsServer.js';
import { CliError, ExitCode, runAction, usageError } from './exitCodes.js';
import { credentialVariables } from './outputs.js';
import { profileName } from './profiles.js';
import { userEnv } from './sts.js';

/** Variables that would compete with the ones exec sets. */
const CLEARED = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
];

interface Flags {
  ecsServer?: boolean;
  session: boolean;
  duration?: string;
  tokenCode?: string;
  region?: string;
  endpointUrl?: string;
}

export function registerExec(program: Command): void {
  withTarget(clientCommand(program, 'exec', "run a command with a profile's credentials: tessera exec [PROFILE] [-- CMD ARGS...]"))
    .argument('[profile]', 'the profile (default: AWS_PROFILE, else default)')
    .argument('[command...]', 'the command and its arguments, after -- (default: $SHELL)')
    .option('--ecs-server', 'serve the credentials from a loopback container-credentials endpoint instead of variables')
    .option('-d, --duration <duration>', `length of a new role or MFA session (${DURATION_FORMS})`)
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .option('--no-session', "use the profile's long-term keys as they are (no GetSessionToken); a role is assumed straight from them")
    .action((first: string | undefined, rest: string[], flags: Flags) =>
      runAction(async () => {
        const split = splitOperands(first === undefined ? [] : [first, ...rest], process.argv);
        const profile = profileName(split.profile);
        const command = split.command.length > 0 ? split.command : [loginShell()];
        const duration = seconds(flags.duration, '--duration', 900, 129_600);
        const o = { overrides: overridesOf(flags), ...(duration ? { duration } : {}), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}), ...(flags.session === false ? { noSession: true } : {}) };
        const r = await resolveProfile(profile, o);
        const env = userEnv();
        for (const k of CLEARED) delete env[k];
        const vars = credentialVariables(r);
        let server;
        if (flags.ecsServer) {
          // Only the tokenless part: region and endpoint. The keys come from the endpoint.
          server = await startEcsServer(() => resolveProfile(profile, { overrides: o.overrides, ...(o.noSession ? { noSession: true } : {}) }));
          env.AWS_CONTAINER_CREDENTIALS_FULL_URI = server.url;
          env.AWS_CONTAINER_AUTHORIZATION_TOKEN = server.token;
          for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS']) if (vars[k]) env[k] = vars[k];
        } else {
          Object.assign(env, vars);
        }
        env.TESSERA_PROFILE = profile;
        if (split.command.length === 0) note(`starting ${command[0]} with the credentials of profile '${profile}'; exit it to return`);
        try {
          return await run(command, env);
        } finally {
          await server?.close();
        }
      }),
    );
}

/**
 * The profile and the command from the operands. After `--` everything is the command, and what came
 * before it (nothing, or one word) the profile: `exec -- aws s3 ls` runs under AWS_PROFILE. Commander drops
 * the `--` itself, so where it was is read from the raw arguments: the operands' tail equals what followed it.
 */
export function splitOperands(operands: string[], argv: string[]): { profile?: string; command: string[] } {
  for (let i = argv.indexOf('--'); i !== -1; i = argv.indexOf('--', i + 1)) {
    const after = argv.slice(i + 1);
    const head = operands.length - after.length;
    if (head < 0 || after.some((a, j) => operands[head + j] !== a)) continue;
    if (head > 1) throw usageError(`one profile before --, not ${head} (${operands.slice(0, head).join(' ')}): tessera exec [PROFILE] [-- CMD ARGS...]`);
    return { ...(head === 1 ? { profile: operands[0]! } : {}), command: after };
  }
  return { ...(operands[0] !== undefined ? { profile: operands[0] } : {}), command: operands.slice(1) };
}

/** The user's shell, as aws-vault starts it when no command is given. */
function loginShell(): string {
  return process.env.SHELL || (process.platform === 'win32' ? process.env.ComSpec || 'cmd.exe' : '/bin/sh');
}

function run(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { env, stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((s) => [s, forward(s)] as const);
    for (const [s, h] of handlers) process.on(s, h);
    const cleanup = () => {
      for (const [s, h] of handlers) process.off(s, h);
    };
    child.on('error', (e: NodeJS.ErrnoException) => {
      cleanup();
      reject(new CliError(e.code === 'ENOENT' ? ExitCode.usage : ExitCode.other, `cannot run ${command[0]}: ${e.code === 'ENOENT' ? 'command not found' : e.message}`));
    });
    child.on('exit', (code, signal) => {
      cleanup();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
