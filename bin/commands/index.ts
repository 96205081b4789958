/** Subcommands that belong to neither side (models), registered by bin/cli.ts. */
import type { Command } from 'commander';

export function toolCommands(): Command[] {
  return [];
}
