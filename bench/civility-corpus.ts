/**
 * Civility against the tone corpus (tests/fixtures/tone/): recall per class and false alarms on
 * civil replies, for the held-out file (written before tuning) and the tuned one. Prints, never
 * asserts (tests/core/text/civility-corpus.test.ts asserts the thresholds).
 * Run: npx tsx bench/civility-corpus.ts [--misses]
 */
import { loadScoringResources } from '../src/scoring/resources.js';
import { BLIND_FILE, corpusFigures, readToneCorpus, TONE_FILES } from '../tests/helpers/tone-corpus.js';

const resources = await loadScoringResources();
const showMisses = process.argv.includes('--misses');
for (const file of [...TONE_FILES, BLIND_FILE]) {
  const figures = corpusFigures(readToneCorpus(file), resources.civility);
  console.log(`\n${file} : ${figures.total} réponses`);
  for (const [name, { caught, total }] of Object.entries(figures.recall)) console.log(`  rappel ${name.padEnd(12)} ${caught}/${total} (${((100 * caught) / total).toFixed(1)} %)`);
  console.log(`  fausses alertes (civil)  ${figures.falseAlarms.length}/${figures.civil} (${((100 * figures.falseAlarms.length) / figures.civil).toFixed(1)} %)`);
  if (showMisses) {
    for (const miss of figures.misses) console.log(`  MANQUÉ [${miss.class}] ${miss.text}${miss.found ? `  (trouvé : ${miss.found})` : ''}`);
    for (const alarm of figures.falseAlarms) console.log(`  ALERTE ${alarm.text}  ←  ${alarm.found}`);
  }
}
