/** `darkroom export`: writes a corpus's select list as EDL, FCPXML, markers, locators or subtitles. */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { withRuntime } from '../../core/cli-runtime.ts';
import { exportRateNames } from '../exports/export-rate.ts';
import { exportFormatNames } from '../exports/types.ts';

export function exportCommand(): Command {
  return new Command('export')
    .description('Export a corpus\'s select list for an edit suite (EDL, FCPXML, markers, locators, SRT, WebVTT)')
    .requiredOption('-c, --corpus <name>', 'the corpus whose select list to export')
    .requiredOption('-f, --format <format>', exportFormatNames.join(', '))
    .option('--fps <rate>', `timeline rate: ${exportRateNames.join(', ')} (default: the first clip's rate)`)
    .option('--title <title>', 'sequence title (default "<corpus> selects")')
    .option('-o, --out <file-or-folder>', 'write here (a folder gets the suggested file name); default: standard output')
    .action(async (opts: { corpus: string; format: string; fps?: string; title?: string; out?: string }, command: Command) => {
      await withRuntime(command, async (rt) => {
        const [{ createSelectsService }, { openSelectStore }] = await Promise.all([import('../selects/selects-service.ts'), import('../selects/select-store.ts')]);
        const selects = createSelectsService({ archive: rt.archive, store: await openSelectStore(rt.config.home, { state: rt.state() }) });
        const request = { format: opts.format, ...(opts.fps ? { fps: opts.fps } : {}), ...(opts.title ? { title: opts.title } : {}) };
        const file = await selects.exportList(opts.corpus, request);
        if (!opts.out) {
          process.stdout.write(file.body);
          return;
        }
        const target = isFolder(opts.out) ? path.join(opts.out, file.filename) : opts.out;
        writeFileSync(target, file.body);
        process.stderr.write(`wrote ${target}\n`);
      });
    });
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
