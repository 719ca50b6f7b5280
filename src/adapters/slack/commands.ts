import type { Inbound } from '../../engine/views.js';
import { continuesInDm } from '../shared/answers.js';

/** Where a command's views belong: the learner's direct messages (a drill) or right here. */
export type CommandPlace = 'dm' | 'here';

export interface ParsedCommand {
  event: Inbound;
  place: CommandPlace;
  /**
   * For a command answered in the DM: the ephemeral left where it was typed, naming what was sent
   * there. A DM answer made of notices only (nothing to do there) is given where it was typed
   * instead, unless `session` says the DM is where what follows will arrive (a timed rehearsal).
   */
  receipt?: string;
  session?: boolean;
}

const IN_DM = 'dans vos messages directs avec moderato.';
const RECEIPTS = {
  drill: `Votre exercice est ${IN_DM}`,
  submitted: `Le résultat de votre copie est ${IN_DM}`,
  feedback: `Le retour détaillé de votre dernier exercice est ${IN_DM}`,
  export: `Votre export de données est ${IN_DM}`,
  erase: `La demande de confirmation de l’effacement est ${IN_DM}`,
  oral: `L’oral blanc se déroule ${IN_DM}`,
} as const;

export const SLASH_HELP = [
  '*Apprenants* : `/moderato start` (exercice en message direct), `/moderato join CODE`, `/moderato history`, `/moderato progress`, `/moderato calendar import|show|clear`, `/moderato nudges on|off|list|snooze 1h|quiet 21:00-08:00`, `/moderato coach [C3]` (préparation du dossier), `/moderato oral` (oral blanc minuté, `oral stop`).',
  '*Formateurs* : `/moderato cohort create Nom`, `/moderato cohort list`, `/moderato cohort show Nom`, `/moderato drill launch`, `/moderato drill status [cohorte]`, `/moderato results <cohorte ou exercice>`, `/moderato milestone CODE 2027-01-15 09:00 Examen`, `/moderato coach cohort Nom`.',
].join('\n');

function command(name: string, args: string[] = []): Extract<Inbound, { kind: 'command' }> {
  return { kind: 'command', name, args };
}

/**
 * The text after `/moderato` (or a message in the bot's DM) as an engine event. French and English
 * words are both understood; anything else is the help.
 */
export function parseSlashText(text: string): ParsedCommand | undefined {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first = '', second = '', ...rest] = words.map((word, index) => (index < 2 ? word.toLowerCase() : word));
  const tail = words.slice(1);
  switch (first) {
    case 'start':
    case 'commencer':
      return { event: command('start', tail), place: 'dm', receipt: RECEIPTS.drill };
    case 'resume':
    case 'reprendre':
      return { event: command('resume'), place: 'dm', receipt: RECEIPTS.drill };
    case 'submit':
    case 'rendre':
      return { event: command('submit'), place: 'dm', receipt: RECEIPTS.submitted };
    case 'history':
    case 'historique':
      return { event: command('history'), place: 'here' };
    case 'progress':
    case 'progression':
      return { event: command('progress'), place: 'here' };
    case 'feedback':
    case 'retour':
      return { event: command('feedback'), place: 'dm', receipt: RECEIPTS.feedback };
    case 'join':
    case 'rejoindre':
      return { event: command('cohort-join', tail), place: 'here' };
    case 'cohort':
    case 'cohorte': {
      const sub = { create: 'cohort-create', creer: 'cohort-create', créer: 'cohort-create', list: 'cohort-list', liste: 'cohort-list', show: 'cohort-show', voir: 'cohort-show' }[second];
      return sub ? { event: command(sub, words.slice(2)), place: 'here' } : undefined;
    }
    case 'drill':
    case 'exercice': {
      if (second === 'launch' || second === 'lancer') return { event: command('launch-form'), place: 'here' };
      if (second === 'status' || second === 'etat' || second === 'état') return { event: command('drill-status', rest), place: 'here' };
      return undefined;
    }
    case 'nudges':
    case 'rappels':
      return { event: command('nudges', tail), place: 'here' };
    case 'calendar':
    case 'calendrier':
      return { event: command('calendar', tail), place: 'here' };
    case 'coach':
      return { event: command('coach', tail), place: 'here' };
    case 'privacy':
    case 'donnees':
    case 'données': {
      // An export carries everything about the learner: only ever in their DM; so does the erasure's confirmation.
      const event = command('privacy', tail);
      return continuesInDm(event) ? { event, place: 'dm', receipt: event.args?.[0] === 'export' ? RECEIPTS.export : RECEIPTS.erase } : { event, place: 'here' };
    }
    case 'oral': {
      // The timer's messages go to the learner's DM.
      const event = command('oral', tail);
      return continuesInDm(event) ? { event, place: 'dm', receipt: RECEIPTS.oral, session: true } : { event, place: 'here' };
    }
    case 'milestone':
    case 'jalon':
      return { event: command('milestone', tail), place: 'here' };
    case 'results':
    case 'resultats':
    case 'résultats':
      return { event: command('results', tail), place: 'here' };
    default:
      return undefined;
  }
}
