/**
 * `tessera exec PROFILE -- CMD ARGS...`: runs CMD with the profile's credentials in its environment (or,
 * with --ecs-server, a loopback container-credentials endpoint the SDKs refresh from), and exits with
 * CMD's status (128 + the signal number when a signal ended it, as shells report).
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Command } from 'commander';
import { clientCommand, overridesOf, seconds, withTarget } from './common.js';
import { resolveProfile } from './credentials.js';
import { startEcsServer } from './ecsServer.js';
import { CliError, ExitCode, runAction, usageError } from './exitCodes.js';
import { credentialVariables } from './outputs.js';
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
  duration?: string;
  tokenCode?: string;
  region?: string;
  endpointUrl?: string;
}

export function registerExec(program: Command): void {
  withTarget(clientCommand(program, 'exec', "run a command with a profile's credentials: tessera exec PROFILE -- CMD ARGS..."))
    .argument('<profile>', 'the profile')
    .argument('<command...>', 'the command and its arguments (after --)')
    .option('--ecs-server', 'serve the credentials from a loopback container-credentials endpoint instead of variables')
    .option('--duration <seconds>', 'length of a new role or MFA session')
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .action((profile: string, command: string[], flags: Flags) =>
      runAction(async () => {
        if (command.length === 0) throw usageError('no command given: tessera exec PROFILE -- CMD ARGS...');
        const duration = seconds(flags.duration, '--duration', 900, 129_600);
        const o = { overrides: overridesOf(flags), ...(duration ? { duration } : {}), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}) };
        const r = await resolveProfile(profile, o);
        const env = userEnv();
        for (const k of CLEARED) delete env[k];
        const vars = credentialVariables(r);
        let server;
        if (flags.ecsServer) {
          // Only the tokenless part: region and endpoint. The keys come from the endpoint.
          server = await startEcsServer(() => resolveProfile(profile, { overrides: o.overrides }));
          env.AWS_CONTAINER_CREDENTIALS_FULL_URI = server.url;
          env.AWS_CONTAINER_AUTHORIZATION_TOKEN = server.token;
          for (const k of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL']) if (vars[k]) env[k] = vars[k];
        } else {
          Object.assign(env, vars);
        }
        env.TESSERA_PROFILE = profile;
        try {
          return await run(command, env);
        } finally {
          await server?.close();
        }
      }),
    );
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
