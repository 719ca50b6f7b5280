import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/core/text/tokens.js';
import { ROOT } from '../../helpers/cli.js';

const segmenter = new Intl.Segmenter('fr', { granularity: 'word' });

/** Words as Intl.Segmenter sees them, elisions split the same way as tokenize(). */
function segmenterWords(text: string): string[] {
  return [...segmenter.segment(text)]
    .filter((segment) => segment.isWordLike)
    .flatMap((segment) => segment.segment.split(/(?<=['’ʼ‘`´])(?=\p{L})/u));
}

describe('tokenize agrees with Intl.Segmenter (UAX #29)', () => {
  it('on every line of the scenario bank and of the MLMA tweets', () => {
    const lines = [
      ...readdirSync(join(ROOT, 'scenarios')).filter((file) => file.endsWith('.yaml')).flatMap((file) => readFileSync(join(ROOT, 'scenarios', file), 'utf8').split('\n')),
      ...readFileSync(join(ROOT, 'tests/fixtures/mlma/mlma_fr.csv'), 'utf8').split('\n'),
    ];
    const differences = lines.filter((line) => tokenize(line).map((token) => token.text).join('|') !== segmenterWords(line).join('|'));
    expect(differences).toEqual([]);
  });

  it.each([
    ['07:00 7h00 12.03.2024 16,90€ 2 150 €', ['07', '00', '7h00', '12.03.2024', '16,90', '2', '150']],
    ['contact@x.fr #Tag_1 @user.name', ['contact', 'x.fr', 'Tag_1', 'user.name']],
    ['bienveillant·e·s client.e.s rendez-vous J-3', ['bienveillant·e·s', 'client.e.s', 'rendez', 'vous', 'J', '3']],
    ["c'est-à-dire 😀🇫🇷 _ ️", ["c'", 'est', 'à', 'dire']],
  ])('« %s »', (text, words) => {
    expect(tokenize(text).map((token) => token.text)).toEqual(words);
  });
});
