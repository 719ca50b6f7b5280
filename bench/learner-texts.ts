/**
 * What a bench learner writes when a comment calls for a public reply, as a candidate would: a
 * justification for the jury (60 characters and more) and a short reply greeting the comment's
 * author by name, in the charter's register, signed as the charter asks, within the network's
 * length, without the forbidden terms — everything read from what the bot shows (the question and
 * the writing rules), nothing from the scenario files.
 */

export interface WritingRules {
  register: 'vous' | 'tu';
  signature?: string;
  /** The public reply's length limit on the network. */
  replyLimit?: number;
  forbidden: string[];
}

/** Slack's escaping of `&`, `<`, `>` undone; Discord's bold markers dropped. */
function plain(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\*\*/g, '');
}

/** The rules to write by, as the bot lists them (« Registre : tutoiement », « Signature … : « … » », …). */
export function readRules(text: string): WritingRules {
  const source = plain(text);
  const signature = /Signature de la réponse publique : « (.+?) »/.exec(source)?.[1];
  const limit = /Réponse publique : ([\d\s\u202f\u00a0]+) caractères au plus/.exec(source)?.[1];
  const forbiddenLine = /Termes à ne pas employer : (.+)/.exec(source)?.[1] ?? '';
  return {
    register: /Registre : tutoiement/.test(source) ? 'tu' : 'vous',
    ...(signature ? { signature } : {}),
    ...(limit ? { replyLimit: Number(limit.replace(/\D/g, '')) } : {}),
    forbidden: [...forbiddenLine.matchAll(/« (.+?) »/g)].map((match) => match[1]!.toLowerCase()),
  };
}

/**
 * The author of the comment a question is about (« @Anaïs : « … » » just above « Ce commentaire
 * demande-t-il… »), without the @. The first question comes under the case, whose charter has lines
 * of the same shape (« Signature … : « … » »): the quote nearest the question is the comment's.
 */
export function authorOf(questionText: string): string | undefined {
  const lines = plain(questionText).split('\n');
  const asked = lines.findIndex((line) => line.includes('Ce commentaire demande-t-il'));
  const before = asked < 0 ? lines : lines.slice(0, asked);
  const line = before.reverse().find((candidate) => / : « /.test(candidate));
  const author = line?.replace(/^Commentaire \d+\/\d+ — /, '').split(' : « ')[0]?.trim();
  return author ? author.replace(/^@/, '') : undefined;
}

const JUSTIFICATIONS = [
  (author: string) => `Le commentaire laissé par ${author} appelle une réponse publique : la personne attend un retour, et une réponse courtoise, factuelle et conforme à la charte rassure aussi les autres abonnés.`,
  (author: string) => `${author} interpelle la marque devant tout le monde ; répondre avec calme et sans promesse hors des faits montre que la communauté est écoutée et évite que l’échange ne s’envenime.`,
  (author: string) => `Une réponse publique s’impose : le message laissé par ${author} reste dans le cadre de la charte mais demande un retour, et le silence de la marque serait mal perçu sous la publication.`,
];

const REPLIES: Record<WritingRules['register'], Array<(author: string) => string>> = {
  vous: [
    (author) => `Bonjour ${author}, merci pour votre message. Nous comprenons votre réaction et revenons vers vous en message privé pour en parler.`,
    (author) => `Bonjour ${author}, merci d’avoir pris le temps de nous écrire. Nous regardons votre remarque avec attention et vous répondons en privé.`,
    (author) => `Bonjour ${author}, merci pour votre retour, il compte pour nous. Écrivez-nous en message privé : nous verrons ensemble ce qui est possible.`,
  ],
  tu: [
    (author) => `Bonjour ${author}, merci pour ton message. On comprend ta réaction et on revient vers toi en message privé pour en parler.`,
    (author) => `Bonjour ${author}, merci d’avoir pris le temps de nous écrire. On regarde ta remarque avec attention et on te répond en privé.`,
    (author) => `Bonjour ${author}, merci pour ton retour, il compte pour nous. Écris-nous en message privé : on verra ensemble ce qui est possible.`,
  ],
};

/** The justification and the reply a learner types for one comment; `pick` varies the wording between learners and comments. */
export function candidateTexts(author: string | undefined, rules: WritingRules, pick: number): { justification: string; reply: string } {
  const name = author ?? 'à vous';
  const clean = (text: string) => !rules.forbidden.some((term) => text.toLowerCase().includes(term));
  const justifications = JUSTIFICATIONS.map((make) => make(author ?? 'la personne')).filter(clean);
  const signed = (text: string) => (rules.signature ? `${text}\n${rules.signature}` : text);
  const replies = REPLIES[rules.register].map((make) => signed(make(name)));
  const fitting = replies.filter((reply) => clean(reply) && (rules.replyLimit === undefined || reply.length <= rules.replyLimit));
  const choose = <T>(list: T[], fallback: T): T => (list.length > 0 ? list[pick % list.length]! : fallback);
  return {
    justification: choose(justifications, JUSTIFICATIONS[0]!(author ?? 'la personne')),
    // Nothing fits (a very short network limit): the shortest, cut to the limit.
    reply: choose(fitting, [...replies].sort((a, b) => a.length - b.length)[0]!.slice(0, rules.replyLimit)),
  };
}
