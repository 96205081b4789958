/**
 * Words that carry no content in a question put to an archive, English and French: function words, question
 * words, and the framing of a request ("According to", "Selon", "Find the moment", "Retrouve le passage",
 * "phrase"). Shared by query translation (core/lang/dictionary.ts) and the evidence gate (server/chat/evidence.ts).
 */

/** Lower case, accents removed: how stop words are compared. */
export function foldWord(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

const english =
  'a about above after again against all am an and any are as at be because been before being below between both but by can could ' +
  'did do does doing done down during each else ever few for from further get got had has have having he her here hers herself him ' +
  'himself his how i if in into is it its itself just like many me more most much my myself no nor not now of off on once only or other ' +
  'our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
  'those through to too under until up very was we were what when where which while who whom whose why will with would you your yours ' +
  'yourself yourselves also anyone anything someone something tell told say says said saying talk talks talked talking speak speaks ' +
  'spoke mention mentions mentioned describe describes described explain explains happened happen happens think thought know knew ' +
  'anybody archive archives interview interviews letter letters document documents passage passages recording recordings one ever ' +
  'way make made use used getting go went gone come came back found find try tried next far near place time times ' +
  'thing things call called instead old new first last two bring brought take took give gave let put see saw ' +
  'want wanted like liked well really still yet even ago kind sort part according show shows showing moment moments bit sentence ' +
  'phrase quote quotes scene clip footage where whereabouts did does ok okay please';

const french =
  'le la les un une des du de d l au aux et ou mais donc or ni car que qui quoi quel quelle quels quelles dont où ce cet cette ces ' +
  'son sa ses leur leurs mon ma mes ton ta tes il elle ils elles on nous vous je tu me te se lui y en est sont était étaient été être ' +
  'avoir a ont avait avaient eu fait faire dit dire dis disait parle parlé parler raconte raconter racontait pour par sur dans avec sans sous chez pas ne plus comme quand comment pourquoi ' +
  'combien qu c s n est-ce selon après avant alors ensuite puis passage passages moment extrait retrouve retrouver trouve trouver montre ' +
  'montrer cherche chercher phrase citation plan scène entretien interview archive archives document documents où ' +
  "là ici quelqu quelque chose t-il t-elle a-t-il a-t-elle est-il est-elle cela ça celui celle ceux tout tous toute toutes aussi très bien";

const stop = new Set([...english.split(/\s+/), ...french.split(/\s+/)].map(foldWord));

/** Whether a word (any case, any accents) is a function word or framing in English or French. */
export function isStopWord(word: string): boolean {
  return stop.has(foldWord(word));
}
