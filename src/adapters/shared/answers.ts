import type { Inbound, View } from '../../engine/views.js';

/**
 * Only notices came back, one of them an error or a warning (a stale button, a flood, another
 * learner's drill, a restart): a refusal. Every platform says it to that person alone, and the
 * message they acted on stays as it was, buttons included, so they can simply try again.
 */
export function isRefusal(views: View[]): boolean {
  return views.length > 0 && views.every((view) => view.kind === 'notice') && views.some((view) => view.kind === 'notice' && (view.tone === 'error' || view.tone === 'warning'));
}

/**
 * A view meant for everyone in the channel (a cohort's invitation to join), not only the one who
 * asked: posted there, while the rest of the answer stays theirs.
 */
export function isInvitation(view: View): boolean {
  return view.kind === 'prompt' && view.audience === 'channel';
}

/**
 * What belongs to the person alone on every platform: their data (`privacy`: an export holds
 * everything moderato keeps about them, the erasure asks for confirmation) and their mock oral
 * (`oral`: its timer and the jury's questions follow for 25 minutes). Answered where only they see
 * it; the engine is never given the channel it was typed in, so nothing of it lands there later.
 */
export function isPrivateCommand(name: string): boolean {
  return name === 'privacy' || name === 'oral';
}

/**
 * Of those, what goes on in the person's DM with the bot: the export's file, the erasure's
 * confirmation, a rehearsal's timer. `privacy` alone (its help) and `oral stop` are answered where
 * they were typed, privately too.
 */
export function continuesInDm(event: Inbound): boolean {
  if (event.kind !== 'command' || !isPrivateCommand(event.name)) return false;
  const action = event.args?.[0];
  return event.name === 'privacy' ? action === 'export' || action === 'erase' : action !== 'stop';
}
