import { CALENDAR_LIMITS } from '../core/calendar/import.js';
import { CALENDAR_IMPORT_FORM } from './nudge-ids.js';
import type { Inbound, View } from './views.js';

/**
 * The most one text field may hold: a reply, a justification, a private message, a pasted document.
 * 3 000 because it is Slack's own ceiling for a modal's text input: one limit a learner can reach on
 * every surface, so a draft typed on one is never cut on another.
 */
export const TEXT_LIMIT = 3000;
/** Forms whose text may be longer: a calendar file (a month fits in a few KB; 200 KB is generous). */
const FORM_LIMITS: Record<string, number> = { [CALENDAR_IMPORT_FORM]: CALENDAR_LIMITS.bytes };
/** A command and its arguments (a cohort name, a date, a time zone). */
const COMMAND_LIMIT = 1000;
/** Button and menu ids are ours and short: anything longer was not sent by our components. */
const CHOICE_LIMIT = 300;

const figure = (value: number) => value.toLocaleString('fr-FR');

/**
 * Checked before anything is read or written: whatever a platform lets through (a terminal line,
 * a forged Slack payload), a text over its limit gets a clear refusal and is not stored.
 */
export function oversizedInput(event: Inbound): View | undefined {
  if (event.kind === 'form') {
    const limit = FORM_LIMITS[event.form] ?? TEXT_LIMIT;
    for (const [field, value] of Object.entries(event.values)) {
      if (value.length > limit) return { kind: 'notice', tone: 'error', field, text: `Texte trop long : ${figure(value.length)} caractères pour ${figure(limit)} au plus. Raccourcissez-le ; rien n’a été enregistré.` };
    }
    return undefined;
  }
  if (event.kind === 'text' && event.text.length > TEXT_LIMIT) {
    return { kind: 'notice', tone: 'error', text: `Texte trop long : ${figure(event.text.length)} caractères pour ${figure(TEXT_LIMIT)} au plus. Raccourcissez-le ; rien n’a été enregistré.` };
  }
  if (event.kind === 'command') {
    const length = event.name.length + (event.args ?? []).reduce((sum, arg) => sum + arg.length + 1, 0);
    if (length > COMMAND_LIMIT) return { kind: 'notice', tone: 'error', text: `Commande trop longue (${figure(length)} caractères pour ${figure(COMMAND_LIMIT)} au plus) : rien n’a été fait.` };
  }
  if (event.kind === 'choice' && (event.prompt.length > CHOICE_LIMIT || event.values.length > 50 || event.values.some((value) => value.length > CHOICE_LIMIT))) {
    return { kind: 'notice', tone: 'error', text: 'Choix non reconnu : rien n’a été enregistré.' };
  }
  return undefined;
}
