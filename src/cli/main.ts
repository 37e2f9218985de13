/**
 * The `tessera` command: `serve` runs the server; `admin` manages accounts and the key ring.
 */
import { Command, Option } from 'commander';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig, type Config, type ServeFlags } from '../server/config.js';

// The server's code is loaded only by the commands that run it, so client commands (credential_process is
// called on every AWS CLI invocation) start fast.
const server = () => import('../server/app.js');
const accounts = () => import('../services/accounts/accounts.js');
const state = () => import('./state/commands.js');
const sso = () => import('../services/sso/api.js');

const program = new Command();
program.name('tessera').description('AWS-wire-compatible IAM, STS and S3 with exact policy evaluation').version('0.1.0');

const storeOptions = (cmd: Command) =>
  cmd
    .option('--data <dir>', 'data directory (env TESSERA_DATA)', undefined)
    .option('--memory', 'keep nothing on disk (for tests)')
    .option('--database <url>', 'postgres:// URL selects PostgreSQL; default: SQLite in the data directory (env TESSERA_DATABASE_URL)')
    .option(
      '--object-store <url>',
      'where object bytes live: file:DIR or s3://HOST:PORT/BUCKET (s3+https:// for TLS, ?region=); default: the blobs directory under --data (env TESSERA_OBJECT_STORE; the backend keys only in TESSERA_OBJECT_STORE_ACCESS_KEY_ID / TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY)',
    )
    .option('--object-store-timeout <seconds>', 'an s3:// backend request fails (500 InternalError) once its connection has been silent this long (env TESSERA_OBJECT_STORE_TIMEOUT; default 60)');

storeOptions(
  program
    .command('serve')
    .description('start the server')
    .option('--host <host>', 'listen address (env TESSERA_HOST)', undefined)
    .option('--port <port>', 'listen port (env TESSERA_PORT)', undefined)
    .option('--account-id <id>', 'the default account (env TESSERA_ACCOUNT_ID)', undefined)
    .option('--root-access-key-id <id>', 'root access key id of the default account (env TESSERA_ROOT_ACCESS_KEY_ID)')
    .option('--root-secret-access-key <secret>', 'its secret (env TESSERA_ROOT_SECRET_ACCESS_KEY)')
    .addOption(new Option('--log <format>', 'request log: json or off (env TESSERA_LOG)').choices(['json', 'off']))
    .option('--headers-timeout <seconds>', 'the whole header block must arrive within this (env TESSERA_HEADERS_TIMEOUT; default 20)')
    .option('--request-timeout <seconds>', 'the whole request, body included, within this; 0: no limit (env TESSERA_REQUEST_TIMEOUT; default 300)')
    .option('--idle-timeout <seconds>', 'close a connection silent this long mid-body or between requests (env TESSERA_IDLE_TIMEOUT; default 30)')
    .option('--console-port <port>', "the web console's own listener: a port, or off (env TESSERA_CONSOLE_PORT; default 4567)", undefined)
    .option('--console-host <host>', "the console's listen address (env TESSERA_CONSOLE_HOST; default: --host)", undefined)
    .option('--console-url <url>', "the console's public origin, e.g. https://console.example.com (env TESSERA_CONSOLE_URL)", undefined)
    .option('--lifecycle-interval <seconds>', "how often S3's lifecycle sweep runs (env TESSERA_LIFECYCLE_INTERVAL_SECONDS; default 3600)")
    .option('--audit <on|off>', 'CloudTrail records of every call: on or off (env TESSERA_AUDIT; default off)')
    .option('--trail-delivery-interval <seconds>', 'how often CloudTrail trails deliver their log files (env TESSERA_TRAIL_DELIVERY_INTERVAL_SECONDS; default 300)')
    .option('--trail-digest-interval <seconds>', 'how often trails with log file validation deliver a signed digest file (env TESSERA_TRAIL_DIGEST_INTERVAL_SECONDS; default 3600)')
    .option('--audit-retention-days <days>', 'how long audit records are kept, 1 to 3650 (env TESSERA_AUDIT_RETENTION_DAYS; default 90)')
    .option('--tls-cert <file>', 'serve the API over HTTPS with this PEM certificate chain (env TESSERA_TLS_CERT; with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert (env TESSERA_TLS_KEY)')
    .option('--init <file>', 'apply this state file (YAML or JSON) at start-up, before listening (env TESSERA_INIT)')
    .option('--gateway', 'S3 in front of the s3:// object store: its buckets are the backend\'s own, keys and bytes as they are there; Tessera authenticates and authorizes, then forwards (env TESSERA_GATEWAY=1)')
    .option('--allow-reset', 'TEST SUITES: answer POST /_admin/reset (root of the default account) by returning to the --init state (env TESSERA_ALLOW_RESET=1)'),
)
  .addOption(new Option('--unsafe-clock-offset <seconds>', 'TEST ONLY: start the server clock this many seconds ahead').hideHelp())
  .option('--test-clock', 'TEST ONLY: the root user may set and advance the server clock (POST /_admin/clock; env TESSERA_TEST_CLOCK=1)')
  .action(async (flags: ServeFlags) => {
    const config = resolveConfig(flags);
    if (config.unsafeClockOffsetMs !== 0) {
      console.error(`WARNING: TEST-ONLY CLOCK OFFSET IN FORCE: the server's clock runs ${config.unsafeClockOffsetMs / 1000} s ahead. Never use this in production.`);
    }
    if (config.testClock) {
      console.error("WARNING: TEST CLOCK ON (--test-clock): the root user can set and advance this server's clock with POST /_admin/clock, expiring or reviving sessions, MFA codes and presigned URLs. Never use this in production.");
    }
    const init = config.initFile || config.allowReset ? await (await state()).prepareInit(config) : undefined;
    const running = await (await server()).startServer(config, init ? { beforeListen: init.beforeListen } : {});
    if (config.allowReset) console.error('WARNING: --allow-reset: POST /_admin/reset (signed by the root of the default account) deletes everything but the --init state. For test suites only.');
    if (running.generatedRootKeys) showGeneratedRootKeys(config, running.generatedRootKeys);
    if (init) init.showGenerated();
    if (running.consoleUrl) console.log(`Tessera console on ${running.consoleUrl}/_console/`);
    console.log(`Tessera listening on ${running.url}`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.error(`${signal}: finishing in-flight requests`);
      running.close().then(
        () => process.exit(0),
        (e) => {
          console.error(e);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });

/**
 * Generated root keys are shown once, and never on stdout (the request log's stream, which collectors keep):
 * on the terminal's stderr, or, when stderr is not a terminal, in a 0600 file in the data directory.
 */
function showGeneratedRootKeys(config: Config, k: { accessKeyId: string; secretAccessKey: string }) {
  const text = `AWS_ACCESS_KEY_ID=${k.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${k.secretAccessKey}\n`;
  if (process.stderr.isTTY || config.memory) {
    process.stderr.write(`Root credentials of account ${config.accountId} (shown once, stored encrypted):\n${text.replace(/^/gm, '  ').trimEnd()}\n`);
    return;
  }
  const file = join(config.dataDir, 'root-credentials');
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
  process.stderr.write(`Root credentials of account ${config.accountId} written to ${file} (mode 0600): read them, then delete the file.\n`);
}

const admin = program.command('admin').description('administer accounts and the key ring');

storeOptions(admin.command('create-account').description('create an account and print its id and root keys'))
  .option('--name <name>', 'a name for the account')
  .action(async (flags: ServeFlags & { name?: string }) => {
    const config = resolveConfig(flags);
    const { store, keyring } = await (await server()).openCore(config);
    try {
      const a = await (await accounts()).createAccount(store, keyring, { ...(flags.name ? { name: flags.name } : {}), now: Date.now() });
      console.log(JSON.stringify({ AccountId: a.accountId, AccessKeyId: a.accessKeyId, SecretAccessKey: a.secretAccessKey }, null, 2));
    } finally {
      await store.close();
    }
  });

storeOptions(admin.command('rotate-keys').description('start a new key-ring key; older keys keep opening what they sealed'))
  .action(async (flags: ServeFlags) => {
    const config = resolveConfig(flags);
    const { store, keyring } = await (await server()).openCore(config);
    try {
      const id = await keyring.rotate();
      console.log(`new key-ring key: ${id}`);
    } finally {
      await store.close();
    }
  });

storeOptions(admin.command('reset-root-keys').description("replace every root key of an account with one new key (prints it as JSON)"))
  .option('--account-id <id>', 'the account (default: the default account, env TESSERA_ACCOUNT_ID)')
  .action(async (flags: ServeFlags) => {
    const config = resolveConfig(flags);
    const { store, keyring } = await (await server()).openCore(config);
    try {
      const k = await (await accounts()).resetRootKeys(store, keyring, config.accountId, Date.now());
      console.log(JSON.stringify({ AccountId: config.accountId, AccessKeyId: k.accessKeyId, SecretAccessKey: k.secretAccessKey }, null, 2));
    } finally {
      await store.close();
    }
  });

storeOptions(admin.command('adopt-bucket').description("gateway mode: bring a bucket of the s3:// object store's backend, with its objects, under an account's ownership").argument('<name>', 'the backend bucket'))
  .requiredOption('--account <id>', 'the account that will own it')
  .action(async (name: string, flags: ServeFlags & { account: string }) => {
    const config = resolveConfig(flags);
    if (!config.objectStore) throw new Error('adopt-bucket needs the s3:// object store (--object-store or TESSERA_OBJECT_STORE)');
    const objects = (await import('../store/blobs/open.js')).objectStoreOf(config.objectStore, process.env, config.objectStoreTimeoutMs);
    if (objects.kind !== 's3') throw new Error('adopt-bucket needs an s3:// object store');
    const { store } = await (await server()).openCore(config);
    try {
      const gateway = await import('../services/s3/gateway.js');
      await gateway.adoptBucket(store, (objects as import('../store/blobs/s3/objectStore.js').S3ObjectStore).client, { name, accountId: flags.account, region: config.region, now: Date.now() });
      console.log(JSON.stringify({ Bucket: name, Owner: flags.account }));
    } finally {
      objects.close();
      await store.close();
    }
  });

storeOptions(admin.command('sso-user-password').description("set an IAM Identity Center user's password (read from stdin), for the device-approval page"))
  .requiredOption('--user <name>', 'the identity-store user name')
  .option('--account-id <id>', 'the account administering Identity Center (default: the default account, env TESSERA_ACCOUNT_ID)')
  .option('--mfa', 'also enrol a new TOTP MFA seed (printed once, as JSON)')
  .action(async (flags: ServeFlags & { user: string; mfa?: boolean }) => {
    const config = resolveConfig(flags);
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
    const { store, keyring } = await (await server()).openCore(config);
    try {
      const out = await (await sso()).setUserPassword({ store, keyring }, config.accountId, flags.user, password, flags.mfa === true);
      console.log(JSON.stringify({ UserId: out.userId, ...(out.mfaSeed ? { Base32StringSeed: out.mfaSeed } : {}) }, null, 2));
    } finally {
      await store.close();
    }
  });

storeOptions(program.command('apply').description('make the store hold what a state file (YAML or JSON) says; idempotent; generated keys printed as JSON').argument('<file>', 'the state file'))
  .option('--account-id <id>', 'the default account (env TESSERA_ACCOUNT_ID)')
  .action(async (file: string, flags: ServeFlags) => (await state()).applyCommand(file, resolveConfig(flags)));

storeOptions(program.command('export-state').description("write a store's accounts in the state-file format (secrets left out unless --include-secrets)"))
  .option('--account-id <id>', 'the default account (env TESSERA_ACCOUNT_ID)')
  .option('--include-secrets', 'include access-key secrets, MFA seeds and other accounts\' root keys')
  .option('--json', 'JSON instead of YAML')
  .option('--output <file>', 'write to this file (mode 0600) instead of stdout')
  .action(async (flags: ServeFlags & { includeSecrets?: boolean; json?: boolean; output?: string }) =>
    (await state()).exportCommand(resolveConfig(flags), { includeSecrets: flags.includeSecrets ?? false, json: flags.json ?? false, output: flags.output }),
  );

// Every file the server and the admin commands create (database, WAL, blobs, keys) is the owner's alone.
const SERVER_COMMANDS = ['serve', 'admin', 'apply', 'export-state'];
if (SERVER_COMMANDS.includes(process.argv[2] ?? '')) process.umask(0o077);

// The client commands (and the AWS SDK they use) load only when they may run: not for serve / admin.
if (!SERVER_COMMANDS.includes(process.argv[2] ?? '')) {
  (await import('./client/index.js')).registerClientCommands(program);
}

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`tessera: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
