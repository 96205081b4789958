/** The server side's subcommands (search, and later serve, ask, replay, export), registered by bin/cli.ts. */
import type { Command } from 'commander';
import { askCommand, replayCommand } from './ask.ts';
import { searchCommand } from './search.ts';
import { exportCommand } from './export.ts';
import { selectsCommand } from './selects.ts';

export function serverCommands(): Command[] {
  return [searchCommand(), askCommand(), replayCommand(), selectsCommand(), exportCommand()];
}
