import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnswersSource } from '../../../src/core/answers/parse.js';
import { parseScenarioSource } from '../../../src/core/scenario/parse.js';
import { formatProblem } from '../../../src/core/validation/problem.js';
import { ROOT } from '../../helpers/cli.js';

const parsed = parseScenarioSource(readFileSync(join(ROOT, 'tests/fixtures/scenarios-valid/boulangerie-fermeture.yaml'), 'utf8'), 'b.yaml');
if (!parsed.ok) throw new Error('fixture invalid');
const scenario = parsed.scenario;

function problems(source: string): string[] {
  const result = parseAnswersSource(source, 'a.json', scenario);
  return result.ok ? [] : result.problems.map(formatProblem);
}

const valid = {
  scenario: 'boulangerie-fermeture',
  answers: [
    { comment: 'c1', needs_action: true, actions: ['reply', 'private_message'], justification: 'Réclamation', reply: 'Bonjour', private_message: '' },
    { comment: 'c5', needs_action: false, actions: ['like'] },
  ],
};

describe('answer files (docs/answers.md)', () => {
  it('accepts a valid file, empty texts counting as absent, contradictions kept as given', () => {
    const result = parseAnswersSource(JSON.stringify(valid), 'a.json', scenario);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.answers.answers[0]!.private_message).toBeUndefined();
    expect(result.answers.answers[1]).toEqual({ comment: 'c5', needs_action: false, actions: ['like'] });
  });

  it('rejects invalid JSON with its line and column', () => {
    expect(problems('{\n  "scenario": "boulangerie-fermeture",\n  "answers": [,]\n}')).toEqual(['a.json:3:15: JSON invalide : valeur attendue']);
    expect(problems('{"scenario": "x",}')).toEqual(['a.json:1:18: JSON invalide : nom de propriété entre guillemets attendu']);
    expect(problems('')).toEqual(['a.json: JSON invalide : fichier vide']);
  });

  it('names an unknown comment, an unknown action, none mixed with others and a comment answered twice', () => {
    const source = JSON.stringify(
      {
        scenario: 'boulangerie-fermeture',
        answers: [
          { comment: 'c9', needs_action: true, actions: ['reply'] },
          { comment: 'c1', needs_action: true, actions: ['delte'] },
          { comment: 'c2', needs_action: false, actions: ['none', 'like'] },
          { comment: 'c1', needs_action: true, actions: ['reply'] },
        ],
      },
      null,
      2,
    );
    expect(problems(source)).toEqual([
      'a.json:5:7: answers[0].comment : commentaire « c9 » inconnu dans le scénario ; attendu : un de c1, c2, c3, c4, c5, c6',
      'a.json:15:9: answers[1].actions[0] : valeur « delte » inconnue ; attendu : une de none, like, reply, private_message, hide, delete, report, ban, escalate (vouliez-vous dire « delete » ?)',
      'a.json:21:7: answers[2].actions : « none » doit rester seul ; attendu : [none] ou une liste d\'actions sans « none »',
      'a.json:27:7: answers[3].comment : commentaire « c1 » déjà répondu (answers[1]) ; attendu : une seule réponse par commentaire',
    ]);
  });

  it('names wrong types, missing fields, unknown keys and another scenario', () => {
    const source = JSON.stringify({ scenario: 'autre', answers: [{ comment: 'c1', needs_action: 'oui', actions: [], repy: 'x' }] }, null, 2);
    expect(problems(source)).toEqual([
      'a.json:2:3: scenario : réponses au scénario « autre », pas à « boulangerie-fermeture » ; attendu : « boulangerie-fermeture »',
      'a.json:6:7: answers[0].needs_action : le texte « oui » ne convient pas ; attendu : true ou false',
      'a.json:7:7: answers[0].actions : liste trop courte ; attendu : au moins 1 élément',
      'a.json:8:7: answers[0].repy : clé inconnue « repy » (vouliez-vous dire « reply » ?) ; clés permises ici : comment, needs_action, actions, justification, reply, private_message',
    ]);
  });
});
