import type { Envelope } from './envelope.js';
import { oversizedInput } from './input-limits.js';
import { RateLimiter } from './rate-limit.js';
import { refuse } from './refusal.js';
import type { View } from './views.js';

/**
 * Checked in order before an event is handled, before anything is written: the first guard that
 * answers stops the event there (its id is not even claimed, so a retry later is handled).
 */
export type Guard = (envelope: Envelope) => View[] | undefined;

/** A graceful stop began: events are refused, so the user's retry after the restart is handled. */
export function whileStopping(stopping: () => boolean): Guard {
  return () => (stopping() ? [refuse('Le bot redémarre : cette action n’a pas été enregistrée (vos réponses précédentes le sont). Réessayez dans une minute.')] : undefined);
}

/** A text over its limit, whatever the platform let through: a flood costs nothing but this answer. */
export const tooLarge: Guard = (envelope) => {
  const refusal = oversizedInput(envelope.event);
  return refusal ? [refusal] : undefined;
};

/**
 * Per-user flood guard (the terminal is one local user typing or piping a file: nothing to protect
 * against). Texts typed in a form are not thrown away: `keepDraft` handles them as a draft, under
 * their own event id (the same submission sent again later is still handled as a submission), and
 * says whether they were kept; they fill the form when it is opened again.
 */
export function floodGuard(now: () => number, keepDraft: (draft: Envelope) => boolean, limiter = new RateLimiter()): Guard {
  return (envelope) => {
    if (envelope.platform === 'terminal' || limiter.take(`${envelope.platform}:${envelope.userId}`, now())) return undefined;
    const { event } = envelope;
    if (event.kind === 'form' && event.draft !== true && keepDraft({ ...envelope, eventId: `${envelope.eventId}#draft`, event: { ...event, draft: true } })) {
      return [{ kind: 'notice', tone: 'warning', text: 'Doucement : trop d’actions en quelques secondes. Vos textes sont gardés : rouvrez la question dans un instant pour les envoyer.' }];
    }
    return [{ kind: 'notice', tone: 'warning', text: 'Doucement : trop d’actions en quelques secondes. Réessayez dans un instant ; vos réponses déjà données sont enregistrées.' }];
  };
}
