/**
 * The audit trail's entry point for CLI commands (`darkroom ingest`, `search`, `ask`, …): the actor is the
 * local operator (`local`, via `cli`), written in the state store's write transaction. A store that cannot
 * be written only warns on stderr: the command's own work is done and stays done.
 */
import type { Runtime } from '../../../runtime.ts';
import { appendAudit, type AuditInput } from './audit.ts';

/** Appends one CLI entry (`actor` and `via` default to `local` and `cli`); on failure, says so on stderr and returns false. */
export function writeCliAudit(rt: Pick<Runtime, 'state'>, entry: Omit<AuditInput, 'actor'> & { actor?: string | null }): boolean {
  try {
    rt.state().write((db) => appendAudit(db, { ...entry, actor: entry.actor ?? 'local', via: entry.via ?? 'cli' }));
    return true;
  } catch (err) {
    process.stderr.write(`darkroom: ${entry.action} is done, but it could not be written to the audit trail: ${err instanceof Error ? err.message : String(err)}\n`);
    return false;
  }
}
