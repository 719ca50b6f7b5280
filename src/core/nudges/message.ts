import { DateTime } from 'luxon';
import { NETWORK_LABELS } from '../rubric/labels.js';
import type { NudgeOccurrence } from './occurrences.js';

export interface NudgeMessage {
  text: string;
  /** Buttons: `value` is what the engine receives back. */
  choices: Array<{ value: string; label: string }>;
}

const SNOOZE_CHOICES: ReadonlyArray<{ value: `snooze:${SnoozeLength}`; label: string }> = [
  { value: 'snooze:1h', label: 'Plus tard (1 h)' },
  { value: 'snooze:tomorrow', label: 'Demain' },
  { value: 'snooze:week', label: 'Dans une semaine' },
];
const STOP_CHOICE = { value: 'off', label: 'Arrêter les rappels' };

export type SnoozeLength = '1h' | 'tomorrow' | 'week';

/** When a pause of reminders asked at `now` ends: « tomorrow » is tomorrow when the learner's quiet hours end. */
export function snoozeEnd(length: SnoozeLength, now: number, zone: string, quietEnd: string): number {
  if (length === '1h') return now + 3_600_000;
  if (length === 'week') return now + 7 * 86_400_000;
  const [hour = 8, minute = 0] = quietEnd.split(':').map(Number);
  return DateTime.fromMillis(now, { zone }).plus({ days: 1 }).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

/** The moment a nudge is about, past which putting it off makes no sense (none for an open-ended one). */
function deadlineOf(occurrence: NudgeOccurrence): number | undefined {
  const { payload } = occurrence;
  switch (payload.kind) {
    case 'post':
      return payload.postAt;
    case 'milestone':
      return payload.at;
    case 'cohort_drill':
      return payload.startsAt;
    default:
      return undefined;
  }
}

/** Where and when the nudge is read: the learner's zone, the end of their quiet hours, the sending instant. */
export interface NudgeReader {
  zone: string;
  quietEnd: string;
  now: number;
}

/** The French text of a nudge, in the learner's zone, saying so when it comes late. */
export function describeNudge(occurrence: NudgeOccurrence, reader: NudgeReader, late: { late: boolean; lateMinutes: number }): NudgeMessage {
  const { zone } = reader;
  const at = (instant: number, format: string) => DateTime.fromMillis(instant, { zone }).setLocale('fr').toFormat(format);
  const { payload } = occurrence;
  let text: string;
  // Only the pauses that end before what the nudge is about: « Plus tard (1 h) » 30 minutes before a publication would miss it.
  const deadline = deadlineOf(occurrence);
  const snoozes = SNOOZE_CHOICES.filter((choice) => deadline === undefined || snoozeEnd(choice.value.slice('snooze:'.length) as SnoozeLength, reader.now, zone, reader.quietEnd) < deadline);
  let choices = [...snoozes, STOP_CHOICE];
  switch (payload.kind) {
    case 'post':
      text = [`📅 Publication prévue à ${at(payload.postAt, "HH:mm")} sur ${NETWORK_LABELS[payload.network]} : « ${payload.title} » (axe ${payload.axis}).`, 'Avant de publier :', ...payload.checklist.map((item) => `☐ ${item}`)].join('\n');
      break;
    case 'milestone':
      text = `⏳ J-${payload.daysBefore} avant « ${payload.label} » (cohorte « ${payload.cohort} ») : ${at(payload.at, "cccc d LLLL 'à' HH:mm")}.`;
      break;
    case 'cohort_drill':
      text = payload.before === '24h'
        ? `🗓 Demain à ${at(payload.startsAt, 'HH:mm')} : exercice de modération « ${payload.scenarioTitle} » pour la cohorte « ${payload.cohort} ».`
        : `⏰ Dans 15 minutes : exercice « ${payload.scenarioTitle} » (cohorte « ${payload.cohort} »). Il s’ouvrira ici tout seul.`;
      break;
    case 'inactivity':
      text = `👋 Pas d’exercice depuis ${payload.days} jours. Un entraînement rapide pour garder la main ?`;
      choices = [{ value: 'practice', label: 'Commencer un entraînement' }, ...choices];
      break;
    case 'kpi':
      text = `📊 Nouveau mois (${at(occurrence.dueAt, 'LLLL yyyy')}) : complétez votre tableau de suivi des indicateurs (Cr5.2) avec les chiffres du mois passé, et commentez chaque indicateur au regard des objectifs.`;
      break;
  }
  if (late.late) text += `\n(Envoyé avec ${late.lateMinutes} min de retard : le bot était indisponible.)`;
  return { text, choices };
}

/** The message sent once when nudges pause after ignored ones. */
export const PAUSE_MESSAGE: NudgeMessage = {
  text: 'Vos trois derniers rappels sont restés sans réponse : je les mets en pause. Reprenez quand vous voulez.',
  choices: [{ value: 'resume', label: 'Reprendre les rappels' }],
};
