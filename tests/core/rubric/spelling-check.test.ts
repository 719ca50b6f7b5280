import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src/core/answers/schema.js';
import { describe as describeWord } from '../../../src/core/rubric/checks/spelling.js';
import { checkOf, fixtureScenario } from '../../helpers/scoring.js';

const scenario = fixtureScenario();

function answer(reply: string): Answer {
  return { comment: 'c1', needs_action: true, actions: ['reply'], justification: 'Réclamation publique d’une cliente mécontente à traiter vite.', reply };
}

describe('spelling check message (Cr7.2)', () => {
  it('names each misspelled word with its corrections; the evidence is the words alone', async () => {
    const result = await checkOf(scenario, answer('Bonjour Julie, nous avons bien recu votre message sur l’evenement de samedi.'), 'spelling');
    expect(result).toMatchObject({ passed: false, evidence: 'recu, l’evenement' });
    expect(result?.message).toBe('Mots à vérifier dans la réponse publique : « recu » (reçu ?), « l’evenement » (l’événement, l’évènement ?).');
  });

  it('says « Mot » for one word, and quotes a word with no close correction alone', async () => {
    const result = await checkOf(scenario, answer('Bonjour Julie, xqzvbtw.'), 'spelling');
    expect(result).toMatchObject({ passed: false, evidence: 'xqzvbtw', message: 'Mot à vérifier dans la réponse publique : « xqzvbtw ».' });
  });

  it('names a word written twice once', async () => {
    const result = await checkOf(scenario, answer('Bonjour Julie, desole, vraiment desole.'), 'spelling');
    expect(result?.evidence).toBe('desole');
    expect(result?.message).toMatch(/^Mot à vérifier dans la réponse publique : « desole » \(désolé(, [^)]+)? \?\)\.$/u);
  });

  it('has no finding for a correct reply', async () => {
    const result = await checkOf(scenario, answer('Bonjour Julie, nous avons bien reçu votre message sur l’événement de samedi.'), 'spelling');
    expect(result).toMatchObject({ passed: true, message: 'Aucune faute d’orthographe relevée.' });
    expect(result?.evidence).toBeUndefined();
  });

  it('writes up to three corrections, separated by commas, before one question mark', () => {
    expect(describeWord('recu', ['reçu'])).toBe('« recu » (reçu ?)');
    expect(describeWord('permi', ['parmi', 'permis', 'permit'])).toBe('« permi » (parmi, permis, permit ?)');
    expect(describeWord('xqzvbtw', [])).toBe('« xqzvbtw »');
  });
});
