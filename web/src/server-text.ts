/**
 * The server's words in the interface language. The server writes its messages (abstention reasons, search
 * and cost notes, replay notes, errors) in English; this module gives each one the UI shows in French too:
 * known sentences by pattern (their variable parts kept), and every error by its code (core/errors.ts) with
 * a French headline. A French sentence the patterns do not know keeps the server's detail after that
 * headline, so nothing is hidden. Pure: unit-tested against the server's real messages.
 */
import type { ErrorCode } from '../../core/errors.ts';
import { getLanguage } from './i18n.ts';

type Rule = [RegExp, (m: RegExpExecArray, tr: (s: string) => string) => string];

const plural = (m: string | undefined) => m === 'do' || m === 'occur';

/** Known English sentences and their French, most specific first. */
const rules: Rule[] = [
  // Abstention (server/chat/service.ts, evidence.ts)
  [/^evidence: ([\s\S]+)$/, (m, tr) => `preuves : ${tr(m[1] ?? '')}`],
  [/^model: the answer says the passages do not hold it$/, () => 'modèle : la réponse dit que les passages ne la contiennent pas'],
  [/^The archive does not seem to hold the answer: ([\s\S]+?)(\n?)$/, (m, tr) => `L’archive ne semble pas contenir la réponse : ${tr(m[1] ?? '')}${m[2] ?? ''}`],
  [/^no passage of the archive matches the question\.$/, () => 'aucun passage de l’archive ne correspond à la question.'],
  [/^the question has no distinctive word to look for \(a name, a place, a thing\); ask about something specific\.$/, () => 'la question n’a aucun mot distinctif à chercher (un nom, un lieu, une chose) ; posez une question précise.'],
  [/^(.+) (does|do) not occur in any passage retrieved for the question\.$/, (m) => `${m[1]} ${plural(m[2]) ? 'n’apparaissent' : 'n’apparaît'} dans aucun passage retrouvé pour la question.`],
  [/^no passage holds most of the question's terms \(best: (\d+)%(?:; never found: (.+))?\)\.$/, (m) => `aucun passage ne contient la plupart des termes de la question (meilleur : ${m[1]} %${m[2] ? ` ; jamais trouvés : ${m[2]}` : ''}).`],
  [/^(.+) (occurs|occur) nowhere in the corpus\.$/, (m) => `${m[1]} ${plural(m[2]) ? 'n’apparaissent' : 'n’apparaît'} nulle part dans le corpus.`],
  // Search notes (core/search/search.ts, translate.ts)
  [/^No corpus is granted to you yet: ask an admin for a grant \(docs\/access\.md\)\.$/, () => 'Aucun corpus ne vous est encore ouvert : demandez un accès à un administrateur (docs/access.md).'],
  [/^the query has no word to match in the text \(only punctuation or symbols\)\.$/, () => 'la recherche n’a aucun mot à trouver dans le texte (seulement de la ponctuation ou des symboles).'],
  [/^semantic search is off for this query \(lexical mode\); full-text \(BM25\) only\.$/, () => 'recherche sémantique désactivée pour cette recherche (mode lexical) ; plein texte (BM25) seulement.'],
  [/^semantic search found no known word in the query; full-text only for this query\.$/, () => 'la recherche sémantique ne connaît aucun mot de la recherche ; plein texte seulement pour celle-ci.'],
  [/^semantic search is off: no embedding model configured \(DARKROOM_EMBED_MODEL\); full-text \(BM25\) only\.$/, () => 'recherche sémantique désactivée : aucun modèle d’embeddings configuré (DARKROOM_EMBED_MODEL) ; plein texte (BM25) seulement.'],
  [/^semantic search is off: this archive has no vectors yet \(run `darkroom reembed`\); full-text \(BM25\) only\.$/, () => 'recherche sémantique désactivée : cette archive n’a pas encore de vecteurs (lancez `darkroom reembed`) ; plein texte (BM25) seulement.'],
  [/^also searched in (\w+) through the bilingual dictionary \(FreeDict\): (.+)$/, (m) => `cherché aussi en ${m[1] === 'French' ? 'français' : m[1] === 'English' ? 'anglais' : m[1]} grâce au dictionnaire bilingue (FreeDict) : ${m[2]}`],
  [/^Corpus "(.+)" holds no passage yet(.*)\. Fill it with `(.+)`\.$/, (m) => `Le corpus « ${m[1]} » ne contient encore aucun passage${m[2]}. Remplissez-le avec \`${m[3]}\`.`],
  [/^The archive holds no passage yet(.*)\. Fill it with `(.+)`\.$/, (m) => `L’archive ne contient encore aucun passage${m[1]}. Remplissez-la avec \`${m[2]}\`.`],
  [/^The archive is empty: nothing is ingested yet(.*)\. Fill it with `(.+)`\.$/, (m) => `L’archive est vide : rien n’est encore ingéré${m[1]}. Remplissez-la avec \`${m[2]}\`.`],
  // Replay notes (server/chat/replay.ts)
  [/^the archive changed since the answer \(table version (\S+) then, (\S+) now\)\.$/, (m) => `l’archive a changé depuis la réponse (version de table ${m[1]} alors, ${m[2]} maintenant).`],
  [/^the recorded model has no file hash \(remote server\): identity of the model cannot be checked\.$/, () => 'le modèle enregistré n’a pas d’empreinte de fichier (serveur distant) : son identité ne peut être vérifiée.'],
  [/^the LLM abstained on evidence before generating: replayed the retrieval and evidence check\.$/, () => 'le LLM s’est abstenu faute de preuves avant de générer : la recherche et la vérification des preuves ont été rejouées.'],
  // The browser's own (web/src/api.ts)
  [/^the connection to the Darkroom server was lost; ask again once it is back$/, () => 'la connexion au serveur Darkroom est perdue ; reposez la question quand elle revient'],
  // Cost notes (core/cost/)
  [/^tokens, vram: no language model ran for this answer \(extractive\)$/, () => 'tokens, VRAM : aucun modèle de langue n’a tourné pour cette réponse (extractive)'],
  [/^tokens: not reported by the model server$/, () => 'tokens : non fournis par le serveur du modèle'],
  [/^vram: no GPU in use, or its memory cannot be read$/, () => 'VRAM : aucun GPU utilisé, ou sa mémoire est illisible'],
  [/^energy: not measurable here \((.+)\)$/, (m) => `énergie : non mesurable ici (${m[1]})`],
  [/^energy: whole machine, all processes: (.+)$/, (m) => `énergie : toute la machine, tous processus : ${m[1]}`],
  [/^energy: CPU not included \((.+)\)$/, (m) => `énergie : CPU non inclus (${m[1]})`],
];

/** A French headline for every error code the server can send. */
export const errorTitles: Record<'fr', Record<ErrorCode, string>> = {
  fr: {
    CONFIG_INVALID: 'Configuration invalide',
    MODEL_NOT_FOUND: 'Modèle introuvable',
    MODEL_INVALID: 'Modèle invalide',
    MODEL_MISMATCH: 'Le modèle ne correspond pas à l’archive',
    STORE_FAILED: 'L’archive n’a pas pu être lue ou écrite',
    STATE_UNAVAILABLE: 'L’historique (réponses, sélections) est indisponible ; la recherche fonctionne encore',
    RESTRICTED: 'Ce passage est restreint (hors micro, sous embargo ou retiré)',
    SPEAKER_UNKNOWN: 'Intervenant inconnu',
    CORPUS_UNKNOWN: 'Corpus inconnu',
    SOURCE_UNKNOWN: 'Source inconnue',
    ANSWER_UNKNOWN: 'Réponse inconnue',
    ANSWER_WITHDRAWN: 'Réponse retirée : des éléments qu’elle citait ont été retirés',
    INPUT_INVALID: 'Saisie invalide',
    PAYLOAD_TOO_LARGE: 'Envoi trop volumineux',
    EXTRACT_FAILED: 'Extraction du texte impossible',
    UNSUPPORTED_FILE: 'Type de fichier non pris en charge',
    TEXT_TOO_LARGE: 'Texte trop volumineux pour un seul document',
    MEDIA_FAILED: 'Lecture du média impossible',
    TRANSCRIBE_FAILED: 'Transcription impossible',
    TIMECODE_INVALID: 'Timecode invalide',
    FRAME_RATE_MISMATCH: 'Cadences d’images différentes',
    PROTOCOL_UNSUPPORTED: 'Version de protocole non prise en charge',
    LLM_FAILED: 'Le modèle de langue a échoué',
    LLM_UNAVAILABLE: 'Aucun modèle de langue configuré',
    BUSY: 'Serveur occupé : réessayez dans un instant',
    ARCHIVE_LOCKED: 'L’archive est verrouillée par une autre tâche',
    CANCELLED: 'Annulé',
    DOWNLOAD_FAILED: 'Téléchargement impossible',
    CHECKSUM_MISMATCH: 'Somme de contrôle incorrecte',
    NOT_FOUND: 'Introuvable',
    HOST_NOT_ALLOWED: 'Hôte non autorisé',
    ORIGIN_NOT_ALLOWED: 'Origine non autorisée',
    ENCODING_UNSUPPORTED: 'Encodage ou jeu de caractères non pris en charge',
    SOURCE_CHANGED: 'La source a changé sur le disque depuis son ingestion : ingérez-la de nouveau',
    UNAUTHENTICATED: 'Connexion requise',
    FORBIDDEN: 'Accès refusé',
    RATE_LIMITED: 'Trop de tentatives : patientez',
    AUTH_REQUIRED: 'Une authentification est requise',
    INTERNAL: 'Erreur interne du serveur',
  },
};

/** Codes the browser itself gives (not in core/errors.ts). */
const clientTitles: Record<string, string> = {
  DISCONNECTED: 'Connexion perdue',
};

/** `text` (a message from the server) in the interface language; null when no French is known for it. */
export function translateServerText(text: string): string | null {
  const tr = (s: string): string => translateServerText(s) ?? s;
  for (const [re, fr] of rules) {
    const m = re.exec(text);
    if (m) return fr(m, tr);
  }
  return null;
}

/** A server message as the UI shows it: unchanged in English, in French when known (else the English). */
export function serverText(text: string): string {
  return getLanguage() === 'fr' ? (translateServerText(text) ?? text) : text;
}

/**
 * An error from the server as the UI shows it: in English its message; in French the code's headline, then
 * the message in French when it is known, else the server's own detail.
 */
export function serverError(error: { code: string; message: string }): string {
  if (getLanguage() !== 'fr') return error.message;
  const known = translateServerText(error.message);
  const title = (errorTitles.fr as Record<string, string>)[error.code] ?? clientTitles[error.code] ?? `Erreur ${error.code}`;
  return known ? `${title} : ${known}` : `${title}. Détail du serveur : ${error.message}`;
}

/** Any error caught in the UI as text: a server error (with its code) through {@link serverError}, else its message. */
export function errorText(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && typeof e.message === 'string') return serverError({ code: e.code, message: e.message });
  return err instanceof Error ? err.message : String(err);
}
