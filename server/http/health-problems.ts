/**
 * What a degraded server says is broken, for GET /api/health and the web UI's banner: the state store could not
 * be opened at start, the archive's tables do not read, a LanceDB file is gone or cut (stat of the fingerprints
 * of core/store/integrity.ts, at most every few seconds), or a model the archive needs is missing.
 */
import { existsSync } from 'node:fs';
import type { DarkroomError } from '../../core/errors.ts';
import { describeStoreError } from '../../core/store/check/findings.ts';
import { statFingerprints } from '../../core/store/integrity.ts';
import { readWriterLock } from '../../core/store/writer-lock.ts';

/** One thing that is broken: its error code, what it is, what it means for the user, and the fix. */
export interface HealthProblem {
  code: 'STATE_UNAVAILABLE' | 'ARCHIVE_UNREADABLE' | 'ARCHIVE_DAMAGED' | 'MODEL_MISSING';
  what: string;
  means: string;
  fix: string;
}

/** What the health route needs beyond the chat's dependencies (server/main.ts passes it). */
export interface HealthDeps {
  home: string;
  /** Why the state store could not be opened at start; null when it opened. */
  stateError: DarkroomError | null;
  /** Configured model files and folders, by what they are for ("embedding model", "LLM"). */
  models: Array<{ what: string; path: string }>;
}

/** How long a fingerprint stat is reused (ms): health is polled, the stat walks every LanceDB file. */
export const FILE_PROBE_MS = 5_000;

/** Builds the problem finder of one server; `archiveError` is the error its archive reads threw (if any). */
export function createProblemFinder(deps: HealthDeps): (archiveError: unknown) => HealthProblem[] {
  let probed: { at: number; problem: HealthProblem | null } | null = null;
  const filesProblem = (): HealthProblem | null => {
    if (probed && Date.now() - probed.at < FILE_PROBE_MS) return probed.problem;
    const lock = readWriterLock(deps.home);
    const stat = statFingerprints(deps.home);
    // A live writer removes files it compacted away before it forgets their fingerprints.
    const missing = lock && !lock.stale ? [] : stat.missing;
    const bad = [...missing, ...stat.resized];
    const problem: HealthProblem | null =
      bad.length === 0
        ? null
        : {
            code: 'ARCHIVE_DAMAGED',
            what: `${missing.length} archive files missing and ${stat.resized.length} cut or overwritten (first: ${bad[0]}).`,
            means: 'Searches may fail or miss passages.',
            fix: 'Run `darkroom check` for the details, and the fix it names (docs/operations.md).',
          };
    probed = { at: Date.now(), problem };
    return problem;
  };
  return (archiveError) => {
    const problems: HealthProblem[] = [];
    if (archiveError) {
      problems.push({
        code: 'ARCHIVE_UNREADABLE',
        what: `The archive's tables cannot be read: ${describeStoreError(archiveError, deps.home)}.`,
        means: 'Search, answers and the list of sources do not work.',
        fix: 'Run `darkroom check` for the details, and the fix it names (docs/operations.md).',
      });
    }
    const files = filesProblem();
    if (files) problems.push(files);
    if (deps.stateError) {
      problems.push({
        code: 'STATE_UNAVAILABLE',
        what: deps.stateError.message,
        means: 'Playback works; search, answers, conversations, selects and sign-in do not: the restrictions (off-the-record ranges, embargoes) live in the state store, and search refuses rather than show restricted material blind (this server answers only this machine).',
        fix: 'Run `darkroom check`; put back a copy of state.db from your own backup, or move state.db (with its -wal and -shm files) away and restart the server (an empty state store has no restrictions, withdrawal records or users: re-apply them).',
      });
    }
    for (const m of deps.models) {
      if (!existsSync(m.path)) {
        problems.push({ code: 'MODEL_MISSING', what: `The ${m.what} ${m.path} is gone since the server started.`, means: 'The server keeps the copy it loaded; it will not start again as configured.', fix: `Put the model back at ${m.path}, or change the setting (\`darkroom models\` lists what is configured).` });
      }
    }
    return problems;
  };
}
