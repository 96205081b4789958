/**
 * What `darkroom check` reports: each problem with what it means for the archive's users and the command that
 * fixes it. `damaged` makes the check fail (exit 1, health "degraded"); `warning` is something to act on that
 * loses nothing yet; `info` is said for the record.
 */

export type Severity = 'damaged' | 'warning' | 'info';

export interface Finding {
  /** Stable machine-readable kind, e.g. `table-unreadable`, `file-bytes-changed`, `source-missing`. */
  code: string;
  severity: Severity;
  /** What it is about: a table, a file (relative to the archive folder), a source path, `state.db`. */
  subject: string;
  /** What is wrong, in one sentence. */
  problem: string;
  /** What it means for search, answers, playback. */
  means: string;
  /** The command (or step) that fixes it; null when nothing needs doing. */
  fix: string | null;
}

/** The whole report, as `darkroom check --json` prints it. */
export interface CheckReport {
  home: string;
  checked_at: string;
  /** `ok`: nothing damaged and no warning; `warnings`: something to act on; `damaged`: the archive is not whole. */
  status: 'ok' | 'warnings' | 'damaged';
  tables: Array<{ name: string; version: number | null; versions: number; rows: number | null; indexes: string[] }>;
  files: { fingerprinted: number; verified: number; newly_fingerprinted: number };
  sources: { checked: number; missing: number; changed: number };
  state: { exists: boolean; ok: boolean };
  findings: Finding[];
}

/** The report's status from its findings. */
export function statusOf(findings: readonly Finding[]): CheckReport['status'] {
  if (findings.some((f) => f.severity === 'damaged')) return 'damaged';
  if (findings.some((f) => f.severity === 'warning')) return 'warnings';
  return 'ok';
}

/**
 * A LanceDB error as one readable line: the first line of its message, without the Rust source locations
 * (`, /home/runner/…/src/io.rs:123:45`) and the archive folder shortened to a relative path.
 */
export function describeStoreError(err: unknown, home: string): string {
  const raw = err instanceof Error ? err.message : String(err);
  const first = (raw.split('\n')[0] ?? raw).split(/\s+Caused by:/)[0] ?? raw;
  return first
    .replace(/,?\s*(\/|[A-Za-z]:\\)\S*\.rs:\d+:\d+/g, '')
    .replace(/\s*\(?source: [^)]*\)?/g, '')
    .split(home.replace(/^\//, '') + '/').join('')
    .split(home + '/').join('')
    .trim();
}

/** The fix for damaged LanceDB files: a restore, or (no backup) a rebuild from the source files. */
export function rebuildFix(home: string): string {
  return `restore the archive folder from your last backup of it (made while no writer ran); with none, move ${home}/lance away and run \`darkroom ingest <folder> --corpus <name>\` again for each corpus (\`darkroom sources\` lists them)`;
}
