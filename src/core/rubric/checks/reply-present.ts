import type { Check, TextKind } from '../types.js';

const CHOSEN_LABELS: Record<TextKind, string> = { reply: 'de répondre publiquement', private_message: "d'envoyer un message privé" };
const TEXT_LABELS: Record<TextKind, string> = { reply: 'la réponse publique', private_message: 'le message privé' };

/** Cr7.2: a reply or private message that was chosen is actually written. */
export const replyPresent: Check = {
  id: 'reply_present',
  criterion: 'Cr7.2',
  applies: ({ answer }) => answer.actions.includes('reply') || answer.actions.includes('private_message'),
  run({ answer, reply, privateMessage, resources }) {
    const minimum = resources.rubric.reply_present.min_words;
    for (const [kind, written] of [['reply', reply], ['private_message', privateMessage]] as const) {
      if (!answer.actions.includes(kind)) continue;
      const words = written?.text.words ?? 0;
      if (words === 0) return { passed: false, message: `Vous avez choisi ${CHOSEN_LABELS[kind]}, mais ${TEXT_LABELS[kind]} n'est pas rédigé${kind === 'reply' ? 'e' : ''}.` };
      if (words < minimum) {
        return {
          passed: false,
          message: `${TEXT_LABELS[kind].replace(/^./, (c) => c.toUpperCase())} est trop court${kind === 'reply' ? 'e' : ''} (${words} mot${words > 1 ? 's' : ''}) : au moins ${minimum} mots sont attendus.`,
          evidence: written?.text.source ?? '',
        };
      }
    }
    return { passed: true, message: 'Texte rédigé pour chaque action écrite choisie.' };
  },
};
