import { describe, expect, it } from 'vitest';
import { resolveChoice, yesNo } from '../../src/adapters/terminal/choices.js';
import { wrapLine, wrapText } from '../../src/adapters/terminal/wrap.js';
import { ansi } from '../../src/adapters/terminal/render.js';
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

describe('wrapping terminal text', () => {
  const text = 'Service client du lundi au vendredi de 9 h à 18 h, par téléphone, par e-mail ou par message privé Facebook ; réponse sous 48 h ouvrées.';

  it('cuts at spaces within the width and never inside a word', () => {
    const rows = wrapLine(text, 30).split('\n');
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(30);
    expect(rows.join(' ')).toBe(text);
  });

  it('keeps the indentation of an indented line, and aligns a list item after its marker', () => {
    expect(wrapLine(`  ${text}`, 30).split('\n').slice(1).every((row) => /^ {2}\S/.test(row))).toBe(true);
    expect(wrapLine(`  1. ${text}`, 30).split('\n').slice(1).every((row) => /^ {5}\S/.test(row))).toBe(true);
  });

  it('gives a word longer than the width a row of its own, whole', () => {
    const long = 'https://www.maison-lina.fr/mes-commandes/suivi-colissimo';
    expect(wrapLine(`Suivi : ${long} dès l’expédition`, 30).split('\n')).toEqual(['Suivi :', long, 'dès l’expédition']);
  });

  it('never breaks at a non-breaking space, and does not count colours as width', () => {
    const rows = wrapLine(`Cr7.1 ${ansi.green('atteint')} : 80\u00a0% et 4\u202f000 caractères au plus pour chaque texte`, 24).split('\n');
    expect(rows.some((row) => row.includes('80\u00a0%'))).toBe(true);
    expect(rows.some((row) => row.includes('4\u202f000'))).toBe(true);
    expect(rows[0]).toBe(`Cr7.1 ${ansi.green('atteint')} : 80\u00a0% et`);
  });

  it('keeps French punctuation with its word: no row starts with a colon or a closing quote', () => {
    const line = 'La réponse publique ne couvre pas : les excuses (« désolé », « désolée ») ; le délai annoncé ?';
    for (const width of [20, 25, 30, 35, 40]) {
      const rows = wrapLine(line, width).split('\n');
      expect(rows.join(' ')).toBe(line);
      for (const row of rows) expect(row).not.toMatch(/^[:;?!»]|«$/);
    }
  });

  it('leaves piped output (no width) whole', () => {
    expect(wrapText(text, undefined)).toBe(text);
  });
});

describe('typed answers to a question', () => {
  it('takes « oui », « non », « o » and « n » where the choices say so', () => {
    const needs = prompt('« Un commentaire »\nCe commentaire demande-t-il une action de modération ?', ['Oui', 'Non, aucune action']);
    expect(['oui', 'OUI', 'o', 'non', 'N'].map((typed) => valueOf(needs, typed))).toEqual(['v1', 'v1', 'v1', 'v2', 'v2']);
  });

  it('reads « oui » as the choice the yes/no question names, whatever its place', () => {
    const confirm = prompt('Il reste 7 commentaires sans réponse complète sur 8. Un commentaire sans réponse compte comme « aucune action ». Rendre la copie quand même ?', ['Continuer à répondre', 'Rendre la copie maintenant']);
    expect(yesNo(confirm)?.yes.value).toBe('v2');
    expect([valueOf(confirm, 'oui'), valueOf(confirm, 'non')]).toEqual(['v2', 'v1']);
    const resume = prompt('Votre exercice « Soldes » (entraînement, 3 commentaires sur 8 répondus) est en cours. Le reprendre ?', ['Reprendre', 'L’abandonner et en commencer un autre']);
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
    const both = prompt('Lequel ?', ['Modifier le commentaire 1 (Nathalie V.)', 'Modifier le commentaire 2 (Patrick D.)']);
    expect(resolveChoice(both, 'modifier')).toMatchObject({ kind: 'ambiguous' });
    expect(valueOf(both, 'modifier le commentaire 2')).toBe('v2');
  });
});
