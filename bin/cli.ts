/**
 * The `darkroom` command: the composition root of the CLI. Ingestion and server commands are
 * registered here; they never import each other.
 */
import { Command } from 'commander';
import { ingestCommands } from '../ingest/commands/index.ts';
import { serverCommands } from '../server/commands/index.ts';
import { toolCommands } from './commands/index.ts';
import { addGlobalOptions, fail } from '../core/cli-runtime.ts';

// `darkroom search … | head` closes stdout early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const program = addGlobalOptions(new Command('darkroom'))
  .description('Darkroom: a private archive assistant for documentary filmmakers. Everything stays on this machine.')
  .showHelpAfterError()
  .enablePositionalOptions(false);

for (const command of [...ingestCommands(), ...serverCommands(), ...toolCommands()]) program.addCommand(command);

await program.parseAsync(process.argv).catch(fail);
