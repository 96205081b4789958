/**
 * The "not found" errors of the things a request can name. Handlers raise them for a missing id; the access
 * adapters raise the very same for an id the caller may not see, so that a refusal and a missing id cannot
 * be told apart (no existence leak).
 */
import { DarkroomError } from '../errors.ts';

export function unknownCorpus(name: string): DarkroomError {
  return new DarkroomError('CORPUS_UNKNOWN', `No corpus named "${name}" in this archive. GET /api/corpora (or \`darkroom sources\`) lists the corpora; \`darkroom ingest <folder> --corpus ${name}\` creates one.`);
}

export function unknownSource(ref: string): DarkroomError {
  return new DarkroomError('SOURCE_UNKNOWN', `No source "${ref}" in the archive. It may have been removed: search again for a fresh citation, or give the file's absolute path as ingested (\`darkroom sources\` lists them).`);
}

export function unknownPassage(id: string): DarkroomError {
  return new DarkroomError('NOT_FOUND', `No passage ${id} in the archive. Use the id of a search hit or a citation's passage_id.`);
}

export function unknownAnswer(id: string): DarkroomError {
  return new DarkroomError('ANSWER_UNKNOWN', `No answer record "${id}". GET /api/conversations (or \`darkroom ask\` output) gives answer ids.`);
}

export function unknownConversation(id: string): DarkroomError {
  return new DarkroomError('NOT_FOUND', `No conversation "${id}". GET /api/conversations lists them; leave conversation_id out to start a new one.`);
}
