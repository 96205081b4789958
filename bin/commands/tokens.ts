/**
 * `darkroom tokens`: API tokens for machines (edit-suite panels, scripts), sent as `Authorization: Bearer <token>`
 * or in the socket.io handshake's `auth.token` (docs/access.md).
 *   tokens create --user <name> --name "Avid bay 2" [--json]   (the token is shown once)
 *   tokens list [--user <name>] [--json] | tokens revoke <id>
 */
import { Command } from 'commander';
import { CLI_ACTOR, withStateStore } from './state-command.ts';

export function tokensCommand(): Command {
  const tokens = new Command('tokens').description('API tokens for edit-suite panels and scripts: create (shown once), list, revoke');

  tokens
    .command('create')
    .description('Create a token that acts as a user; it is printed once and stored only as a hash')
    .requiredOption('--user <name>', 'the user the token acts as (their role and grants apply)')
    .requiredOption('--name <label>', 'what the token is for, e.g. "Avid bay 2"')
    .option('--json', 'print { id, token, user, name } as JSON')
    .action(async (opts: { user: string; name: string; json?: boolean }, command: Command) => {
      await withStateStore(command, async (state) => {
        const [{ createUserDirectory }, { createToken }, { DarkroomError }] = await Promise.all([
          import('../../core/store/state/access/users.ts'),
          import('../../core/store/state/access/credentials.ts'),
          import('../../core/errors.ts'),
        ]);
        const user = createUserDirectory(state).get(opts.user);
        if (!user) throw new DarkroomError('NOT_FOUND', `No user named "${opts.user}". Create one first: darkroom users add ${opts.user} --role viewer`);
        const label = opts.name.trim();
        if (label === '' || label.length > 100) throw new DarkroomError('INPUT_INVALID', 'Give the token a name of 1 to 100 characters, e.g. --name "Avid bay 2".');
        const created = createToken(state, { userId: user.id, userName: user.name, name: label, actor: CLI_ACTOR });
        if (opts.json) process.stdout.write(JSON.stringify({ id: created.id, token: created.token, user: user.name, name: label }, null, 2) + '\n');
        else process.stdout.write(`Token ${created.id} for ${user.name} (${label}). Copy it now, it is not shown again:\n${created.token}\n`);
      });
    });

  tokens
    .command('list')
    .description('List tokens: id, user, name, created, last used, revoked')
    .option('--user <name>', 'only this user\'s')
    .option('--json', 'print JSON')
    .action(async (opts: { user?: string; json?: boolean }, command: Command) => {
      await withStateStore(command, async (state) => {
        const [{ createUserDirectory }, { listTokens }] = await Promise.all([import('../../core/store/state/access/users.ts'), import('../../core/store/state/access/credentials.ts')]);
        const userId = opts.user ? (createUserDirectory(state).get(opts.user)?.id ?? '-') : undefined;
        const list = listTokens(state.db, userId);
        if (opts.json) process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        else if (list.length === 0) process.stdout.write('No token.\n');
        else for (const t of list) process.stdout.write(`${t.id}  ${t.user.padEnd(16)} ${t.name.padEnd(24)} created ${t.created_at}  last used ${t.last_used_at ?? 'never'}${t.revoked_at ? `  REVOKED ${t.revoked_at}` : ''}\n`);
      });
    });

  tokens
    .command('revoke')
    .description('Revoke a token: it stops working at once and its open sockets are disconnected')
    .argument('<id>', 'the token id (8 hex characters, from `darkroom tokens list`)')
    .action(async (id: string, _opts: unknown, command: Command) => {
      await withStateStore(command, async (state) => {
        const [{ revokeToken }, { DarkroomError }] = await Promise.all([import('../../core/store/state/access/credentials.ts'), import('../../core/errors.ts')]);
        if (!revokeToken(state, id, CLI_ACTOR)) throw new DarkroomError('NOT_FOUND', `No live token with id "${id}". \`darkroom tokens list\` lists them.`);
        process.stdout.write(`Revoked token ${id}.\n`);
      });
    });
  return tokens;
}
