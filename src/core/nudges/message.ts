import { DateTime } from 'luxon';
import { NETWORK_LABELS } from '../rubric/labels.js';
import type { NudgeOccurrence } from './occurrences.js';

export interface NudgeMessage {
  text: string;
  /** Buttons: `value` is what the engine receives back. */
  choices: Array<{ value: string; label: string }>;
}

const SNOOZE_CHOICES = [
  { value: 'snooze:1h', label: 'Plus tard (1 h)' },
  { value: 'snooze:tomorrow', label: 'Demain' },
  { value: 'snooze:week', label: 'Dans une semaine' },
  { value: 'off', label: 'Arrêter les rappels' },
];

/** The French text of a nudge, in the learner's zone, saying so when it comes late. */
export function describeNudge(occurrence: NudgeOccurrence, zone: string, late: { late: boolean; lateMinutes: number }): NudgeMessage {
  const at = (instant: number, format: string) => DateTime.fromMillis(instant, { zone }).setLocale('fr').toFormat(format);
  const { payload } = occurrence;
  let text: string;
  let choices = SNOOZE_CHOICES;
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
      choices = [{ value: 'practice', label: 'Commencer un entraînement' }, ...SNOOZE_CHOICES];
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
