/**
 * Finds what a named thing belongs to, for the access checks: the corpus of a source or passage, the
 * corpus and owner of an answer or conversation. Null when it does not exist.
 */
import path from 'node:path';
import type { Resource } from '../../core/access/policy.ts';
import { isDarkroomError } from '../../core/errors.ts';
import type { Archive } from '../../core/store/archive.ts';
import type { AnswerStore } from '../records/answer-store.ts';
import { findPassage } from '../selects/selects-service.ts';
import type { ResourceLookup } from './authorize.ts';

export function createResourceLookup(deps: { archive: Archive; store: Pick<AnswerStore, 'getAnswer' | 'getConversation'> }): ResourceLookup {
  return async (kind, value): Promise<Resource | null> => {
    switch (kind) {
      case 'source': {
        // whats-said names a source by id or by its absolute path.
        const source = (await deps.archive.getSource(value)) ?? (path.isAbsolute(value) ? ((await deps.archive.listSources()).find((s) => s.path === path.resolve(value)) ?? null) : null);
        return source ? { corpora: [source.corpus] } : null;
      }
      case 'passage': {
        try {
          return { corpora: [(await findPassage(deps.archive, value)).corpus] };
        } catch (err) {
          if (isDarkroomError(err, 'NOT_FOUND')) return null;
          throw err;
        }
      }
      case 'answer': {
        const record = await deps.store.getAnswer(value);
        return record ? { corpora: [record.corpus], owners: [record.owner ?? null] } : null;
      }
      case 'conversation': {
        const found = await deps.store.getConversation(value);
        return found ? { corpora: [found.conversation.corpus], owners: [found.conversation.owner ?? null] } : null;
      }
    }
  };
}
