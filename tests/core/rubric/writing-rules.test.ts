import { describe, expect, it } from 'vitest';
import { writingRules } from '../../../src/core/rubric/writing-rules.js';
import { bankScenario, fixtureScenario } from '../../helpers/scoring.js';

const rubric = {
  length_limits: { facebook: 8000, instagram: 2200, linkedin: 1250, x: 280, tiktok: 150, youtube: 10000 },
  emoji_limits: { none: 0, sparing: 1, free: null },
} as const;

describe('the rules shown before writing', () => {
  it('names the network’s limit, the register, the emoji policy, the signature, the forbidden terms and where figures may come from', () => {
    const scenario = fixtureScenario();
    const rules = writingRules(scenario, rubric, ['reply']);
    expect(rules[0]).toBe('Réponse publique : 8\u202f000 caractères au plus sur Facebook.');
    expect(rules).toContain('Registre : vouvoiement (« vous »), dans chaque texte.');
    expect(rules.some((rule) => rule.startsWith('Emoji : '))).toBe(true);
    expect(rules).toContain(`Signature de la réponse publique : « ${scenario.charter.signature} ».`);
    expect(rules).toContain('Termes à ne pas employer : « pas de souci ».');
    expect(rules.at(-1)).toBe('Chiffres, prix, dates et horaires : seulement ceux des faits de la charte, de la publication et du commentaire.');
  });

  it('follows the charter: tutoiement, another network, no signature line for a private message only', () => {
    const tu = ['createur-cuisine-tiktok', 'jeu-video-mise-a-jour'].map(bankScenario).find((scenario) => scenario.charter.register === 'tu')!;
    const rules = writingRules(tu, rubric, ['private_message']);
    expect(rules).toContain('Registre : tutoiement (« tu »), dans chaque texte.');
    expect(rules.some((rule) => rule.startsWith('Réponse publique') || rule.startsWith('Signature'))).toBe(false);
  });

  it('says nothing when no text is written (hide, delete, report)', () => {
    expect(writingRules(fixtureScenario(), rubric, ['hide', 'report'])).toEqual([]);
  });
});
