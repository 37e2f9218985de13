/**
 * `tessera console [PROFILE]`: a console sign-in URL for the current credentials through the federation
 * endpoint (getSigninToken, then login). Long-term IAM user keys go through GetFederationToken first, as
 * AWS requires; GetSessionToken sessions cannot sign in at all (AWS refuses them), which is said before
 * asking; a chained role session signs in without SessionDuration (AWS refuses one). `--print` prints the
 * URL; otherwise the browser opens it — unless there is none to open: on a machine without a display
 * (Linux with neither DISPLAY nor WAYLAND_DISPLAY), or when the opener ($BROWSER, xdg-open, open) fails,
 * the URL is printed instead. `tessera login` is the same command, under the name aws-vault users type.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { GetCallerIdentityCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { DURATION_FORMS, clientCommand, note, overridesOf, seconds, withTarget } from './common.js';
import { resolveCurrent, type Resolved } from './credentials.js';
import { configError, runAction } from './exitCodes.js';
import { call, credsOf, stsClient, type Creds } from './sts.js';
import { getSigninToken, loginUrl, signinEndpoints } from './signin.js';

interface Flags {
  profile?: string;
  print?: boolean;
  duration?: string;
  destination?: string;
  issuer?: string;
  federationUrl?: string;
  tokenCode?: string;
  region?: string;
  endpointUrl?: string;
}

const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });

/** Long-term keys → a federated user session with the user's own permissions (its policies ∩ Allow *). */
async function federate(r: Resolved, duration: number | undefined): Promise<Creds> {
  const sts = stsClient(r.target, r.creds);
  const who = await call('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
  const user = /:user\/(?:.*\/)?([^/]+)$/.exec(who.Arn ?? '')?.[1] ?? 'tessera';
  const name = user.replace(/[^\w+=,.@-]/g, '').slice(0, 32).padEnd(2, '_');
  note(`long-term keys cannot sign in to the console: GetFederationToken first (federated user ${name}, the permissions of ${who.Arn})`);
  const out = await call('GetFederationToken', () => sts.send(new GetFederationTokenCommand({ Name: name, Policy: ALLOW_ALL, ...(duration ? { DurationSeconds: duration } : {}) })));
  return credsOf(out.Credentials);
}

/** Why no browser can be shown here, if so: a Linux (or BSD) machine with no display server. */
export function noDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'darwin' || platform === 'win32') return undefined;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? undefined : 'no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
}

/** An opener that has not failed within this time is taken to have handed the URL to a browser. */
const OPENER_GRACE_MS = 3000;

/** Opens the URL; resolves to why it could not, or undefined once the opener succeeded (or kept running). */
function openBrowser(url: string): Promise<string | undefined> {
  const browser = process.env.BROWSER;
  const [cmd, args] = browser ? [browser, [url]] : process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    } catch (e) {
      resolve(`${cmd} could not be started (${(e as Error).message})`);
      return;
    }
    const timer = setTimeout(() => {
      child.unref();
      resolve(undefined);
    }, OPENER_GRACE_MS);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(`${cmd} could not be started (${e.code === 'ENOENT' ? 'not found' : e.message})`);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? undefined : `${cmd} failed (${signal ? `ended by ${signal}` : `exit status ${code}`})`);
    });
  });
}

export function registerConsole(program: Command): void {
  withTarget(clientCommand(program, 'console', 'sign in to the console (AWS\'s, or a Tessera server\'s) with the current credentials').alias('login'))
    .argument('[profile]', 'the profile (default: AWS_* variables, AWS_PROFILE, default)')
    .option('--profile <name>', 'the profile')
    .option('--print', 'print the sign-in URL instead of opening the browser (without a display, it is printed anyway)')
    .option('-d, --duration <duration>', `console session length, 900 to 43200 (role sessions; GetFederationToken duration for user keys; ${DURATION_FORMS})`)
    .option('--destination <url>', "where to land (default: the console's home)")
    .option('--issuer <url>', 'where the console sends the user when the session ends')
    .option('--federation-url <url>', 'the federation endpoint (default: from the endpoint or the region\'s partition)')
    .option('--token-code <code>', 'an MFA code, if a new MFA session is needed')
    .action((positional: string | undefined, flags: Flags) =>
      runAction(async () => {
        const duration = seconds(flags.duration, '--duration', 900, 43_200);
        const r = await resolveCurrent(positional ?? flags.profile, { overrides: overridesOf(flags), ...(flags.tokenCode ? { tokenCode: flags.tokenCode } : {}) });
        if (r.kind === 'session') {
          throw configError(
            `profile '${r.profile}' gives an MFA session (GetSessionToken), and the sign-in endpoint refuses those: sign in with a role profile (role_arn + source_profile = ${r.profile}; the MFA session assumes it) or with long-term keys (GetFederationToken)`,
          );
        }
        let creds = r.creds;
        let sessionDuration = duration;
        if (r.kind === 'long-term') {
          creds = await federate(r, duration);
          sessionDuration = undefined; // a federated user's console session lasts as long as its credentials
        } else if (r.chained && duration) {
          note('a chained role session cannot ask for a console SessionDuration (AWS refuses it); the console session lasts as long as the credentials (at most one hour)');
          sessionDuration = undefined;
        } else if (r.kind !== 'role') {
          sessionDuration = undefined;
        }
        const ep = signinEndpoints(r.target, flags.federationUrl);
        const token = await getSigninToken(ep, creds, sessionDuration);
        const url = loginUrl(ep, token, flags.destination ?? ep.console, flags.issuer);
        if (flags.print) {
          process.stdout.write(`${url}\n`);
          return;
        }
        const unable = noDisplay() ?? (await openBrowser(url));
        if (unable === undefined) {
          note('opened the console sign-in URL in the browser');
          return;
        }
        note(`${unable}: open this sign-in URL in a browser (single use, valid 15 minutes):`);
        process.stdout.write(`${url}\n`);
      }),
    );
}
