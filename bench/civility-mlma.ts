/**
 * Civility lexicon against real abusive French: the MLMA tweets (Ousidhoum et al. 2019, MIT; the
 * file and its licence are vendored in tests/fixtures/mlma/). Prints, never asserts: tweets per class, recall on offensive, abusive
 * or hateful tweets, false positives on normal ones, findings by kind, examples of misses and of
 * flagged normal tweets (to guide lexicon work), and time per tweet.
 * The tweets are lower-cased and often without accents: shouting cannot be measured here. Tweets
 * answer no comment of known category: laughter counts as it does when the category is unknown.
 * Run: npx tsx bench/civility-mlma.ts [number of examples]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type IncivilityFinding, type IncivilityKind } from '../src/core/text/civility.js';
import { AnalysedText } from '../src/core/text/match.js';
import { loadSpeller } from '../src/core/text/spelling.js';
import { loadCivilityDetector, PACKAGE_ROOT } from '../src/scoring/resources.js';
import { summarise } from './stats.js';

const DATA = new URL('../tests/fixtures/mlma/mlma_fr.csv', import.meta.url);
const EXAMPLES = Number(process.argv[2] ?? 10);
const ABUSIVE = ['offensive', 'abusive', 'hateful'];

/** RFC 4180: fields separated by commas, optionally quoted; "" inside quotes is one quote; quoted fields may hold commas and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

interface Tweet {
  text: string;
  classes: string[];
}

function readTweets(): Tweet[] {
  const [header, ...rows] = parseCsv(readFileSync(DATA, 'utf8'));
  const textColumn = header?.indexOf('tweet') ?? -1;
  const sentimentColumn = header?.indexOf('sentiment') ?? -1;
  if (textColumn < 0 || sentimentColumn < 0) throw new Error(`${fileURLToPath(DATA)} : colonnes tweet et sentiment attendues`);
  return rows
    .filter((row) => row.length === header!.length)
    .map((row) => ({ text: row[textColumn]!, classes: row[sentimentColumn]!.split('_') }));
}

const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;
const quote = (finding: IncivilityFinding): string => `${finding.kind}${finding.masked ? '(masqué)' : ''}:« ${finding.evidence} »`;

const speller = await loadSpeller({ words: ['moderato'], reject: [] });
const buildStart = performance.now();
const detector = await loadCivilityDetector(`${PACKAGE_ROOT}lexicons`, speller);
const buildTime = performance.now() - buildStart;
const tweets = readTweets();

const perClass = new Map<string, number>();
for (const tweet of tweets) for (const name of tweet.classes) perClass.set(name, (perClass.get(name) ?? 0) + 1);

// Warm up, then time every tweet.
for (const tweet of tweets.slice(0, 500)) detector.find(tweet.text);
const samples: number[] = [];
const results = tweets.map((tweet) => {
  const start = performance.now();
  const findings = detector.find(tweet.text);
  samples.push(performance.now() - start);
  return { tweet, findings };
});

// The scorer tokenises each text once (AnalysedText); the detector's own share is timed on those tokens.
const analysed = tweets.map((tweet) => new AnalysedText(tweet.text));
const ownSamples = analysed.map((text) => {
  const start = performance.now();
  detector.find(text);
  return performance.now() - start;
});

const abusive = results.filter(({ tweet }) => tweet.classes.some((name) => ABUSIVE.includes(name)));
const normal = results.filter(({ tweet }) => tweet.classes.length === 1 && tweet.classes[0] === 'normal');
const caught = abusive.filter(({ findings }) => findings.length > 0);
const flaggedNormal = normal.filter(({ findings }) => findings.length > 0);

const kinds = new Map<IncivilityKind, { abusive: number; normal: number }>();
const countKinds = (group: typeof results, key: 'abusive' | 'normal') => {
  for (const { findings } of group) {
    for (const kind of new Set(findings.map((finding) => finding.kind))) {
      const entry = kinds.get(kind) ?? { abusive: 0, normal: 0 };
      entry[key] += 1;
      kinds.set(kind, entry);
    }
  }
};
countKinds(abusive, 'abusive');
countKinds(normal, 'normal');

const timing = summarise(samples.map((ms) => ms * 1000));
const ownTiming = summarise(ownSamples.map((ms) => ms * 1000));
const shuffled = <T>(items: T[]): T[] => items.map((item, index) => ({ item, key: (index * 7919) % 1009 })).sort((a, b) => a.key - b.key).map(({ item }) => item);

console.log(`MLMA fr : ${tweets.length} tweets ; lexiques lus, verbes conjugués et compilés en ${buildTime.toFixed(1)} ms`);
console.log(`Tweets par classe (un tweet peut en avoir plusieurs) : ${[...perClass].map(([name, count]) => `${name} ${count}`).join(' · ')}`);
console.log(`Rappel sur offensive/abusive/hateful : ${caught.length} / ${abusive.length} (${percent(caught.length, abusive.length)})`);
console.log(`Faux positifs sur normal (seule étiquette) : ${flaggedNormal.length} / ${normal.length} (${percent(flaggedNormal.length, normal.length)})`);
console.log('Tweets signalés par type de constat (abusifs · normaux) :');
for (const [kind, counts] of [...kinds].sort((a, b) => b[1].abusive - a[1].abusive)) console.log(`  ${kind.padEnd(13)} ${String(counts.abusive).padStart(5)} · ${counts.normal}`);
console.log(`\n${EXAMPLES} tweets abusifs manqués :`);
for (const { tweet } of shuffled(abusive.filter(({ findings }) => findings.length === 0)).slice(0, EXAMPLES)) console.log(`  [${tweet.classes.join('_')}] ${tweet.text}`);
console.log(`\n${EXAMPLES} tweets normaux signalés :`);
for (const { tweet, findings } of shuffled(flaggedNormal).slice(0, EXAMPLES)) console.log(`  ${findings.map(quote).join(' ')}  ←  ${tweet.text}`);
console.log(`\nTemps par tweet, tokenisation comprise : p50 ${timing.p50.toFixed(1)} µs · p99 ${timing.p99.toFixed(1)} µs · max ${timing.max.toFixed(1)} µs`);
console.log(`Temps par tweet déjà tokenisé (AnalysedText) : p50 ${ownTiming.p50.toFixed(1)} µs · p99 ${ownTiming.p99.toFixed(1)} µs · max ${ownTiming.max.toFixed(1)} µs`);
