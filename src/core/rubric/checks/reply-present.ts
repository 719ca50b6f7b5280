import { CATEGORY_LABELS, actionList } from '../labels.js';
import type { Check, CommentContext, Outcome, TextKind, WrittenText } from '../types.js';
import { hasWrittenAnswer, needsWrittenAnswer, WRITTEN_ACTIONS } from '../written-answers.js';

const CHOSEN_LABELS: Record<TextKind, string> = { reply: 'de répondre publiquement', private_message: "d'envoyer un message privé" };
const TEXT_LABELS: Record<TextKind, string> = { reply: 'la réponse publique', private_message: 'le message privé' };
const EXPECTED_LABELS: Record<TextKind, string> = { reply: 'une réponse publique', private_message: 'un message privé' };

function tooShort(kind: TextKind, words: number, minimum: number, written: WrittenText | undefined): Outcome {
  return {
    passed: false,
    message: `${TEXT_LABELS[kind].replace(/^./, (c) => c.toUpperCase())} est trop court${kind === 'reply' ? 'e' : ''} (${words} mot${words > 1 ? 's' : ''}) : au moins ${minimum} mots sont attendus.`,
    evidence: written?.text.source ?? '',
  };
}

/** Each written action the candidate chose has its text, of at least the rubric's number of words. */
function chosenTextsFault({ answer, reply, privateMessage }: CommentContext, minimum: number): Outcome | undefined {
  for (const [kind, written] of [['reply', reply], ['private_message', privateMessage]] as const) {
    if (!answer.actions.includes(kind)) continue;
    const words = written?.text.words ?? 0;
    if (words === 0) return { passed: false, message: `Vous avez choisi ${CHOSEN_LABELS[kind]}, mais ${TEXT_LABELS[kind]} n'est pas rédigé${kind === 'reply' ? 'e' : ''}.` };
    if (words < minimum) return tooShort(kind, words, minimum, written);
  }
  return undefined;
}

/** A comment that calls for a written answer got one, whatever actions were chosen. */
function neededAnswerFault({ comment, answer, texts }: CommentContext, minimum: number): Outcome | undefined {
  if (!needsWrittenAnswer(comment) || hasWrittenAnswer(texts, minimum)) return undefined;
  const [short] = texts;
  if (short) return tooShort(short.kind, short.text.words, minimum, short);
  const expected = WRITTEN_ACTIONS.filter((action) => comment.actions.expected.includes(action)) as TextKind[];
  return {
    passed: false,
    message: `Ce commentaire appelle une réponse écrite (${CATEGORY_LABELS[comment.category]}) : aucune réponse publique ni message privé ; attendu : ${(expected.length > 0 ? expected : (['reply', 'private_message'] as const)).map((kind) => EXPECTED_LABELS[kind]).join(' ou ')}.`,
    evidence: actionList(answer.actions),
  };
}

/**
 * Cr7.2: a reply or private message that was chosen is actually written, and a comment that calls
 * for a written answer has one: skipping the hard comments must cost something.
 */
export const replyPresent: Check = {
  id: 'reply_present',
  criterion: 'Cr7.2',
  applies: ({ answer, comment }) => answer.actions.some((action) => WRITTEN_ACTIONS.includes(action)) || needsWrittenAnswer(comment),
  run(context) {
    const minimum = context.resources.rubric.reply_present.min_words;
    const fault = chosenTextsFault(context, minimum) ?? neededAnswerFault(context, minimum);
    if (fault) return fault;
    const chose = context.answer.actions.some((action) => WRITTEN_ACTIONS.includes(action));
    return { passed: true, message: chose ? 'Texte rédigé pour chaque action écrite choisie.' : 'Réponse écrite donnée à ce commentaire qui en demande une.' };
  },
};
