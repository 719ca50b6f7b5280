import { describe, expect, it } from 'vitest';
import { resolveChoice, yesNo } from '../../src/adapters/terminal/choices.js';
import type { View } from '../../src/engine/views.js';

type Prompt = Extract<View, { kind: 'prompt' }>;

const prompt = (text: string, labels: string[], multiple = false): Prompt => ({
  kind: 'prompt',
  id: 'p',
  text,
  choices: labels.map((label, index) => ({ value: `v${index + 1}`, label })),
  ...(multiple ? { multiple } : {}),
});

const valueOf = (question: Prompt, typed: string) => {
  const found = resolveChoice(question, typed);
  return found.kind === 'choice' ? found.choice.value : found.kind;
};

describe('typed answers to a question', () => {
  it('takes « oui », « non », « o » and « n » where the choices say so', () => {
    const needs = prompt('« Un commentaire »\nCe commentaire demande-t-il une action de modération ?', ['Oui', 'Non, aucune action']);
    expect(['oui', 'OUI', 'o', 'non', 'N'].map((typed) => valueOf(needs, typed))).toEqual(['v1', 'v1', 'v1', 'v2', 'v2']);
  });

  it('reads « oui » as the choice the yes/no question names, whatever its place', () => {
    const confirm = prompt('Il reste 7 commentaires sans réponse complète sur 8. Un commentaire sans réponse compte comme « aucune action ». Rendre la copie quand même ?', ['Continuer à répondre', 'Rendre la copie maintenant']);
    expect(yesNo(confirm)?.yes.value).toBe('v2');
    expect([valueOf(confirm, 'oui'), valueOf(confirm, 'non')]).toEqual(['v2', 'v1']);
    const resume = prompt('Un exercice est en cours. Le reprendre ?', ['Reprendre', 'Commencer un nouvel exercice']);
    expect([valueOf(resume, 'oui'), valueOf(resume, 'non')]).toEqual(['v1', 'v2']);
  });

  it('does not guess « oui » for a question that is not yes/no', () => {
    const mode = prompt('Quel mode ?', ['Examen (M1.3)', 'Entraînement (sans chrono)']);
    expect(yesNo(mode)).toBeUndefined();
    expect(valueOf(mode, 'oui')).toBe('unknown');
  });

  it('takes a choice by its first words, accents and case aside, when only one starts so', () => {
    const actions = prompt('Quelles actions ?', ['réaction (like ou emoji)', 'réponse publique', 'message privé', 'masquer'], true);
    expect(['Réponse', 'reponse publique', 'MESSAGE', 'masquer'].map((typed) => valueOf(actions, typed))).toEqual(['v2', 'v2', 'v3', 'v4']);
    expect(valueOf(actions, 'rép')).toBe('unknown');
    const both = prompt('Lequel ?', ['Modifier c1 (Nathalie V.)', 'Modifier c2 (Patrick D.)']);
    expect(resolveChoice(both, 'modifier')).toMatchObject({ kind: 'ambiguous' });
    expect(valueOf(both, 'modifier c2')).toBe('v2');
  });
});
