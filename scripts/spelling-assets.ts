/**
 * Makes the vendored spelling assets again (see assets/spelling/README.md):
 * - fr-forms.txt.gz: every surface form of dictionary-fr (its .dic expanded with its .aff);
 * - with --frequency FILE (commonWords.json of @zxcvbn-ts/language-fr, OpenSubtitles 2024 word
 *   ranks, ODC-BY): fr-frequency.txt, the ranked words that are forms of the dictionary.
 * Run after updating dictionary-fr: npx tsx scripts/spelling-assets.ts [--frequency FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import dictionary from 'dictionary-fr';
import { expandDictionary } from '../src/core/text/spelling-affix.js';
import { dictionaryFingerprint, dictionaryVersion, encodeForms } from '../src/core/text/spelling-forms.js';

const ASSETS = new URL('../assets/spelling/', import.meta.url);
const version = dictionaryVersion();

const start = performance.now();
const forms = expandDictionary(Buffer.from(dictionary.aff).toString('utf8'), Buffer.from(dictionary.dic).toString('utf8'));
const file = encodeForms(forms, dictionaryFingerprint(version, dictionary.aff, dictionary.dic));
writeFileSync(new URL('fr-forms.txt.gz', ASSETS), file);
console.log(`fr-forms.txt.gz: ${forms.length} forms, ${file.length} bytes, ${Math.round(performance.now() - start)} ms`);

const frequencyIndex = process.argv.indexOf('--frequency');
if (frequencyIndex > 0) {
  const ranked = JSON.parse(readFileSync(process.argv[frequencyIndex + 1]!, 'utf8')) as string[];
  const known = new Set(forms);
  const seen = new Set<string>();
  const kept = ranked.filter((word) => known.has(word) && !seen.has(word) && seen.add(word));
  const header = [
    '# Mots français classés par fréquence (le plus fréquent d’abord), pour classer les suggestions',
    '# d’orthographe. Rangs de commonWords.json de @zxcvbn-ts/language-fr 4.1.2, tiré des sous-titres',
    '# OpenSubtitles 2024 (OPUS, Helsinki-NLP), licence ODC-BY 1.0 : voir LICENSE-frequency.txt.',
    '# Seuls les mots qui sont des formes de dictionary-fr sont gardés, dans leur ordre.',
  ];
  writeFileSync(new URL('fr-frequency.txt', ASSETS), `${[...header, ...kept].join('\n')}\n`);
  console.log(`fr-frequency.txt: ${kept.length} of ${ranked.length} ranked words kept`);
}
