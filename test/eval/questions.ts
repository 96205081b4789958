/**
 * The search question set, written by hand from ../shared/corpora/archive-sample.
 *
 * Each answerable question names where its answer is: the file (path relative to the sample's root) and
 * one or more ways to recognise the expected passage: a short phrase that occurs in it (compared with
 * whitespace, case and accents folded), a PDF page, or a time in seconds inside the passage's cue span.
 * A hit counts when its file matches and any one of the given locators matches.
 *
 * `unanswerableQuestions` are questions the archive cannot answer (nothing in it says); the server uses
 * them to measure abstention, search uses them to look at the scores of wrong answers.
 */

/** Language of the question; `source` is the language of the material that holds the answer. */
export type EvalLanguage = 'en' | 'fr';

export interface EvalQuestion {
  id: string;
  question: string;
  language: EvalLanguage;
  source: EvalLanguage;
  /** Path relative to the sample's root. */
  file: string;
  /** A phrase that occurs in the expected passage (a few words, so chunk boundaries rarely cut it). */
  phrase?: string;
  /** 1-based PDF page of the answer. */
  page?: number;
  /** A time (seconds from the start of the transcript or media) inside the expected cue. */
  at_s?: number;
}

const LETTERS = 'letters/stewart_homesteader';
const COTS = 'transcripts/children_of_the_struggle';
const APOLLO = 'transcripts/apollo13/apollo13_air_to_ground_GET_055h30-056h30.vtt';
const HAUTEFORT = 'letters_fr/cousin_madame_de_hautefort_1856_extrait.txt';

export const evalQuestions: EvalQuestion[] = [
  // Stewart letters (English text files).
  { id: 'stewart-stage-driver', question: 'Who drove the stage to Burnt Fork and tried to court her?', language: 'en', source: 'en', file: `${LETTERS}/letter_01_1909-04-18.txt`, phrase: 'widower Mormon' },
  { id: 'stewart-distance-railroad', question: 'How far from the railroad was the homestead near the Forest Reserve of Utah?', language: 'en', source: 'en', file: `${LETTERS}/letter_01_1909-04-18.txt`, phrase: 'sixty miles from the railroad' },
  { id: 'stewart-filed-claim', question: 'Where did she file her land claim, next to whose place?', language: 'en', source: 'en', file: `${LETTERS}/letter_02_1909-05-24.txt`, phrase: 'filed adjoining Mr. Stewart' },
  { id: 'stewart-swamp-pines', question: 'Where did she plan to build her house on the claim?', language: 'en', source: 'en', file: `${LETTERS}/letter_02_1909-05-24.txt`, phrase: 'grove of twelve swamp pines' },
  { id: 'stewart-haying', question: 'Why did she run the mower during haying?', language: 'en', source: 'en', file: `${LETTERS}/letter_03_1909-09-11.txt`, phrase: 'no man to run the mower' },
  { id: 'stewart-parents-died', question: 'What happened to her parents and her five brothers and sisters?', language: 'en', source: 'en', file: `${LETTERS}/letter_03_1909-09-11.txt`, phrase: 'parents died within a year' },
  { id: 'stewart-fruit-trip', question: 'Trip of the women to Ashland in Utah to fetch fruit', language: 'en', source: 'en', file: `${LETTERS}/letter_04_1909-09-28.txt`, phrase: 'Ashland' },
  { id: 'stewart-zebulon-sheep', question: 'The old Southerner who never sold any of his sheep', language: 'en', source: 'en', file: `${LETTERS}/letter_04_1909-09-28.txt`, phrase: 'sell any of your sheep' },
  { id: 'stewart-wedding-dress', question: 'Whose wedding dress was she sewing?', language: 'en', source: 'en', file: `${LETTERS}/letter_05_1909-11-22.txt`, phrase: 'making a wedding dress' },
  { id: 'stewart-thanksgiving-wedding', question: 'At what time was the Thanksgiving wedding and who did she dress?', language: 'en', source: 'en', file: `${LETTERS}/letter_06_undated.txt`, phrase: "twelve o'clock" },
  { id: 'stewart-german-body', question: 'The young German soldier back from the Philippines found dead in the hills', language: 'en', source: 'en', file: `${LETTERS}/letter_08_undated.txt`, phrase: 'returning from the Philippines' },
  { id: 'stewart-house-joins', question: "Why does her house join on to Mr. Stewart's house?", language: 'en', source: 'en', file: `${LETTERS}/letter_09_1910-04-05.txt`, phrase: 'hold down' },
  { id: 'stewart-cora-belle-sheep', question: 'How did Cora Belle get her sheep sheared and what did the wool bring?', language: 'en', source: 'en', file: `${LETTERS}/letter_10_1910-08-15.txt`, phrase: 'sixty dollars' },
  { id: 'stewart-annie-laurie', question: 'Which song did Zebbie play on the violin during the storm?', language: 'en', source: 'en', file: `${LETTERS}/letter_11_1910-09-01.txt`, phrase: 'Annie Laurie' },
  { id: 'stewart-tool-chest', question: 'The locked tool-chest in the granary and the Scotch voices', language: 'en', source: 'en', file: `${LETTERS}/letter_12_1911-10-06.txt`, phrase: 'tool-chest' },
  { id: 'fr-stewart-premiere-diligence', question: 'Le conducteur de la diligence était un mormon veuf', language: 'fr', source: 'en', file: `${LETTERS}/letter_01_1909-04-18.txt`, phrase: 'widower Mormon' },
  { id: 'fr-stewart-cora-belle', question: 'Cora Belle et la tonte de ses moutons', language: 'fr', source: 'en', file: `${LETTERS}/letter_10_1910-08-15.txt`, phrase: 'sheep sheared' },
  { id: 'fr-stewart-zebulon-pike', question: 'Zebulon Pike rend visite à sa vieille maison', language: 'fr', source: 'en', file: `${LETTERS}/letter_07_1909-12-28.txt`, phrase: 'Zebulon Pike' },

  // Stewart letters XIII-XVIII (PDF).
  { id: 'stewart-pdf-proving-up', question: 'Proving up on the homestead: the thresher crew', language: 'en', source: 'en', file: 'pdf/stewart_letters_XIII-XVIII_1911-1913.pdf', page: 1, phrase: 'thresher crew' },
  { id: 'stewart-pdf-robert-lane', question: 'The Pattersons had a baby boy called Robert Lane', language: 'en', source: 'en', file: 'pdf/stewart_letters_XIII-XVIII_1911-1913.pdf', page: 2, phrase: 'Robert Lane' },
  { id: 'stewart-pdf-carlota', question: 'Carlota Juanita, fat and forty, with her sliding slippers', language: 'en', source: 'en', file: 'pdf/stewart_letters_XIII-XVIII_1911-1913.pdf', page: 5, phrase: 'Carlota Juanita' },

  // French text and PDFs.
  { id: 'hautefort-richelieu', question: 'Madame de Hautefort a refusé de livrer son âme à Richelieu et Mazarin', language: 'fr', source: 'fr', file: HAUTEFORT, phrase: 'leur livrer son âme' },
  { id: 'hautefort-montignac', question: 'Qui était le comte de Montignac et qui a-t-il épousé en 1650 ?', language: 'fr', source: 'fr', file: HAUTEFORT, phrase: 'Marthe d’Estourmel' },
  { id: 'hautefort-chevalier-jars', question: 'Comment le chevalier de Jars a-t-il fait passer la lettre de la reine à La Porte ?', language: 'fr', source: 'fr', file: HAUTEFORT, phrase: 'perça son plancher' },
  { id: 'hautefort-pendants', question: "Anne d'Autriche lui donna ses pendants d'oreilles en pleurant", language: 'fr', source: 'fr', file: HAUTEFORT, phrase: 'pendans d’oreilles' },
  { id: 'en-hautefort-jars', question: 'How did the chevalier de Jars pass the queen letter to the prisoner La Porte?', language: 'en', source: 'fr', file: HAUTEFORT, phrase: 'perça son plancher' },
  { id: 'en-hautefort-louis-xiii', question: 'Louis XIII and Mademoiselle de Hautefort quarrels about the queen', language: 'en', source: 'fr', file: HAUTEFORT, phrase: 'querelles que faisait le roi' },
  { id: 'rosalie-charlotte-lausanne', question: 'La troupe de théâtre à Lausanne dans la lettre de Charlotte de Constant', language: 'fr', source: 'fr', file: 'pdf/achard_rosalie_de_constant_1901_extrait.pdf', page: 2, phrase: 'troupe que vous avez à Lausanne' },
  { id: 'rosalie-veuf', question: 'M. de Constant veuf avec quatre enfants', language: 'fr', source: 'fr', file: 'pdf/achard_rosalie_de_constant_1901_extrait.pdf', page: 3, phrase: 'veuf et chargé de quatre enfans' },
  { id: 'en-rosalie-gallatin', question: 'Mademoiselle Gallatin came with her cousins (Charlotte de Constant letter to Samuel)', language: 'en', source: 'fr', file: 'pdf/achard_rosalie_de_constant_1901_extrait.pdf', page: 5, phrase: 'Gallatin' },
  { id: 'seton-canonisation', question: 'Les évêques des États-Unis et la canonisation de Madame Seton', language: 'fr', source: 'fr', file: 'pdf/conan_elisabeth_seton_1903_extrait.pdf', page: 1, phrase: 'canonisation' },
  { id: 'en-seton-bayley-surgeon', question: 'Doctor Richard Bayley, army surgeon, educated his daughter Elisabeth', language: 'en', source: 'fr', file: 'pdf/conan_elisabeth_seton_1903_extrait.pdf', page: 2, phrase: 'Richard Bayley' },

  // Children of the Struggle: PDFs.
  { id: 'carlton-bus', question: 'Why were Black children assigned to white schools in Morganton in 1963 instead of getting a bus?', language: 'en', source: 'en', file: 'pdf/carlton_report_integration_morganton_2024.pdf', page: 1, phrase: 'two-mile, 41-minute walk' },
  { id: 'carlton-lunch', question: 'No free lunch programs: children went hungry until dinner', language: 'en', source: 'en', file: 'pdf/carlton_report_integration_morganton_2024.pdf', page: 2, phrase: 'hungry until dinner' },
  { id: 'forney-state-championship', question: 'State championship basketball win in 1966 and the team photo in Raleigh', language: 'en', source: 'en', file: 'pdf/forney_a_change_has_come_impact_statement_2025.pdf', page: 2, phrase: 'state championship' },
  { id: 'fr-forney-douche', question: 'Jetée tout habillée sous la douche : bizutage ou rejet ?', language: 'fr', source: 'en', file: 'pdf/forney_a_change_has_come_impact_statement_2025.pdf', page: 2, phrase: 'shower fully clothed' },

  // Children of the Struggle: interview transcripts.
  { id: 'rutherford-macalpine', question: 'Lucille Rutherford and the MacAlpine school where they made fires', language: 'en', source: 'en', file: `${COTS}/rutherford_interview_2015-08-23.vtt`, at_s: 50, phrase: 'MacAlpine School' },
  { id: 'forney-tumors', question: 'Charles Forney had tumors on his voice box', language: 'en', source: 'en', file: `${COTS}/forney_interview_2015-10-01.srt`, at_s: 58, phrase: '28 tumors' },
  { id: 'forney-1965-turmoil', question: 'In 1965 when they integrated the schools there was turmoil and hatred', language: 'en', source: 'en', file: `${COTS}/forney_interview_2015-10-01.srt`, phrase: 'hatred was born' },
  { id: 'poole-mountain-view', question: 'What school did Carol Anita Poole attend before integration?', language: 'en', source: 'en', file: `${COTS}/poole_interview_2024-11-09.txt`, at_s: 76, phrase: 'Mountain View' },
  { id: 'andrews-coach-mack', question: 'Coach Mack, the only African American teacher Pam Andrews had', language: 'en', source: 'en', file: `${COTS}/andrews_interview_2024-11-09.vtt`, at_s: 460, phrase: 'Coach Mack' },
  { id: 'andrews-recreation-center', question: 'The recreation center with dances on the weekends', language: 'en', source: 'en', file: `${COTS}/andrews_interview_2024-11-09.vtt`, at_s: 780, phrase: 'recreation center' },
  { id: 'largent-rocks', question: 'Carol Largent and the kids who used to throw rocks', language: 'en', source: 'en', file: `${COTS}/largent_interview_2024-11-09.vtt`, at_s: 2180, phrase: 'throw rocks' },
  { id: 'mckesson-grandfather', question: 'Charles McKesson spent time with his grandfather across the garden', language: 'en', source: 'en', file: `${COTS}/mckesson_interview_2024-11-09.vtt`, at_s: 200, phrase: 'my grandfather' },
  { id: 'fr-largent-pierres', question: 'Carol Largent raconte les enfants qui jetaient des pierres', language: 'fr', source: 'en', file: `${COTS}/largent_interview_2024-11-09.vtt`, at_s: 2180, phrase: 'throw rocks' },

  // Apollo 13 air-to-ground.
  { id: 'apollo-problem', question: "Houston, we've had a problem", language: 'en', source: 'en', file: APOLLO, at_s: 201324, phrase: 'had a problem here' },
  { id: 'apollo-tv-aquarius', question: 'The television broadcast inspecting Aquarius through the tunnel', language: 'en', source: 'en', file: APOLLO, at_s: 200350, phrase: 'inspection of Aquarius' },
  { id: 'fr-apollo-magnetophone', question: 'Apollo 13 : le petit magnétophone (tape recorder) qui flotte', language: 'fr', source: 'en', file: APOLLO, phrase: 'tape recorder' },
];

/** Questions nothing in the sample archive answers (for abstention and score-threshold measurements). */
export const unanswerableQuestions: Array<{ question: string; language: EvalLanguage }> = [
  { question: 'What was the price of a barrel of oil in 1985?', language: 'en' },
  { question: 'Who won the football World Cup in 1998?', language: 'en' },
  { question: 'How many moons does Jupiter have?', language: 'en' },
  { question: 'What did Elinore Stewart write about the sinking of the Titanic?', language: 'en' },
  { question: 'Which Apollo 13 astronaut walked on the Moon?', language: 'en' },
  { question: 'What is the recipe for a chocolate soufflé?', language: 'en' },
  { question: 'What did Charles Forney say about his time in the Navy in Vietnam?', language: 'en' },
  { question: 'Quel est le cours de la Bourse de Paris en 1929 ?', language: 'fr' },
  { question: 'Qui a inventé le cinématographe en 1895 ?', language: 'fr' },
  { question: 'Que dit Madame de Hautefort de la Révolution française ?', language: 'fr' },
  { question: 'Combien coûte un billet de train de Paris à Lyon ?', language: 'fr' },
  { question: 'What software did the Morganton schools use for grades?', language: 'en' },
];
