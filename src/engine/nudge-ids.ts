/**
 * The ids of the nudge desk: the prompt every nudge comes with, its buttons' values (made by
 * core/nudges/message.ts), and the calendar import form.
 */

export const NUDGE_PROMPT = 'nudge';
export const CALENDAR_IMPORT_FORM = 'calendar-import';

/** A nudge's buttons: snooze for a while, stop, resume, or practise now. */
export type NudgeChoice = { kind: 'off' } | { kind: 'resume' } | { kind: 'practice' } | { kind: 'snooze'; span: string };

export const nudgeChoice = {
  format(choice: NudgeChoice): string {
    return choice.kind === 'snooze' ? `snooze:${choice.span}` : choice.kind;
  },

  /** The button a value names; undefined for any other value. */
  parse(value: string): NudgeChoice | undefined {
    if (value === 'off' || value === 'resume' || value === 'practice') return { kind: value };
    const [kind, span, ...rest] = value.split(':');
    return kind === 'snooze' && span && rest.length === 0 ? { kind: 'snooze', span } : undefined;
  },
};
