/** Subcommands that belong to neither side (models), registered by bin/cli.ts. */
import type { Command } from 'commander';
import { modelsCommand } from './models.ts';
import { proxiesCommand } from './proxies.ts';
import { serveCommand } from './serve.ts';
import { auditCommand } from './audit.ts';
import { checkCommand } from './check.ts';
import { tokensCommand } from './tokens.ts';
import { usersCommand } from './users.ts';

export function toolCommands(): Command[] {
  return [modelsCommand(), serveCommand(), proxiesCommand(), usersCommand(), tokensCommand(), auditCommand(), checkCommand()];
}
