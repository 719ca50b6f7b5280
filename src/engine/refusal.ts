import { DrillError } from '../core/drill/types.js';
import type { View } from './views.js';

/**
 * Refusals are answers, not faults: a desk answers « no » with a view, and the transaction around
 * the event commits what was written before (the clock's catch-up). Only a real fault throws, and
 * rolls the whole event back.
 */

/** A refusal: a notice in the error tone, shown beside `field` on platforms that can. */
export function refuse(text: string, field?: string): View {
  return { kind: 'notice', tone: 'error', text, ...(field ? { field } : {}) };
}

/** A question no longer ours to answer: an old button, a forged or malformed id. */
export const OUTDATED: View = { kind: 'notice', tone: 'warning', text: 'Cette question n’est plus d’actualité.' };

/** A form no desk recognises. */
export const UNKNOWN_FORM: View = { kind: 'notice', tone: 'warning', text: 'Formulaire inconnu.' };

/** Trainers' commands: refused unless the platform vouched for the trainer (Discord role, Slack allow-list). */
export function unlessTrainer(trainer: boolean | undefined): View[] | undefined {
  return trainer ? undefined : [refuse('Cette commande est réservée aux formateurs.')];
}

/**
 * The services refuse by throwing `DrillError`: the drill service must, so that a refused command's
 * savepoint rolls back while the clock's catch-up stored before it stays. A desk turns those into
 * its answer here, at its boundary; anything else is a fault and goes on up.
 */
export function refusalsAnswered(work: () => View[]): View[] {
  try {
    return work();
  } catch (error) {
    if (error instanceof DrillError) return [refuse(error.message)];
    throw error;
  }
}
