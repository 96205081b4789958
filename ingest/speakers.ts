/**
 * `darkroom speakers rename|merge`: gives speaker labels (SRT/VTT voices, `Name:` lines, diarization labels such as
 * SPEAKER_00) the names the film uses, in one corpus or one source. The passages are renamed in place (speaker and
 * full-text columns; vectors kept), the select lists' copies follow (exports use them), and the change is recorded
 * (state.db `speaker_changes`, so that a source ingested again keeps the name, and the audit trail). Holds the
 * archive's writer lock.
 */
import { DarkroomError } from '../core/errors.ts';
import { listSpeakers, renameSpeakerPassages } from '../core/store/archive-speakers.ts';
import type { Archive } from '../core/store/archive.ts';
import { appendAudit } from '../core/store/state/access/audit.ts';
import type { StateStore } from '../core/store/state/open-state.ts';
import { recordSpeakerChange, renameSpeakerInSelects } from '../core/store/state/speaker-changes.ts';
import { withWriterLock, type WriterLockOptions } from '../core/store/writer-lock.ts';

export interface SpeakerChangeRequest {
  archive: Archive;
  state: StateStore;
  action: 'rename' | 'merge';
  corpus: string;
  /** One source (id); default: the whole corpus. */
  sourceId?: string | undefined;
  /** The labels to rename: one for rename, one or more for merge. */
  from: string[];
  to: string;
  actor?: string;
  lock?: Omit<WriterLockOptions, 'purpose'>;
}

export interface SpeakerChangeResult {
  action: 'rename' | 'merge';
  corpus: string;
  source_id: string | null;
  from: string[];
  to: string;
  passages: number;
  sources: string[];
  selects: number;
}

/** Longest speaker name accepted (a name, a role in brackets). */
const MAX_NAME = 100;

/**
 * @throws DarkroomError SPEAKER_UNKNOWN for a label not heard in the scope; INPUT_INVALID for an empty or too long
 *   name, or a rename onto a name that already exists (which is a merge: the message gives the command).
 */
export async function changeSpeakers(request: SpeakerChangeRequest): Promise<SpeakerChangeResult> {
  const to = request.to.trim();
  const from = [...new Set(request.from.map((f) => f.trim()))].filter((f) => f !== to);
  if (!to || to.length > MAX_NAME) throw new DarkroomError('INPUT_INVALID', `The new speaker name must be 1 to ${MAX_NAME} characters ("${request.to}").`);
  if (from.length === 0) throw new DarkroomError('INPUT_INVALID', `Give the speaker label to ${request.action} (other than "${to}").`);
  const where = `corpus "${request.corpus}"${request.sourceId ? ` (source ${request.sourceId})` : ''}`;
  return withWriterLock(request.archive.home, { ...request.lock, purpose: 'speakers' }, async () => {
    const known = await listSpeakers(request.archive, { corpus: request.corpus, sourceId: request.sourceId });
    const names = new Set(known.map((s) => s.speaker));
    const missing = from.filter((f) => !names.has(f));
    if (missing.length > 0) {
      throw new DarkroomError('SPEAKER_UNKNOWN', `No speaker ${missing.map((m) => `"${m}"`).join(', ')} in ${where}. \`darkroom speakers --corpus ${request.corpus}\` lists the speakers.`);
    }
    if (request.action === 'rename' && names.has(to)) {
      throw new DarkroomError(
        'INPUT_INVALID',
        `"${to}" is already a speaker in ${where}. To give ${from.map((f) => `"${f}"`).join(', ')}'s passages to them, merge: darkroom speakers merge ${from.map((f) => JSON.stringify(f)).join(' ')} --into ${JSON.stringify(to)} --corpus ${request.corpus}${request.sourceId ? ` --source ${request.sourceId}` : ''}`,
      );
    }
    const renamed = await renameSpeakerPassages(request.archive, { corpus: request.corpus, sourceId: request.sourceId }, from, to);
    let selects = 0;
    request.state.write((db) => {
      recordSpeakerChange(db, { at: new Date().toISOString(), actor: request.actor ?? 'local', action: request.action, corpus: request.corpus, source_id: request.sourceId ?? null, from_names: from, to_name: to, passages: renamed.passages });
      selects = renameSpeakerInSelects(db, request.corpus, request.sourceId ? [request.sourceId] : null, from, to);
      appendAudit(db, { actor: request.actor ?? 'local', via: 'cli', action: `speakers.${request.action}`, corpus: request.corpus, target: request.sourceId ?? null, details: { passages: renamed.passages, selects }, payload: `${from.join(', ')} -> ${to}` });
    });
    return { action: request.action, corpus: request.corpus, source_id: request.sourceId ?? null, from, to, passages: renamed.passages, sources: renamed.sourceIds, selects };
  });
}
