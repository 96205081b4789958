/**
 * The one place every reader of passages and media asks about restrictions (docs/consent.md): search (and so
 * the chat's retrieval, its evidence check and the LLM prompt, over HTTP, sockets and the CLI), the edit suite's
 * "what's said here", the document viewer's text, /media, selects and exports. Read from the state store at
 * every call (one small query), so a restriction added or lifted by another process, or an embargo whose date
 * has come, holds for the very next request, without re-ingesting anything.
 *
 * Fails closed: when the state store cannot be read, the gate throws STATE_UNAVAILABLE rather than serve
 * material that may be off the record.
 */
import { DarkroomError } from '../errors.ts';
import type { Archive } from '../store/archive.ts';
import { openStateStore, type StateStore } from '../store/state/open-state.ts';
import { activeRestrictions } from './restriction-store.ts';
import { cutPassage, overlapsRange, restrictionKind, type GatedPassage, type Restriction } from './restrictions.ts';

/** The restrictions in force for one request. */
export interface RestrictionGate {
  readonly restrictions: readonly Restriction[];
  /** Sources restricted whole (an embargo without range or pages): searches leave them out in the query itself. */
  readonly closedSources: readonly string[];
  /** Whether any restriction concerns this source. */
  touches(sourceId: string): boolean;
  /** The passage cut at restricted edges, or null when nothing of it may be shown (see {@link cutPassage}). */
  cut<P extends GatedPassage>(passage: P): P | null;
  /** The restrictions of one source. */
  of(sourceId: string): Restriction[];
  /**
   * Refuses (RESTRICTED) a source restricted whole, or a span of it (seconds, or a page) that a restriction covers.
   * `what` names it in the message (a file name).
   */
  assertOpen(sourceId: string, what: string, span?: { start_s?: number | null; end_s?: number | null; page?: number | null }): void;
}

const stores = new WeakMap<Archive, () => StateStore>();

/** Has the gate of `archive` read restrictions through this (shared) state store handle: the runtime's. */
export function attachRestrictionStore(archive: Archive, state: () => StateStore): void {
  stores.set(archive, state);
}

/** The restrictions in force now for this archive. @throws DarkroomError STATE_UNAVAILABLE when they cannot be read. */
export function restrictionGate(archive: Archive): RestrictionGate {
  let state = stores.get(archive);
  if (!state) {
    let opened: StateStore | null = null;
    state = () => (opened ??= openStateStore(archive.home));
    stores.set(archive, state);
  }
  let restrictions: Restriction[];
  try {
    restrictions = activeRestrictions(state().db);
  } catch (cause) {
    throw new DarkroomError(
      'STATE_UNAVAILABLE',
      `Off-the-record ranges and embargoes cannot be read from the state store (${(cause as Error).message}), so no passage or media is served rather than risk showing restricted material. Run \`darkroom check\`; put back a copy of state.db from your own backup, or move it away to start an empty one (restrictions would then be lost).`,
      { cause },
    );
  }
  return gateOf(restrictions);
}

/** The gate for a given list of restrictions (pure). */
export function gateOf(restrictions: readonly Restriction[]): RestrictionGate {
  const bySource = new Map<string, Restriction[]>();
  for (const r of restrictions) bySource.set(r.source_id, [...(bySource.get(r.source_id) ?? []), r]);
  const closedSources = [...bySource.entries()].filter(([, rs]) => rs.some((r) => restrictionKind(r) === 'source')).map(([id]) => id);
  return {
    restrictions,
    closedSources,
    touches: (id) => bySource.has(id),
    of: (id) => bySource.get(id) ?? [],
    cut: (passage) => (bySource.has(passage.source_id) ? cutPassage(passage, bySource.get(passage.source_id) ?? []) : passage),
    assertOpen(sourceId, what, span) {
      for (const r of bySource.get(sourceId) ?? []) {
        const until = r.until ? ` until ${r.until}` : '';
        const kind = restrictionKind(r);
        if (kind === 'source') throw new DarkroomError('RESTRICTED', `${what} is under embargo${until}: it is not shown, played or exported. \`darkroom restrict --list\` shows restrictions; an admin lifts one with \`darkroom restrict <source> --clear\`.`);
        if (kind === 'pages' && span?.page !== undefined && span.page !== null && r.first_page !== null && r.last_page !== null && span.page >= r.first_page && span.page <= r.last_page) {
          throw new DarkroomError('RESTRICTED', `Page ${span.page} of ${what} is off the record (pages ${r.first_page}-${r.last_page}${until}). Choose material outside it, or ask an admin to lift it (\`darkroom restrict <source> --clear\`).`);
        }
        if (kind === 'range' && span?.start_s !== undefined && span.start_s !== null) {
          const end = span.end_s ?? span.start_s;
          const inside = overlapsRange(r, span.start_s, end) || (end === span.start_s && r.start_s !== null && r.end_s !== null && end >= r.start_s && end < r.end_s);
          if (inside) throw new DarkroomError('RESTRICTED', `${what} from ${formatSeconds(span.start_s)} to ${formatSeconds(end)} overlaps a range off the record (${formatSeconds(r.start_s as number)} to ${formatSeconds(r.end_s as number)}${until}). Choose material outside it, or ask an admin to lift it (\`darkroom restrict <source> --clear\`).`);
        }
      }
    },
  };
}

/** Seconds as h:mm:ss.s for messages. */
export function formatSeconds(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s - h * 3600 - m * 60;
  return `${h}:${String(m).padStart(2, '0')}:${sec.toFixed(1).padStart(4, '0')}`;
}
