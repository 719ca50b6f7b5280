import type { Desk } from './desk.js';
import type { Inbound, View } from './views.js';

const HELP = [
  'Commandes :',
  '• start : nouvel exercice (start ID pour un cas précis) · resume : reprendre l’exercice en cours',
  '• case : relire le cas et la charte · edit 3 : modifier la réponse au commentaire 3 · submit : rendre la copie',
  '• feedback : le retour du dernier exercice rendu · history : vos résultats · progress : votre progression par vérification',
  '• coach : préparer le dossier et l’oral (coach C3, coach template ligne, coach check ligne…) · oral : oral blanc minuté (oral stop pour l’arrêter)',
  '• nudges on|off|list|snooze 1h|quiet 21:00-08:00 : vos rappels · calendar import|show|clear : votre calendrier éditorial',
  '• privacy export|erase : vos données · help : cette aide',
].join('\n');

/** The last desk: free text, « help » and any command no other desk answers get the list of commands. */
export class HelpDesk implements Desk<'help'> {
  claim(event: Inbound): 'help' | undefined {
    return event.kind === 'command' || event.kind === 'text' ? 'help' : undefined;
  }

  run(): View[] {
    return [{ kind: 'notice', tone: 'info', text: HELP }];
  }
}
