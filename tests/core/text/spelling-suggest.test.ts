import { readFileSync } from 'node:fs';
import dictionary from 'dictionary-fr';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSpeller, spellingAllowListSchema, type Speller } from '../../../src/core/text/spelling.js';
import { expandDictionary } from '../../../src/core/text/spelling-affix.js';
import { dictionaryFingerprint, dictionaryVersion, PackedForms, RESTART_INTERVAL } from '../../../src/core/text/spelling-forms.js';
import { frenchDistance, Suggester } from '../../../src/core/text/spelling-suggest.js';

const allowList = spellingAllowListSchema.parse(parse(readFileSync(new URL('../../../lexicons/spelling-allow.yaml', import.meta.url), 'utf8')));
const FORMS = new URL('../../../assets/spelling/fr-forms.txt.gz', import.meta.url);

let speller: Speller;
beforeAll(async () => {
  speller = await loadSpeller(allowList);
});

interface Row {
  misspelled: string;
  expected: string;
  category: string;
}

function readRows(name: string): Row[] {
  return readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .slice(1)
    .map((line) => {
      const [misspelled = '', expected = '', category = ''] = line.split('\t');
      return { misspelled, expected, category };
    });
}

/** Typical learner mistakes and the word meant (the ranking was tuned with these in view). */
const rows = readRows('spelling-misspellings.tsv');
/** Real mistakes from MLMA's tweets, never used for tuning. */
const heldOut = readRows('spelling-misspellings-mlma.tsv');

function hitRates(list: readonly Row[]): { first: number; topThree: number } {
  const ranks = list.map((row) => speller.suggest(row.misspelled).indexOf(row.expected));
  return { first: ranks.filter((rank) => rank === 0).length / list.length, topThree: ranks.filter((rank) => rank >= 0).length / list.length };
}

describe('suggestions for learner mistakes (tests/fixtures/spelling-misspellings.tsv)', () => {
  it('has at least 100 mistakes, each unknown to the speller, each meant word known', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    for (const row of [...rows, ...heldOut]) {
      expect(speller.check(row.misspelled), row.misspelled).not.toEqual([]);
      expect(speller.check(row.expected), row.expected).toEqual([]);
    }
  });

  it('puts the meant word first for nine mistakes in ten, and in the top 3 for nearly all', () => {
    const { first, topThree } = hitRates(rows);
    // Measured: 153 and 159 of 161 (README, Performance); the bounds leave room for a re-ranking.
    expect(first).toBeGreaterThanOrEqual(0.9);
    expect(topThree).toBeGreaterThanOrEqual(0.96);
  });

  it('does nearly as well on real mistakes it was never tuned on (MLMA tweets)', () => {
    const { first, topThree } = hitRates(heldOut);
    // Measured: 40 and 43 of 44.
    expect(first).toBeGreaterThanOrEqual(0.85);
    expect(topThree).toBeGreaterThanOrEqual(0.93);
  });

  it.each([
    ['accent', 'evenement', 'événement'],
    ['accent', 'recu', 'reçu'],
    ['accent, c cédille', 'garcon', 'garçon'],
    ['doubled consonant', 'apeller', 'appeler'],
    ['doubled consonant', 'rembourssement', 'remboursement'],
    ['doubled consonants, both ways', 'professionel', 'professionnel'],
    ['phonetic o / eau', 'bocoup', 'beaucoup'],
    ['phonetic s / c', 'sinserement', 'sincèrement'],
    ['phonetic an / en', 'patiance', 'patience'],
    ['phonetic f / ph', 'téléfone', 'téléphone'],
    ['verb ending é / ez', 'pouvé', 'pouvez'],
    ['verb ending -ont / -ons', 'avont', 'avons'],
    ['mute final letter', 'plusieur', 'plusieurs'],
    ['keyboard slip', 'bonjoru', 'bonjour'],
  ])('%s: « %s » → « %s » in the top 3', (_kind, written, meant) => {
    expect(speller.suggest(written)).toContain(meant);
  });

  it('keeps an elision and the apostrophe typed', () => {
    expect(speller.suggest("l'evenement")[0]).toBe("l'événement");
    expect(speller.suggest('l’evenement')[0]).toBe('l’événement');
    expect(speller.suggest("d'acceuil")[0]).toBe("d'accueil");
    expect(speller.suggest("qu'elle")).toEqual([]);
  });

  it('adds the apostrophe of a run-on elision', () => {
    expect(speller.suggest('jai')).toContain("j'ai");
    expect(speller.suggest('cest')[0]).toBe("c'est");
    expect(speller.suggest('nhésitez')[0]).toBe("n'hésitez");
    expect(speller.suggest('lorsquil')[0]).toBe("lorsqu'il");
    expect(speller.suggest('jusqua')[0]).toBe("jusqu'à");
    expect(speller.suggest('quelqun')[0]).toBe("quelqu'un");
  });

  it('writes the suggestion like the word: capital at a sentence start, capitals', () => {
    expect(speller.suggest('Evenement')[0]).toBe('Événement');
    expect(speller.suggest('Desole')[0]).toBe('Désolé');
    expect(speller.suggest('Nhesitez')[0]).toBe("N'hésitez");
    expect(speller.suggest('MERCCI')[0]).toBe('MERCI');
  });

  it('suggests nothing for a correct word, and nothing far-fetched for gibberish', () => {
    expect(speller.suggest('événement')).toEqual([]);
    expect(speller.suggest('xqzvbtw')).toEqual([]);
  });

  it('suggests the allow-list words and never its rejected ones', () => {
    expect(speller.suggest('folower')).toContain('follower');
    expect(speller.suggest('Bonjours')).not.toContain('Bonjours');
  });

  it('is deterministic: the same suggestions on every call and from every index built from the same files', async () => {
    const words = rows.slice(0, 40).map((row) => row.misspelled);
    const first = words.map((word) => speller.suggest(word));
    expect(words.map((word) => speller.suggest(word))).toEqual(first);
    const other = await loadSpeller(allowList);
    // Built ahead here, at the first suggestion above: the same index either way.
    other.prepareSuggestions();
    other.prepareSuggestions();
    expect(words.map((word) => other.suggest(word))).toEqual(first);
  });
});

describe('frenchDistance', () => {
  it('orders mistakes as a French reader weighs them: accent < doubled letter < same sound < mute final letter < other letter', () => {
    const accent = frenchDistance('evenement', 'événement');
    const doubled = frenchDistance('apeler', 'appeler');
    const sound = frenchDistance('bocoup', 'beaucoup');
    const mute = frenchDistance('plusieur', 'plusieurs');
    const other = frenchDistance('bonjoir', 'bonjour');
    expect(accent).toBeLessThan(doubled);
    expect(doubled).toBeLessThan(sound);
    expect(sound).toBeLessThan(mute);
    expect(mute).toBeLessThan(other);
    expect(frenchDistance('merci', 'merci')).toBe(0);
  });

  it('is symmetric on the sound rules', () => {
    expect(frenchDistance('pouvé', 'pouvez')).toBe(frenchDistance('pouvez', 'pouvé'));
    expect(frenchDistance('fotographie', 'photographie')).toBe(frenchDistance('photographie', 'fotographie'));
  });
});

describe('Suggester on a small list', () => {
  const forms = PackedForms.fromForms(['appeler', 'appel', 'événement', 'évènement', 'reçu', 'revu', 'recul', 'Noël', 'noël', 'ai', 'est']);
  const suggester = new Suggester({ forms, ranked: ['est', 'ai', 'reçu', 'événement', 'appeler'] });

  it('finds accents, doubled letters and elisions in one look-up', () => {
    expect(suggester.suggest('evenement')[0]).toBe('événement');
    expect(suggester.suggest('apeller')[0]).toBe('appeler');
    expect(suggester.suggest("l'apel")[0]).toBe("l'appel");
    expect(suggester.suggest('cest')[0]).toBe("c'est");
  });

  it('ranks a frequent word first among equals', () => {
    expect(suggester.suggest('evenement')).toEqual(['événement', 'évènement']);
    expect(suggester.suggest('recu')[0]).toBe('reçu');
  });

  it('suggests at most the limit asked', () => {
    expect(suggester.suggest('recu', 1)).toHaveLength(1);
  });
});

describe('the vendored forms (assets/spelling/fr-forms.txt.gz)', () => {
  const packed = PackedForms.fromFile(readFileSync(FORMS));

  it('come from the installed dictionary-fr: run scripts/spelling-assets.ts after updating it', () => {
    expect(packed.source).toBe(dictionaryFingerprint(dictionaryVersion(), dictionary.aff, dictionary.dic));
  });

  it('hold the inflected forms learners write, without elisions', () => {
    const all = new Set(packed.all());
    expect(all.size).toBe(packed.count);
    for (const form of ['événement', 'événements', 'rappellerons', 'appelaient', 'désolée', 'reçus', "aujourd'hui", 'peut-être', 'kilomètres']) expect(all.has(form), form).toBe(true);
    expect(all.has("l'événement")).toBe(false);
  });

  it('read back any form from its packed line, across restarts', () => {
    const forms = ['a', 'ab', 'abc', 'abcd', 'é', 'éa', 'œuvre', 'œuvres', ...Array.from({ length: RESTART_INTERVAL * 2 }, (_, index) => `mot${String(index).padStart(3, '0')}`)];
    const small = PackedForms.fromForms(forms, 'test');
    expect(small.source).toBe('test');
    expect(small.all()).toEqual([...forms].sort());
  });
});

describe('expandDictionary', () => {
  const aff = [
    'SET UTF-8',
    'FLAG long',
    'NEEDAFFIX ()',
    'NOSUGGEST --',
    'PFX L\' Y 1',
    "PFX L' 0 l' [aeiouéh]",
    'PFX Re Y 1',
    'PFX Re 0 re .',
    'SFX S. Y 1',
    "SFX S. 0 s/L' [^sxz]",
    'SFX Ai Y 2',
    'SFX Ai er ons/() er',
    'SFX Ai er er er',
    'SFX Pl Y 1',
    'SFX Pl 0 x/S. u',
  ].join('\n');

  it('applies suffixes, cross-product prefixes, continuation classes and NEEDAFFIX, conditions, and leaves elisions and NOSUGGEST out (no « jeuxs »: S. wants [^sxz])', () => {
    const forms = expandDictionary(aff, ['5', 'appel/S.L\'', 'faire/Re', 'chanter/Ai()', 'merde/--', 'jeu/Pl'].join('\n'));
    expect(forms.sort()).toEqual(['appel', 'appels', 'chanter', 'faire', 'jeu', 'jeux', 'refaire']);
  });

  it('expands the real dictionary-fr into the vendored list', { timeout: 60_000 }, () => {
    const forms = expandDictionary(Buffer.from(dictionary.aff).toString('utf8'), Buffer.from(dictionary.dic).toString('utf8')).sort();
    const vendored = PackedForms.fromFile(readFileSync(FORMS)).all();
    expect(forms.length).toBe(vendored.length);
    expect(forms.join('\n') === vendored.join('\n')).toBe(true);
  });
});
