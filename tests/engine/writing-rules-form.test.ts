import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);

/** Starts a practice drill and opens the texts form of its first comment with these actions. */
async function textsForm(actions: string[]): Promise<{ platform: TestPlatform; form: Extract<View, { kind: 'form' }> }> {
  const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
  const views = platform.send('alice', { kind: 'command', name: 'start', args: [scenario.id, 'practice'] });
  const actionsPrompt = TestPlatform.question(platform.send('alice', { kind: 'choice', prompt: TestPlatform.question(views).id, values: ['yes'] }));
  const form = TestPlatform.question(platform.send('alice', { kind: 'choice', prompt: actionsPrompt.id, values: actions }));
  if (form.kind !== 'form') throw new Error('formulaire attendu');
  return { platform, form };
}

describe('the rules to write by, in the texts form', () => {
  it('lists the length limit, register, emoji, signature, forbidden terms and figures before the reply is written', async () => {
    const { platform, form } = await textsForm(['reply']);
    expect(form.rules).toEqual([
      'Réponse publique : 8\u202f000 caractères au plus sur Facebook.',
      'Registre : vouvoiement (« vous »), dans chaque texte.',
      'Emoji : 1 au plus par texte.',
      'Signature de la réponse publique : « L\'équipe Martin ».',
      'Termes à ne pas employer : « pas de souci ».',
      'Chiffres, prix, dates et horaires : seulement ceux des faits de la charte, de la publication et du commentaire.',
    ]);
    const reply = form.fields.find((field) => field.id === 'reply');
    expect(reply).toMatchObject({ advisedLength: 8000, hint: '8\u202f000 caractères au plus sur Facebook' });
    expect(form.fields.find((field) => field.id === 'justification')?.advisedLength).toBeUndefined();
    platform.close();
  });

  it('leaves out what only the public reply needs when there is only a private message', async () => {
    const { platform, form } = await textsForm(['private_message']);
    expect(form.rules?.some((rule) => rule.startsWith('Réponse publique'))).toBe(false);
    expect(form.rules?.some((rule) => rule.startsWith('Signature'))).toBe(false);
    expect(form.rules).toContain('Registre : vouvoiement (« vous »), dans chaque texte.');
    platform.close();
  });

  it('shows no rules when nothing is written for the community (a justification only)', async () => {
    const { platform, form } = await textsForm(['hide']);
    expect(form.rules).toBeUndefined();
    expect(form.fields.map((field) => field.id)).toEqual(['justification']);
    platform.close();
  });
});
