import { beforeAll, describe, expect, it } from 'vitest';
import { checkPublication, parsePublication, PUBLICATION_TEMPLATE, type Publication } from '../../../src/core/coaching/artefacts/publication.js';
import type { ScoringResources } from '../../../src/core/rubric/types.js';
import { scoringResources } from '../../helpers/scoring.js';

let resources: ScoringResources;
beforeAll(async () => {
  resources = await scoringResources();
});

const check = (publication: Publication) => checkPublication(publication, resources.rubric.length_limits, resources.speller);
const verdicts = (checks: Array<{ id: string; passed: boolean }>) => Object.fromEntries(checks.map((entry) => [entry.id, entry.passed]));

describe('publication (Cr4.1, Cr4.2)', () => {
  it('passes the template and lists the elements it holds', () => {
    const parsed = parsePublication(PUBLICATION_TEMPLATE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const checks = check(parsed.value);
    expect(verdicts(checks)).toEqual({ pub_length: true, pub_spelling: true, pub_hashtag_count: true, pub_hashtag_camelcase: true, pub_media_accessible: true, pub_emoji: true, pub_elements: true });
    expect(checks.find((entry) => entry.id === 'pub_elements')?.message).toBe('Éléments présents : texte, hashtags, mention, émoji, média.');
  });

  it('flags a misspelling, too many and unreadable hashtags, a visual without alt text, emoji for words, the length', () => {
    const checks = check({
      network: 'x',
      text: `Venez decouvrir nos pain 🥖🥐🍞🧁🎉🥖🥐🍞🧁🎉🥖 ${'très '.repeat(60)}#boulangerieartisanale #lauzac #pain`,
      media: [{ type: 'photo' }],
    });
    expect(verdicts(checks)).toMatchObject({ pub_length: false, pub_spelling: false, pub_hashtag_count: false, pub_hashtag_camelcase: false, pub_media_accessible: false, pub_emoji: false });
    const evidence = Object.fromEntries(checks.map((entry) => [entry.id, entry.evidence]));
    expect(evidence.pub_spelling).toContain('decouvrir');
    expect(evidence.pub_hashtag_camelcase).toBe('#boulangerieartisanale');
    expect(evidence.pub_media_accessible).toBe('photo');
  });
});
