/** `tessera sessions list|clear`: the cached sessions (never their secrets). */
import type { Command } from 'commander';
import { clientCommand, usageExits } from './common.js';
import { listSessions, removeSession, sessionsDir } from './cache.js';
import { runAction } from './exitCodes.js';

export function registerSessions(program: Command): void {
  const sessions = clientCommand(program, 'sessions', 'the cached MFA and role sessions');
  usageExits(sessions.command('list').description('list cached sessions: profile, kind, role or MFA device, expiry'))
    .option('--json', 'JSON instead of a table')
    .action((flags: { json?: boolean }) =>
      runAction(async () => {
        const now = Date.now();
        const rows = listSessions().map(({ id, read }) =>
          read.state === 'ok'
            ? {
                Id: id,
                Profile: read.entry.profile,
                Kind: read.entry.kind,
                Label: read.entry.label,
                Expiration: read.entry.expiration,
                Status: Date.parse(read.entry.expiration) > now ? 'valid' : 'expired',
                ...(read.entry.mfaAuthTime ? { MfaAgeSeconds: Math.floor((now - Date.parse(read.entry.mfaAuthTime)) / 1000) } : {}),
                ...(read.entry.chained ? { Chained: true } : {}),
              }
            : { Id: id, Status: 'unreadable (tampered?)' },
        );
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stderr.write(`tessera: no cached sessions (${sessionsDir()})\n`);
          return;
        }
        const table = [['PROFILE', 'KIND', 'ROLE / MFA DEVICE', 'EXPIRES', 'STATUS'], ...rows.map((r) => ['Profile' in r ? [r.Profile, r.Kind + (r.Chained ? ' (chained)' : ''), r.Label, r.Expiration, r.Status] : ['?', '?', '?', '?', r.Status]].flat() as string[])];
        const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        process.stdout.write(table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n') + '\n');
      }),
    );
  usageExits(sessions.command('clear').description('remove cached sessions (all, or one profile\'s; unreadable entries always)'))
    .option('--profile <name>', 'only this profile\'s sessions')
    .action((flags: { profile?: string }) =>
      runAction(async () => {
        let n = 0;
        for (const { id, read } of listSessions()) {
          if (flags.profile && read.state === 'ok' && read.entry.profile !== flags.profile) continue;
          removeSession(id);
          n++;
        }
        process.stderr.write(`tessera: removed ${n} cached session${n === 1 ? '' : 's'}\n`);
      }),
    );
}
