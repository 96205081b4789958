/**
 * `darkroom users`: the people who may sign in, their roles and per-corpus grants (docs/access.md).
 *   users add <name> --role admin|editor|viewer [--password-stdin]
 *   users list [--json] | remove <name> | passwd <name> [--password-stdin]
 *   users grant <name> <corpus…> | revoke <name> [corpus…]
 */
import { Command } from 'commander';
import { CLI_ACTOR, readPassword, withStateStore } from './state-command.ts';

export function usersCommand(): Command {
  const users = new Command('users').description('People who may sign in, their roles (admin, editor, viewer) and the corpora granted to them');
  const directory = async (state: Parameters<Parameters<typeof withStateStore>[1]>[0]) => (await import('../../core/store/state/access/users.ts')).createUserDirectory(state);

  users
    .command('add')
    .description('Add a person (the password is asked twice, or read from standard input)')
    .argument('<name>', 'user name: letters, digits and . _ @ -')
    .requiredOption('--role <role>', 'admin (everything), editor (also selects, exports, ingest) or viewer (ask, search, read, play)')
    .option('--password-stdin', 'read the password from standard input (one line), for scripts')
    .action(async (name: string, opts: { role: string; passwordStdin?: boolean }, command: Command) => {
      await withStateStore(command, async (state) => {
        const dir = await directory(state);
        const password = await readPassword(opts.passwordStdin ?? false);
        const user = await dir.add({ name, role: opts.role, password, actor: CLI_ACTOR });
        process.stdout.write(`Added ${user.name} (${user.role}).${user.role === 'admin' ? '' : ` Grant corpora with: darkroom users grant ${user.name} <corpus…>`}\n`);
      });
    });

  users
    .command('list')
    .description('List people, roles and grants')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      await withStateStore(command, async (state) => {
        const list = (await directory(state)).list();
        if (opts.json) process.stdout.write(JSON.stringify(list.map(({ id: _id, ...u }) => u), null, 2) + '\n');
        else if (list.length === 0) process.stdout.write('No user yet: Darkroom runs as the single-person desk tool on loopback. Add an admin with: darkroom users add <name> --role admin\n');
        else for (const u of list) process.stdout.write(`${u.name.padEnd(20)} ${u.role.padEnd(7)} ${u.role === 'admin' ? 'every corpus' : u.corpora.length ? u.corpora.join(', ') : 'no corpus granted'}\n`);
      });
    });

  users
    .command('remove')
    .description('Remove a person; their sessions and tokens stop working at once')
    .argument('<name>')
    .action(async (name: string, _opts: unknown, command: Command) => {
      await withStateStore(command, async (state) => {
        (await directory(state)).remove(name, CLI_ACTOR);
        process.stdout.write(`Removed ${name}.\n`);
      });
    });

  users
    .command('passwd')
    .description('Change a password (signs that person out everywhere)')
    .argument('<name>')
    .option('--password-stdin', 'read the password from standard input (one line), for scripts')
    .action(async (name: string, opts: { passwordStdin?: boolean }, command: Command) => {
      await withStateStore(command, async (state) => {
        const dir = await directory(state);
        if (!dir.get(name)) {
          const { DarkroomError } = await import('../../core/errors.ts');
          throw new DarkroomError('NOT_FOUND', `No user named "${name}". \`darkroom users list\` lists them.`);
        }
        await dir.setPassword(name, await readPassword(opts.passwordStdin ?? false), CLI_ACTOR);
        process.stdout.write(`Changed the password of ${name}; their sessions were signed out.\n`);
      });
    });

  users
    .command('grant')
    .description('Let a person read corpora')
    .argument('<name>')
    .argument('<corpus...>')
    .action(async (name: string, corpora: string[], _opts: unknown, command: Command) => {
      await withStateStore(command, async (state) => {
        const user = (await directory(state)).grant(name, corpora, CLI_ACTOR);
        process.stdout.write(`${user.name} may read: ${user.corpora.join(', ')}\n`);
      });
    });

  users
    .command('revoke')
    .description('Take grants back (every grant when no corpus is named)')
    .argument('<name>')
    .argument('[corpus...]')
    .action(async (name: string, corpora: string[], _opts: unknown, command: Command) => {
      await withStateStore(command, async (state) => {
        const user = (await directory(state)).revoke(name, corpora, CLI_ACTOR);
        process.stdout.write(`${user.name} may read: ${user.corpora.length ? user.corpora.join(', ') : 'no corpus'}\n`);
      });
    });
  return users;
}
