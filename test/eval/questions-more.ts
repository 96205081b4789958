/**
 * The harder half of the eval, written by hand from the material itself (../shared/corpora/archive-sample and
 * corpora/demo/archive), before any tuning and without looking at what search returns: questions in the
 * asker's own words, across languages both ways, find-the-moment, multi-source, unanswerable questions that
 * share the archive's words, and follow-ups. See test/eval/question-set.ts for the fields and the split.
 */
import type { EvalFollowUp, EvalItem } from './question-set.ts';

const A002 = 'rushes/rush_A002_jean_salt_pans.srt';
const A003 = 'rushes/rush_A003_marie_interview.vtt';
const A004 = 'rushes/rush_A004_thomas_biscuit_tin.txt';
const A001 = ['rushes/rush_A001_jean_harbour.mp4', 'rushes/rush_A001_jean_harbour.srt'];
const COUNCIL = 'documents/conseil_municipal_port-lenan_1953-1954.pdf';
const LOUISE = 'letters/1953-02-17_lettre_louise_morvan_a_anne.txt';
const ODILE = 'letters/1954-08-28_lettre_odile_guerin_a_marie.txt';
const MARIE_1954 = 'letters/1954-11-07_lettre_de_marie_montreal.txt';
const FRASER = 'letters/1955-03-08_letter_margaret_fraser_to_the_morvans.txt';
const JEAN_1955 = 'letters/1955-09-18_lettre_jean_a_marie.txt';
const MARIE_1957 = 'letters/1957-12-02_letter_marie_to_jean_in_english.txt';
const MARIE_1962 = 'letters/1962-06-10_lettre_marie_a_odile_guerin.txt';
/** Marie's interview: cue times are the camera's time of day in seconds (14:00:00 = 50,400 s). */
const tod = (h: number, m: number, s: number) => h * 3600 + m * 60 + s;

const L = 'letters/stewart_homesteader';
const COTS = 'transcripts/children_of_the_struggle';
const FORNEY = `${COTS}/forney_interview_2015-10-01.srt`;
const POOLE = `${COTS}/poole_interview_2024-11-09.txt`;
const RUTHERFORD = `${COTS}/rutherford_interview_2015-08-23.vtt`;
const MCKESSON = `${COTS}/mckesson_interview_2024-11-09.vtt`;
const ANDREWS = `${COTS}/andrews_interview_2024-11-09.vtt`;
const APOLLO = 'transcripts/apollo13/apollo13_air_to_ground_GET_055h30-056h30.vtt';
const STEWART_PDF = 'pdf/stewart_letters_XIII-XVIII_1911-1913.pdf';
const HAUTEFORT = 'letters_fr/cousin_madame_de_hautefort_1856_extrait.txt';
const SETON = 'pdf/conan_elisabeth_seton_1903_extrait.pdf';
const ROSALIE = 'pdf/achard_rosalie_de_constant_1901_extrait.pdf';
const CARLTON = 'pdf/carlton_report_integration_morganton_2024.pdf';
const FORNEY_PDF = 'pdf/forney_a_change_has_come_impact_statement_2025.pdf';

const demo = (item: Omit<EvalItem, 'corpus'>): EvalItem => ({ ...item, corpus: 'demo' });
const sample = (item: Omit<EvalItem, 'corpus'>): EvalItem => ({ ...item, corpus: 'sample' });
const a001 = (at_s: number, phrase?: string) => A001.map((file) => ({ file, at_s, ...(phrase ? { phrase } : {}) }));

export const moreQuestions: EvalItem[] = [
  // Demo: the ten questions of corpora/demo/README.md, as written there.
  demo({ id: 'demo-readme-flood', category: 'worded', question: 'Where does Marie talk about the flood?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 2, 34) }, { file: A003, at_s: tod(14, 7, 5) }], facts: ['flood'] }),
  demo({ id: 'demo-readme-ecole-1954', category: 'worded', question: "Que dit la lettre de 1954 sur l'école ?", language: 'fr', source: 'fr', sources: [{ file: ODILE }, { file: MARIE_1954 }], facts: ['fermée'] }),
  demo({ id: 'demo-readme-oeillets', category: 'worded', question: "Combien d'œillets ont été noyés par la tempête ?", language: 'fr', source: 'fr', sources: [{ file: COUNCIL, page: 1 }], facts: ['212'] }),
  demo({ id: 'demo-readme-hirondelle', category: 'worded', question: "Où a-t-on retrouvé l'Hirondelle ?", language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 195 }, ...a001(12), { file: COUNCIL, page: 1 }, { file: LOUISE }], facts: ['Kervel'] }),
  demo({ id: 'demo-readme-prix-sel', category: 'worded', question: 'Quel était le prix du sel en 1955 ?', language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 280 }, { file: JEAN_1955 }], facts: ['quatre mille huit cents|4 800|4800|four thousand eight hundred'] }),
  demo({ id: 'demo-readme-canada', category: 'worded', question: 'Why did Marie leave for Canada?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 5, 5) }, { file: A002, at_s: 301 }], facts: ['Fraser|école normale|argent'] }),
  demo({ id: 'demo-readme-guerin', category: 'worded', question: 'Who was Mademoiselle Guérin?', language: 'en', source: 'en', sources: [{ file: A004, at_s: 131 }, { file: A003, at_s: tod(14, 3, 55) }, { file: COUNCIL, page: 3 }], facts: ['teacher|institutrice'] }),
  demo({ id: 'demo-readme-school-close', category: 'worded', question: 'When did the school close?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 4, 45) }, { file: COUNCIL, page: 3 }], facts: ['july|juillet', '1954'] }),
  demo({ id: 'demo-readme-fraser', category: 'worded', question: "What did Mrs. Fraser write to Marie's parents?", language: 'en', source: 'en', sources: [{ file: FRASER }, { file: A004, at_s: 189 }] }),
  demo({ id: 'demo-readme-biscuit', category: 'worded', question: 'What is in the biscuit tin?', language: 'en', source: 'en', sources: [{ file: A004, at_s: 9 }, { file: A004, at_s: 28 }], facts: ['letters'] }),

  // Demo: paraphrased, same language.
  demo({ id: 'demo-para-mother-silent', category: 'paraphrase', question: "How did Marie's mother react on the morning after the sea came in?", language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 3, 15) }], facts: ["didn't say a word|not one word"] }),
  demo({ id: 'demo-para-hull-wound', category: 'paraphrase', question: 'What did Marie compare the damaged hull of her father’s boat to?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 3, 35) }], facts: ['wound'] }),
  demo({ id: 'demo-para-pupils-left', category: 'paraphrase', question: 'How many pupils were still enrolled when the village class was shut down?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 4, 30) }, { file: COUNCIL, page: 3 }, { file: ODILE }], facts: ['nine|neuf'] }),
  demo({ id: 'demo-para-weekly-pay', category: 'paraphrase', question: 'How much was the young woman paid each week by the family in Montreal?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 5, 10) }, { file: MARIE_1954 }], facts: ['five dollars|cinq dollars'] }),
  demo({ id: 'demo-para-son-job', category: 'paraphrase', question: 'What does Marie’s son do for a living?', language: 'en', source: 'en', sources: [{ file: A004, at_s: 154 }], facts: ['history'] }),
  demo({ id: 'demo-para-priest', category: 'paraphrase', question: 'Who read the English letter to the grandparents, since they did not know the language?', language: 'en', source: 'en', sources: [{ file: A004, at_s: 189 }], facts: ['priest'] }),
  demo({ id: 'demo-para-coat', category: 'paraphrase', question: 'What did the warm coat bought for her first Canadian winter cost?', language: 'en', source: 'en', sources: [{ file: A004, at_s: 49 }, { file: MARIE_1954 }], facts: ['forty-two|quarante-deux'] }),
  demo({ id: 'demo-para-fiance', category: 'paraphrase', question: 'Who was Marie going to marry, and what was his trade?', language: 'en', source: 'en', sources: [{ file: MARIE_1957, phrase: 'electrician' }], facts: ['electrician'] }),
  demo({ id: 'demo-para-exam', category: 'paraphrase', question: 'When did Marie get through the entrance test of the teachers’ college?', language: 'en', source: 'en', sources: [{ file: MARIE_1957, phrase: 'passed the examination' }], facts: ['June'] }),
  demo({ id: 'demo-para-skating', category: 'paraphrase', question: 'Did Marie take up any winter sport in Canada?', language: 'en', source: 'en', sources: [{ file: FRASER }, { file: A004, at_s: 189 }, { file: MARIE_1957 }], facts: ['skate'] }),
  demo({ id: 'demo-para-ane', category: 'paraphrase', question: "Comment s'appelait la bête qu'on a sauvée de l'écurie inondée ?", language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 136 }, { file: LOUISE }], facts: ['Bijou'] }),
  demo({ id: 'demo-para-jean-retraite', category: 'paraphrase', question: "Jusqu'à quelle année Jean a-t-il travaillé dans les marais ?", language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 365 }], facts: ['1979'] }),
  demo({ id: 'demo-para-bebe', category: 'paraphrase', question: "Combien pesait l'enfant de Marie à la naissance ?", language: 'fr', source: 'fr', sources: [{ file: MARIE_1962 }], facts: ['sept livres'] }),
  demo({ id: 'demo-para-classe-verdun', category: 'paraphrase', question: 'Combien de gamins Marie avait-elle dans sa classe au Québec ?', language: 'fr', source: 'fr', sources: [{ file: MARIE_1962 }], facts: ['trente-deux'] }),
  demo({ id: 'demo-para-devis-digue', category: 'paraphrase', question: 'Combien devait coûter la remise en état du barrage contre la mer ?', language: 'fr', source: 'fr', sources: [{ file: COUNCIL, page: 2 }], facts: ['4 200 000'] }),
  demo({ id: 'demo-para-transport', category: 'paraphrase', question: "Qui emmenait les écoliers jusqu'au village voisin une fois la classe fermée ?", language: 'fr', source: 'fr', sources: [{ file: COUNCIL, page: 3 }, { file: ODILE }, { file: MARIE_1954 }], facts: ['boulanger'] }),
  demo({ id: 'demo-para-recolte-1955', category: 'paraphrase', question: 'Combien de tonnes ont été produites la première bonne année après le désastre ?', language: 'fr', source: 'fr', sources: [{ file: JEAN_1955 }], facts: ['dix-neuf'] }),
  demo({ id: 'demo-para-fonds-secours', category: 'paraphrase', question: 'Quelle somme la mairie a-t-elle mise de côté pour aider les familles sinistrées ?', language: 'fr', source: 'fr', sources: [{ file: COUNCIL, page: 2 }], facts: ['250 000'] }),

  // Demo: English questions about French sources.
  demo({ id: 'demo-cross-jean-born', category: 'cross', question: 'In what year was Jean Morvan born?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 12 }], facts: ['1929'] }),
  demo({ id: 'demo-cross-tide', category: 'cross', question: 'How strong was the tide on the night the dyke broke?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 30 }, { file: COUNCIL, page: 1 }], facts: ['112'] }),
  demo({ id: 'demo-cross-wall-length', category: 'cross', question: 'How many metres of the sea wall gave way?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 119 }, { file: LOUISE }, { file: COUNCIL, page: 1 }], facts: ['soixante'] }),
  demo({ id: 'demo-cross-salt-lost', category: 'cross', question: 'How much salt did the cooperative lose in the storm?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 172 }, { file: COUNCIL, page: 1 }, { file: LOUISE }], facts: ['trois cents'] }),
  demo({ id: 'demo-cross-casualties', category: 'cross', question: 'Was anyone killed in the storm?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 213 }, { file: COUNCIL, page: 1 }], facts: ['personne|aucune victime'] }),
  demo({ id: 'demo-cross-school-age', category: 'cross', question: 'How old was the village school when it closed?', language: 'en', source: 'fr', sources: [{ file: COUNCIL, page: 3 }], facts: ['soixante-douze'] }),
  demo({ id: 'demo-cross-rake', category: 'cross', question: 'What tool do the salt workers use to pull the coarse salt?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 50 }], facts: ['las|râteau'] }),
  demo({ id: 'demo-cross-families-went', category: 'cross', question: 'Where did the families who left the marsh go?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 255 }, { file: ODILE }], facts: ['Nantes'] }),
  demo({ id: 'demo-cross-price-fall', category: 'cross', question: 'Why did the price of salt fall?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 287 }, { file: JEAN_1955 }, { file: COUNCIL, page: 2 }], facts: ['Midi'] }),
  demo({ id: 'demo-cross-thomas-born', category: 'cross', question: 'On what day was Thomas born?', language: 'en', source: 'fr', sources: [{ file: MARIE_1962 }], facts: ['21 mai'] }),
  demo({ id: 'demo-cross-first-snow', category: 'cross', question: 'What did the children do to Marie when the first snow fell?', language: 'en', source: 'fr', sources: [{ file: MARIE_1954 }], facts: ['jetée'] }),
  demo({ id: 'demo-cross-boat-repair', category: 'cross', question: 'What wood did the father use to mend his boat?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 203 }, ...a001(17), { file: JEAN_1955 }, { file: LOUISE }], facts: ['planches'] }),

  // Demo: French questions about English sources.
  demo({ id: 'demo-cross-fr-tin-count', category: 'cross', question: 'Combien de lettres Thomas a-t-il trouvées dans la boîte ?', language: 'fr', source: 'en', sources: [{ file: A004, at_s: 28 }], facts: ['ninety-six'] }),
  demo({ id: 'demo-cross-fr-tin-look', category: 'cross', question: 'À quoi ressemble la boîte en fer ?', language: 'fr', source: 'en', sources: [{ file: A004, at_s: 9 }], facts: ['blue'] }),
  demo({ id: 'demo-cross-fr-return', category: 'cross', question: 'Marie est-elle retournée au village, et en quelle année ?', language: 'fr', source: 'en', sources: [{ file: A003, at_s: tod(14, 6, 40) }], facts: ['1973'] }),
  demo({ id: 'demo-cross-fr-fraser-kids', category: 'cross', question: "Comment s'appelaient les enfants dont Marie s'occupait ?", language: 'fr', source: 'en', sources: [{ file: FRASER }], facts: ['Heather'] }),
  demo({ id: 'demo-cross-fr-salt-box', category: 'cross', question: 'Combien coûtait une petite boîte de sel dans une épicerie de Montréal ?', language: 'fr', source: 'en', sources: [{ file: MARIE_1957 }], facts: ['fifteen cents'] }),
  demo({ id: 'demo-cross-fr-years-teaching', category: 'cross', question: 'Pendant combien d’années Marie a-t-elle enseigné ?', language: 'fr', source: 'en', sources: [{ file: A003, at_s: tod(14, 6, 20) }], facts: ['thirty-four'] }),
  demo({ id: 'demo-cross-fr-ten-dollars', category: 'cross', question: "Combien d'argent Marie envoie-t-elle à son frère dans sa lettre en anglais ?", language: 'fr', source: 'en', sources: [{ file: MARIE_1957 }], facts: ['ten dollars'] }),
  demo({ id: 'demo-cross-fr-mother-died', category: 'cross', question: 'En quelle année la mère de Marie est-elle morte ?', language: 'fr', source: 'en', sources: [{ file: A003, at_s: tod(14, 6, 0) }, { file: A004, at_s: 9 }], facts: ['1988'] }),

  // Demo: find the moment.
  demo({ id: 'demo-moment-taste', category: 'moment', question: 'Find the moment where Marie tastes the salt with her finger', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 6, 45) }] }),
  demo({ id: 'demo-moment-real-storm', category: 'moment', question: 'Show me where Marie says losing the school hurt more than the flood', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 7, 8) }] }),
  demo({ id: 'demo-moment-bag', category: 'moment', question: 'Retrouve le passage où Jean parle du petit sac de fleur de sel', language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 324 }] }),
  demo({ id: 'demo-moment-woke', category: 'moment', question: 'Le moment où le père réveille Jean en pleine nuit', language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 97 }] }),
  demo({ id: 'demo-moment-tease', category: 'moment', question: 'The bit where Jean says his sister wrote to him in English to annoy him', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 356 }] }),
  demo({ id: 'demo-moment-tired', category: 'moment', question: 'Find the moment Thomas quotes his grandmother saying she was tired of the sea', language: 'en', source: 'en', sources: [{ file: A004, at_s: 117 }] }),
  demo({ id: 'demo-moment-harbour', category: 'moment', question: "Le plan où Jean montre l'endroit où le bateau de son père était amarré", language: 'fr', source: 'fr', sources: a001(2) }),

  // Demo: answers in more than one source (every listed file counts as one of the sources).
  demo({ id: 'demo-multi-hirondelle', category: 'multi', question: 'What became of the Hirondelle after the storm, and how long did she sail afterwards?', language: 'en', source: 'fr', sources: [{ file: A002, at_s: 203 }, ...a001(22), { file: JEAN_1955 }, { file: LOUISE }] }),
  demo({ id: 'demo-multi-school-closing', category: 'multi', question: 'Why did the Port-Lénan school close?', language: 'en', source: 'fr', sources: [{ file: COUNCIL, page: 3 }, { file: ODILE }, { file: A003, at_s: tod(14, 4, 30) }] }),
  demo({ id: 'demo-multi-bag', category: 'multi', question: 'The little bag of fleur de sel: who gave it to Marie, and did she ever open it?', language: 'en', source: 'en', sources: [{ file: A003, at_s: tod(14, 5, 25) }, { file: A002, at_s: 324 }, { file: MARIE_1957 }], facts: ['never opened'] }),
  demo({ id: 'demo-multi-prix', category: 'multi', question: 'Comment le prix du sel a-t-il évolué après la tempête ?', language: 'fr', source: 'fr', sources: [{ file: A002, at_s: 280 }, { file: JEAN_1955 }, { file: COUNCIL, page: 2 }, { file: MARIE_1957 }] }),
  demo({ id: 'demo-multi-sherbrooke', category: 'multi', question: 'How did Marie come to study at the teachers’ college on Sherbrooke Street?', language: 'en', source: 'fr', sources: [{ file: ODILE }, { file: FRASER }, { file: MARIE_1957 }, { file: MARIE_1962 }] }),

  // Demo: nothing in the archive answers these, though they share its words.
  demo({ id: 'demo-unans-boat-price', category: 'unanswerable', question: 'How much did Yves Morvan pay for the Hirondelle?', language: 'en', source: 'en', sources: [] }),
  demo({ id: 'demo-unans-dog', category: 'unanswerable', question: 'What was the name of the Frasers’ dog?', language: 'en', source: 'en', sources: [] }),
  demo({ id: 'demo-unans-kerbrat-mayor', category: 'unanswerable', question: 'Who was the mayor of Kerbrat?', language: 'en', source: 'en', sources: [] }),
  demo({ id: 'demo-unans-guerin-death', category: 'unanswerable', question: 'Quand Mademoiselle Guérin est-elle morte ?', language: 'fr', source: 'fr', sources: [] }),
  demo({ id: 'demo-unans-church', category: 'unanswerable', question: 'In which church did Marie and Paul Tremblay get married?', language: 'en', source: 'en', sources: [] }),
  demo({ id: 'demo-unans-prix-1975', category: 'unanswerable', question: 'Quel était le prix du sel en 1975 ?', language: 'fr', source: 'fr', sources: [] }),
  demo({ id: 'demo-unans-thomas-wife', category: 'unanswerable', question: 'What is the name of Thomas Tremblay’s wife?', language: 'en', source: 'en', sources: [] }),
  demo({ id: 'demo-unans-tempete-1978', category: 'unanswerable', question: 'Que raconte Jean sur la tempête de 1978 ?', language: 'fr', source: 'fr', sources: [] }),

  // Sample: paraphrased, same language.
  sample({ id: 'sample-para-bagpipe', category: 'paraphrase', question: 'What tune did her employer keep playing on his Scottish instrument?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_01_1909-04-18.txt`, phrase: 'Campbells are Coming' }], facts: ['Campbells'] }),
  sample({ id: 'sample-para-seasons', category: 'paraphrase', question: 'How many seasons does the valley have, according to the newcomer?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_01_1909-04-18.txt`, phrase: 'three seasons' }], facts: ['three seasons'] }),
  sample({ id: 'sample-para-snow', category: 'paraphrase', question: 'Why had she not yet claimed her land when she first arrived?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_01_1909-04-18.txt`, phrase: 'fifteen feet deep' }], facts: ['fifteen feet'] }),
  sample({ id: 'sample-para-county-seat', category: 'paraphrase', question: 'Which town did she travel to in order to register her homestead?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_02_1909-05-24.txt`, phrase: 'Green River' }], facts: ['Green River'] }),
  sample({ id: 'sample-para-wolf', category: 'paraphrase', question: 'What wild animal watched their wagon from the edge of the gorge?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_02_1909-05-24.txt`, phrase: 'great wolf' }], facts: ['wolf'] }),
  sample({ id: 'sample-para-confession', category: 'paraphrase', question: 'What was the secret she was ashamed to admit to her friend?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_09_1910-04-05.txt`, phrase: 'marry Mr. Stewart' }], facts: ['marry Mr. Stewart'] }),
  sample({ id: 'sample-para-pattersons', category: 'paraphrase', question: 'How far away do the Pattersons live from her?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_09_1910-04-05.txt`, phrase: 'twenty-five miles' }], facts: ['twenty-five miles'] }),
  sample({ id: 'sample-para-zebulon-home', category: 'paraphrase', question: 'How did the old mountain man get back to his relatives in Arkansas?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_07_1909-12-28.txt`, phrase: 'Little Rock' }], facts: ['Little Rock'] }),
  sample({ id: 'sample-para-critters', category: 'paraphrase', question: 'Who looked after the animals while the old man was away?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_07_1909-12-28.txt`, phrase: 'old Frenchman' }], facts: ['Frenchman'] }),
  sample({ id: 'sample-para-acre-fee', category: 'paraphrase', question: 'What does the government charge per acre when you file on a desert claim?', language: 'en', source: 'en', sources: [{ file: STEWART_PDF, phrase: 'twenty-five cents per acre' }], facts: ['twenty-five cents'] }),
  sample({ id: 'sample-para-forney-birth', category: 'paraphrase', question: 'When was Charles Forney born?', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'February 26th, 1950' }], facts: ['1950'] }),
  sample({ id: 'sample-para-forney-principal', category: 'paraphrase', question: 'What did the head of the school tell the Black pupils to do?', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'Drexel factory' }], facts: ['factory'] }),
  sample({ id: 'sample-para-forney-army', category: 'paraphrase', question: 'When did Charles Forney enlist, and where was he when he phoned his parents?', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'Fort Bragg' }], facts: ['1969', 'Fort Bragg'] }),
  sample({ id: 'sample-para-forney-degree', category: 'paraphrase', question: 'What did Charles Forney study after he came home from the service?', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'criminal justice' }], facts: ['criminal justice'] }),
  sample({ id: 'sample-para-forney-cinema', category: 'paraphrase', question: 'Where did Black moviegoers have to sit in the theater?', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'sit up at the top' }], facts: ['top'] }),
  sample({ id: 'sample-para-forney-five', category: 'paraphrase', question: 'How many Black students were at the high school with him in 1964?', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'came down to five' }], facts: ['five'] }),
  sample({ id: 'sample-para-poole-books', category: 'paraphrase', question: 'How did the children protect their worn schoolbooks?', language: 'en', source: 'en', sources: [{ file: POOLE, phrase: 'cover our books with paper' }], facts: ['paper'] }),
  sample({ id: 'sample-para-poole-train', category: 'paraphrase', question: 'What did Carol Poole see on trips to visit relatives by rail?', language: 'en', source: 'en', sources: [{ file: POOLE, phrase: 'segregated signs' }], facts: ['segregated signs'] }),
  sample({ id: 'sample-para-poole-club', category: 'paraphrase', question: 'Which girls’ organisation asked Carol Poole to become a member?', language: 'en', source: 'en', sources: [{ file: POOLE, phrase: 'Anchor Club' }], facts: ['Anchor Club'] }),
  sample({ id: 'sample-para-carlton-principal', category: 'paraphrase', question: 'Who ran the grade school the author was sent to in 1963?', language: 'en', source: 'en', sources: [{ file: CARLTON, page: 1, phrase: 'Ralph Abernethy' }], facts: ['Abernethy'] }),
  sample({ id: 'sample-para-mckesson-career', category: 'paraphrase', question: 'What job did Chuck McKesson do for four decades?', language: 'en', source: 'en', sources: [{ file: MCKESSON, at_s: 645, phrase: 'commercial radio' }], facts: ['radio'] }),
  sample({ id: 'sample-para-mckesson-saying', category: 'paraphrase', question: 'What did McKesson’s grandfather tell him about rules versus what people feel inside?', language: 'en', source: 'en', sources: [{ file: MCKESSON, at_s: 260, phrase: 'change the heart' }], facts: ['heart'] }),
  sample({ id: 'sample-para-rutherford-night', category: 'paraphrase', question: 'What were people doing at night in Black families’ front yards, as Lucille Rutherford recalls?', language: 'en', source: 'en', sources: [{ file: RUTHERFORD, at_s: 765, phrase: 'burning sheets' }], facts: ['sheets'] }),
  sample({ id: 'sample-para-rutherford-chores', category: 'paraphrase', question: 'What chores waited for Lucille when she got home from school?', language: 'en', source: 'en', sources: [{ file: RUTHERFORD, at_s: 206, phrase: 'farm work' }], facts: ['farm work'] }),
  sample({ id: 'sample-para-apollo-noise', category: 'paraphrase', question: 'What noise did the astronauts hear when the alarm went off?', language: 'en', source: 'en', sources: [{ file: APOLLO, phrase: 'pretty large bang' }], facts: ['bang'] }),
  sample({ id: 'sample-para-apollo-sleep', category: 'paraphrase', question: 'How hard is it to climb into a hanging bed without gravity?', language: 'en', source: 'en', sources: [{ file: APOLLO, phrase: 'hammock in zero g' }], facts: ['hammock'] }),

  // Sample: French questions about English sources.
  sample({ id: 'sample-cross-fr-cornemuse', category: 'cross', question: 'Quel air M. Stewart jouait-il sur sa cornemuse ?', language: 'fr', source: 'en', sources: [{ file: `${L}/letter_01_1909-04-18.txt`, phrase: 'Campbells are Coming' }], facts: ['Campbells'] }),
  sample({ id: 'sample-cross-fr-tumeurs', category: 'cross', question: 'Combien de tumeurs Charles Forney avait-il dans la gorge ?', language: 'fr', source: 'en', sources: [{ file: FORNEY, phrase: '28 tumors' }], facts: ['28'] }),
  sample({ id: 'sample-cross-fr-armee', category: 'cross', question: "Quand Charles Forney s'est-il engagé dans l'armée ?", language: 'fr', source: 'en', sources: [{ file: FORNEY, phrase: 'April 18, 1969' }], facts: ['1969'] }),
  sample({ id: 'sample-cross-fr-livres', category: 'cross', question: 'Comment les élèves protégeaient-ils leurs vieux livres ?', language: 'fr', source: 'en', sources: [{ file: POOLE, phrase: 'cover our books with paper' }], facts: ['paper'] }),
  sample({ id: 'sample-cross-fr-loup', category: 'cross', question: 'Quel animal sauvage a suivi leur voiture au bord du canyon ?', language: 'fr', source: 'en', sources: [{ file: `${L}/letter_02_1909-05-24.txt`, phrase: 'great wolf' }], facts: ['wolf'] }),
  sample({ id: 'sample-cross-fr-secret', category: 'cross', question: 'Quel secret Elinore avait-elle honte d’avouer à Mme Coney ?', language: 'fr', source: 'en', sources: [{ file: `${L}/letter_09_1910-04-05.txt`, phrase: 'marry Mr. Stewart' }], facts: ['marry'] }),
  sample({ id: 'sample-cross-fr-cinema', category: 'cross', question: 'Où les Noirs devaient-ils s’asseoir au cinéma à Morganton ?', language: 'fr', source: 'en', sources: [{ file: FORNEY, phrase: 'sit up at the top' }], facts: ['top'] }),
  sample({ id: 'sample-cross-fr-hamac', category: 'cross', question: "L'astronaute qui installe son hamac en apesanteur", language: 'fr', source: 'en', sources: [{ file: APOLLO, phrase: 'hammock' }] }),
  sample({ id: 'sample-cross-fr-panne', category: 'cross', question: "Le moment où l'équipage d'Apollo 13 signale une panne de courant", language: 'fr', source: 'en', sources: [{ file: APOLLO, at_s: 201324, phrase: 'had a problem here' }, { file: APOLLO, phrase: 'UNDERVOLT' }] }),
  sample({ id: 'sample-cross-fr-radio', category: 'cross', question: 'Quel métier Charles McKesson a-t-il exercé pendant quarante ans ?', language: 'fr', source: 'en', sources: [{ file: MCKESSON, at_s: 645, phrase: 'commercial radio' }], facts: ['radio'] }),
  sample({ id: 'sample-cross-fr-battage', category: 'cross', question: 'Les batteurs de grain sont restés deux jours à la ferme', language: 'fr', source: 'en', sources: [{ file: STEWART_PDF, page: 1, phrase: 'thresher crew' }] }),
  sample({ id: 'sample-cross-fr-usine', category: 'cross', question: "Le directeur a conseillé aux élèves noirs de quitter l'école pour travailler à l'usine", language: 'fr', source: 'en', sources: [{ file: FORNEY, phrase: 'Drexel factory' }], facts: ['factory'] }),

  // Sample: English questions about French sources.
  sample({ id: 'sample-cross-en-aurore', category: 'cross', question: 'What nickname did the court give the young Mademoiselle de Hautefort?', language: 'en', source: 'fr', sources: [{ file: HAUTEFORT, phrase: 'l’Aurore' }], facts: ['Aurore'] }),
  sample({ id: 'sample-cross-en-montignac', category: 'cross', question: 'When did the count of Montignac die, and how old was he?', language: 'en', source: 'fr', sources: [{ file: HAUTEFORT, phrase: 'décembre 1693' }], facts: ['1693'] }),
  sample({ id: 'sample-cross-en-blush', category: 'cross', question: 'Why did Mademoiselle de Hautefort blush in front of the whole court?', language: 'en', source: 'fr', sources: [{ file: HAUTEFORT, phrase: 'sa rougeur augmenta sa beauté' }] }),
  sample({ id: 'sample-cross-en-cardinal', category: 'cross', question: "She turned down the cardinal's offer of friendship", language: 'en', source: 'fr', sources: [{ file: HAUTEFORT, phrase: 'dédaigna son amitié' }] }),
  sample({ id: 'sample-cross-en-seton-died', category: 'cross', question: 'In which town did Mother Seton die?', language: 'en', source: 'fr', sources: [{ file: SETON, page: 1, phrase: 'Emmetsburg' }], facts: ['Emmetsburg'] }),
  sample({ id: 'sample-cross-en-seton-proof', category: 'cross', question: 'Who was put in charge of gathering proof of Elizabeth Seton’s heroic virtue?', language: 'en', source: 'fr', sources: [{ file: SETON, page: 1, phrase: 'Niagara' }], facts: ['Niagara'] }),
  sample({ id: 'sample-cross-en-rosalie-mother', category: 'cross', question: 'Who was the mother of Rosalie de Constant?', language: 'en', source: 'fr', sources: [{ file: ROSALIE, page: 1, phrase: 'Charlotte Pictet' }], facts: ['Pictet'] }),
  sample({ id: 'sample-cross-en-voltaire-winter', category: 'cross', question: 'Where did Voltaire spend his winters near Lausanne?', language: 'en', source: 'fr', sources: [{ file: ROSALIE, page: 1, phrase: 'Monrion' }], facts: ['Monrion'] }),

  // Sample: find the moment.
  sample({ id: 'sample-moment-forney-factory', category: 'moment', question: 'Find the moment Charles Forney talks about the principal sending them off to the factory', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'Drexel factory' }] }),
  sample({ id: 'sample-moment-undervolt', category: 'moment', question: 'Find the moment the crew first reports the electrical fault', language: 'en', source: 'en', sources: [{ file: APOLLO, phrase: 'UNDERVOLT' }] }),
  sample({ id: 'sample-moment-andrews-teacher', category: 'moment', question: 'Show me where Pam Andrews talks about the only Black teacher she ever had', language: 'en', source: 'en', sources: [{ file: ANDREWS, at_s: 460, phrase: 'Coach Mack' }] }),
  sample({ id: 'sample-moment-rutherford-sheet', category: 'moment', question: 'The moment Lucille Rutherford repeats what a man told her about shooting a sheet', language: 'en', source: 'en', sources: [{ file: RUTHERFORD, at_s: 795, phrase: 'shoot the sheet' }] }),
  sample({ id: 'sample-moment-mckesson-first', category: 'moment', question: 'Where McKesson says he was among the first children in a desegregated school, at six', language: 'en', source: 'en', sources: [{ file: MCKESSON, at_s: 100, phrase: 'Hillcrest Elementary' }, { file: MCKESSON, at_s: 120 }] }),
  sample({ id: 'sample-moment-forney-advice', category: 'moment', question: 'The part where Forney gives advice to young people who will watch the film', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'Be patient, courageous' }] }),
  sample({ id: 'sample-moment-fr-poole-calme', category: 'moment', question: 'Retrouve le passage où Carol Poole dit que la vie dans le comté était calme', language: 'fr', source: 'en', sources: [{ file: POOLE, at_s: 101, phrase: 'It was calm' }] }),
  sample({ id: 'sample-moment-fr-grandfather', category: 'moment', question: 'La phrase où le grand-père de McKesson parle de changer la loi', language: 'fr', source: 'en', sources: [{ file: MCKESSON, at_s: 260, phrase: 'change the heart' }] }),

  // Sample: answers in more than one source.
  sample({ id: 'sample-multi-walk', category: 'multi', question: 'Why did Black families in Morganton want a bus to Mountain View?', language: 'en', source: 'en', sources: [{ file: CARLTON, page: 1, phrase: '41-minute walk' }, { file: FORNEY_PDF, page: 1 }, { file: FORNEY, phrase: 'had to walk from this side of town' }] }),
  sample({ id: 'sample-multi-coach-mack', category: 'multi', question: 'What do the interviews say about Coach Mack?', language: 'en', source: 'en', sources: [{ file: ANDREWS, at_s: 460, phrase: 'Coach Mack' }, { file: FORNEY, phrase: 'McIntosh' }] }),
  sample({ id: 'sample-multi-stewart-marriage', category: 'multi', question: 'How did Elinore come to marry her employer, and what did it mean for her land?', language: 'en', source: 'en', sources: [{ file: `${L}/letter_09_1910-04-05.txt`, phrase: 'marry Mr. Stewart' }, { file: STEWART_PDF, page: 1, phrase: 'Clyde had not promised' }] }),
  sample({ id: 'sample-multi-seven-mothers', category: 'multi', question: 'The seven mothers who fought for school transport', language: 'en', source: 'en', sources: [{ file: FORNEY_PDF, page: 1, phrase: 'West Concord 7' }, { file: RUTHERFORD, at_s: 395 }] }),
  sample({ id: 'sample-multi-rec-center', category: 'multi', question: 'Recreation centers that turned Black children away in Morganton', language: 'en', source: 'en', sources: [{ file: FORNEY, phrase: 'Collett Street' }, { file: ANDREWS, at_s: 780, phrase: 'recreation center' }] }),
  sample({ id: 'sample-multi-zebulon', category: 'multi', question: "Zebulon Pike's story, from his lonely cabin to the family reunion", language: 'en', source: 'en', sources: [{ file: `${L}/letter_04_1909-09-28.txt`, phrase: 'Zebulon' }, { file: `${L}/letter_07_1909-12-28.txt`, phrase: 'Yell County' }] }),

  // Sample: nothing in the archive answers these, though they share its words.
  sample({ id: 'sample-unans-bagpipe-price', category: 'unanswerable', question: 'How much did Mr. Stewart pay for his bagpipe?', language: 'en', source: 'en', sources: [] }),
  sample({ id: 'sample-unans-splashdown', category: 'unanswerable', question: 'Where in the Pacific did Apollo 13 splash down?', language: 'en', source: 'en', sources: [] }),
  sample({ id: 'sample-unans-ada-job', category: 'unanswerable', question: "What job did Charles Forney's wife Ada have?", language: 'en', source: 'en', sources: [] }),
  sample({ id: 'sample-unans-radio-station', category: 'unanswerable', question: 'Which radio station did Charles McKesson work for?', language: 'en', source: 'en', sources: [] }),
  sample({ id: 'sample-unans-houston-weather', category: 'unanswerable', question: 'What was the weather in Houston during the Apollo 13 television broadcast?', language: 'en', source: 'en', sources: [] }),
  sample({ id: 'sample-unans-morganton-population', category: 'unanswerable', question: 'What was the population of Morganton in 1963?', language: 'en', source: 'en', sources: [] }),
  sample({ id: 'sample-unans-green-river', category: 'unanswerable', question: 'Combien d’habitants comptait Green River en 1909 ?', language: 'fr', source: 'fr', sources: [] }),
  sample({ id: 'sample-unans-voltaire-death', category: 'unanswerable', question: 'Selon Rosalie de Constant, de quoi Voltaire est-il mort ?', language: 'fr', source: 'fr', sources: [] }),
];

/** Conversations of two turns: the second refers back to the first. */
export const followUps: EvalFollowUp[] = [
  { id: 'fu-demo-school-then', corpus: 'demo', first: 'When did the school in Port-Lénan close?', then: 'And then?', language: 'en', sources: [{ file: A003, at_s: tod(14, 5, 5) }, { file: A003, at_s: tod(14, 5, 25) }, { file: COUNCIL, page: 3 }, { file: ODILE }] },
  { id: 'fu-demo-tempete-ensuite', corpus: 'demo', first: "Qu'est-ce que Jean a vu la nuit où la digue a cédé ?", then: 'et ensuite ?', language: 'fr', sources: [{ file: A002, at_s: 136 }, { file: A002, at_s: 150 }, { file: A002, at_s: 170 }] },
  { id: 'fu-demo-guerin-wrote', corpus: 'demo', first: 'Who was Mademoiselle Guérin?', then: 'What did she write to Marie after that?', language: 'en', sources: [{ file: ODILE }] },
  { id: 'fu-demo-hirondelle-pourquoi', corpus: 'demo', first: "Où a-t-on retrouvé l'Hirondelle ?", then: 'pourquoi ?', language: 'fr', sources: [{ file: A002, at_s: 190 }, ...a001(7), { file: LOUISE }, { file: COUNCIL, page: 1 }] },
  { id: 'fu-sample-forney-after', corpus: 'sample', first: 'What did the principal tell Charles Forney and the other Black students?', then: 'what did he say after that?', language: 'en', sources: [{ file: FORNEY }] },
  { id: 'fu-sample-apollo-then', corpus: 'sample', first: 'What problem did the Apollo 13 crew report to Houston?', then: 'And then?', language: 'en', sources: [{ file: APOLLO }] },
];
