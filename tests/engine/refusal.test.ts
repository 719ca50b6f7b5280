import { describe, expect, it } from 'vitest';
import { DrillError } from '../../src/core/drill/types.js';
import { refusalsAnswered, refuse, unlessTrainer } from '../../src/engine/refusal.js';

describe('refusals', () => {
  it('are notices in the error tone, beside their field when they name one', () => {
    expect(refuse('Non.')).toEqual({ kind: 'notice', tone: 'error', text: 'Non.' });
    expect(refuse('Choisissez une cohorte.', 'cohort')).toEqual({ kind: 'notice', tone: 'error', text: 'Choisissez une cohorte.', field: 'cohort' });
  });

  it('answer what a service refused by throwing, and let a real fault through', () => {
    expect(refusalsAnswered(() => [refuse('déjà une valeur')])).toEqual([refuse('déjà une valeur')]);
    expect(refusalsAnswered(() => {
      throw new DrillError('drill.submitted', 'Copie déjà rendue.');
    })).toEqual([refuse('Copie déjà rendue.')]);
    expect(() => refusalsAnswered(() => {
      throw new Error('panne simulée');
    })).toThrow('panne simulée');
  });

  it('keep trainers\' commands to trainers', () => {
    expect(unlessTrainer(true)).toBeUndefined();
    expect(unlessTrainer(undefined)).toEqual([refuse('Cette commande est réservée aux formateurs.')]);
  });
});
