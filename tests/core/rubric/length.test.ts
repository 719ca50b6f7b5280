import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/answers/schema.js';
import { graphemeCount } from '../../../src/core/rubric/checks/length.js';
import type { Network } from '../../../src/core/scenario/schema.js';
import { checkOf, fixtureScenario, scoringResources } from '../../helpers/scoring.js';

const scenario = fixtureScenario();

/** The comment limits a reader of each network knows (rubric.yaml must keep them). */
const LIMITS: Record<Network, number> = { x: 280, tiktok: 150, linkedin: 1250, instagram: 2200, facebook: 8000, youtube: 10000 };

/** Each is one character to a reader, and several UTF-16 units. */
const CLUSTERS = {
  'an emoji with a skin tone': '👍🏽',
  'a flag': '🇫🇷',
  'a family joined by ZWJ': '👩‍👩‍👧‍👦',
  'a heart with its variation selector': '❤️',
  'a keycap': '1️⃣',
  'a letter with a combining accent': 'e\u0301',
};

function reply(text: string): Answer {
  return { comment: 'c6', needs_action: true, actions: ['reply'], reply: text };
}

describe('graphemeCount', () => {
  it.each(Object.entries(CLUSTERS))('counts %s as one character', (_, cluster) => {
    expect(cluster.length).toBeGreaterThan(1);
    expect(graphemeCount(cluster)).toBe(1);
    expect(graphemeCount(`Merci ${cluster}`)).toBe(7);
  });

  it('counts plain French text, its punctuation and spaces unit by unit', () => {
    const text = 'Bonjour Julie\u202f! « Réouverture » le 12 mars — à 7 h… L’équipe Martin, 15 €.\n';
    expect(graphemeCount(text)).toBe(text.length);
  });

  it('counts CR LF as one line break', () => {
    expect(graphemeCount('Bonjour\r\nMerci')).toBe(13);
  });

  it('counts a combining accent with the plain letter before it, wherever it comes', () => {
    expect(graphemeCount('Merci, cafe\u0301 offert')).toBe(18);
    expect(graphemeCount('\u0301abc')).toBe(4);
  });

  it('always agrees with the segmenter on text mixing plain letters and joined characters', () => {
    const segmenter = new Intl.Segmenter('fr', { granularity: 'grapheme' });
    const piece = fc.oneof(
      fc.constantFrom('a', 'é', ' ', '’', '\n', '\r', '€', '…', '\u202f', 'Z'),
      fc.constantFrom(...Object.values(CLUSTERS), '\u0301', '\u200d', '\ufe0f', '🏽', '🇫', 'ᄀ', '\u1161', '😍'),
      fc.string({ unit: 'binary', maxLength: 3 }),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      expect(graphemeCount(text)).toBe([...segmenter.segment(text)].length);
    }), { numRuns: 2000 });
  });
});

describe('length at each network limit', () => {
  it('keeps the limits readers know in the rubric', async () => {
    expect((await scoringResources()).rubric.length_limits).toEqual(LIMITS);
  });

  const cases = (Object.entries(LIMITS) as Array<[Network, number]>).flatMap(([network, limit]) =>
    Object.entries(CLUSTERS).map(([name, cluster]) => ({ network, limit, name, cluster })),
  );

  it.each(cases)('$network ($limit): a reply ending with $name passes at the limit and fails one over', async ({ network, limit, cluster }) => {
    const onNetwork = { ...scenario, network };
    const atLimit = await checkOf(onNetwork, reply(`${'a'.repeat(limit - 1)}${cluster}`), 'length');
    expect(atLimit).toMatchObject({ passed: true, message: expect.stringContaining(`(${limit}/${limit} caractères)`) });
    const over = await checkOf(onNetwork, reply(`${'a'.repeat(limit)}${cluster}`), 'length');
    expect(over).toMatchObject({ passed: false, evidence: `${limit + 1} caractères` });
  });

  it.each(Object.entries(LIMITS) as Array<[Network, number]>)('%s (%i): a reply made only of accented letters in decomposed form', async (network, limit) => {
    const onNetwork = { ...scenario, network };
    const accented = 'é'.normalize('NFD');
    expect(await checkOf(onNetwork, reply(accented.repeat(limit)), 'length')).toMatchObject({ passed: true });
    expect(await checkOf(onNetwork, reply(accented.repeat(limit + 1)), 'length')).toMatchObject({ passed: false, evidence: `${limit + 1} caractères` });
  });
});
