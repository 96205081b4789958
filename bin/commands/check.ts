/**
 * `darkroom check [--json] [--quick] [--no-sources]`: verifies the archive (tables, versions, indexes, file
 * fingerprints, state.db, source files) and names, for each problem, what it means and the command that fixes
 * it. Exit code 0 when nothing is damaged (warnings are printed), 1 when something is.
 */
import { Command } from 'commander';
import { configFrom, fail } from '../../core/cli-runtime.ts';
import type { CheckReport } from '../../core/store/check/findings.ts';

export function checkCommand(): Command {
  return new Command('check')
    .description('Verify the archive: tables and versions readable, data files unchanged (sha256), indexes, state.db, source files; exit 1 when damaged')
    .option('--json', 'print the report as JSON')
    .option('--quick', 'faster: no full table scan, no old versions, quick_check of state.db, source files by size only')
    .option('--no-sources', 'do not look at the source files (e.g. while the media drive is not mounted)')
    .action(async (opts: { json?: boolean; quick?: boolean; sources: boolean }, command: Command) => {
      try {
        const config = await configFrom(command);
        const { checkArchive } = await import('../../core/store/check/check-archive.ts');
        const report = await checkArchive(config.home, { quick: opts.quick === true, skipSources: !opts.sources });
        process.stdout.write(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
        process.exitCode = report.status === 'damaged' ? 1 : 0;
      } catch (err) {
        fail(err);
      }
    });
}

/** The report for a person: a verdict line, what was checked, then each finding with its meaning and fix. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  const verdict = { ok: 'the archive is whole', warnings: 'the archive is whole, with things to act on', damaged: 'the archive is DAMAGED' }[report.status];
  lines.push(`darkroom check ${report.home}: ${verdict}`);
  for (const t of report.tables) lines.push(`  table ${t.name}: version ${t.version ?? '?'}, ${t.versions} versions kept, ${t.rows ?? '?'} rows${t.indexes.length ? `, indexes: ${t.indexes.join('; ')}` : ''}`);
  lines.push(`  files: ${report.files.verified} of ${report.files.fingerprinted} fingerprinted files verified${report.files.newly_fingerprinted ? `, ${report.files.newly_fingerprinted} fingerprinted for the first time` : ''}`);
  lines.push(`  state.db: ${report.state.exists ? (report.state.ok ? 'ok' : 'DAMAGED') : 'none yet'}`);
  lines.push(`  source files: ${report.sources.checked} checked, ${report.sources.missing} missing, ${report.sources.changed} changed`);
  for (const f of report.findings) {
    lines.push('');
    lines.push(`${f.severity.toUpperCase()} [${f.code}] ${f.subject}`);
    lines.push(`  ${f.problem}`);
    lines.push(`  means: ${f.means}`);
    if (f.fix) lines.push(`  fix:   ${f.fix}`);
  }
  return lines.join('\n') + '\n';
}
