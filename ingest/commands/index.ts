/** The ingestion side's subcommands, registered by bin/cli.ts. */
import type { Command } from 'commander';
import { ingestCommand } from './ingest.ts';
import { reembedCommand } from './reembed.ts';
import { speakersCommand } from './speakers.ts';
import { transcribeCommand } from './transcribe.ts';
import { removeCommand, sourcesCommand } from './sources.ts';
import { restrictCommand } from './restrict.ts';
import { withdrawCommand } from './withdraw.ts';

export function ingestCommands(): Command[] {
  return [ingestCommand(), sourcesCommand(), removeCommand(), withdrawCommand(), restrictCommand(), reembedCommand(), transcribeCommand(), speakersCommand()];
}
