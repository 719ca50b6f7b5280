import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { TerminalSession } from '../../src/adapters/terminal/session.js';
import { ManualClock } from '../../src/engine/clock.js';
import type { Engine, Envelope } from '../../src/engine/engine.js';
import type { View } from '../../src/engine/views.js';
import { databasePath, MINUTE, SCENARIO, T0, TerminalHarness, visible } from '../helpers/terminal-session.js';

const JUSTIFICATION = 'Cliente mécontente du retard : il faut lui répondre publiquement et la rassurer.';
const REPLY = 'Bonjour Nathalie, nous sommes désolés pour ce retard. L’équipe Maison Lina';
const LIMIT = 3000;

const open: TerminalHarness[] = [];
afterEach(() => {
  for (const harness of open.splice(0)) harness.close();
});

async function terminal(options: Parameters<typeof TerminalHarness.open>[0]): Promise<TerminalHarness> {
  const harness = await TerminalHarness.open(options);
  open.push(harness);
  return harness;
}

/** An exam on the first comment's texts form (reply chosen, or the actions given), reading time skipped. */
async function examAtTexts(harness: TerminalHarness, actions = '2'): Promise<void> {
  harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'exam'] });
  await harness.until('J’ai lu');
  harness.line('1');
  await harness.until('Commentaire 1/8');
  harness.line('1');
  await harness.until('Quelles actions');
  harness.line(actions);
  await harness.until('Justification : quel problème');
}

async function practiceAtTexts(harness: TerminalHarness, actions = '2'): Promise<void> {
  harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
  await harness.until('Ce commentaire demande-t-il une action');
  harness.line('1');
  await harness.until('Quelles actions');
  harness.line(actions);
  await harness.until('Justification : quel problème');
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** The texts kept for a comment so far, as the engine stored them (drafts, in order). */
function drafts(harness: TerminalHarness): Array<Record<string, unknown>> {
  const rows = harness.app.db.prepare("SELECT payload FROM drill_events WHERE type = 'drafted' ORDER BY seq").all() as Array<{ payload: string }>;
  return rows.map((row) => (JSON.parse(row.payload) as { draft: Record<string, unknown> }).draft);
}

describe('the terminal at the deadline of an exam', () => {
  it('ends the text being typed at the automatic submission: the next line answers the review, commands work again', async () => {
    const harness = await terminal({ tty: true });
    await examAtTexts(harness);
    harness.line(JUSTIFICATION);
    harness.line('');
    await harness.until('Réponse publique (Facebook)');
    harness.keys('Bonjour, nous');
    await harness.settled();
    harness.clock.advance(16 * MINUTE);
    await harness.until('Phase de relecture');
    const screen = harness.screenLines();
    // The typed line stays as typed, and the notice starts a line of its own.
    expect(screen.some((line) => line.endsWith('› Bonjour, nous'))).toBe(true);
    expect(screen.some((line) => line.startsWith('Temps écoulé : votre copie a été rendue automatiquement'))).toBe(true);
    expect(screen.join('\n')).not.toMatch(/nousTemps écoulé/);
    harness.line('1');
    await harness.until('Relecture terminée');
    harness.line('help');
    await harness.until('Commandes :');
    harness.line('history');
    await harness.until('Vos derniers exercices');
  });

  it('does the same with piped input: the line after the submission answers the review prompt', async () => {
    const harness = await terminal({ tty: false });
    await examAtTexts(harness);
    harness.line(JUSTIFICATION);
    harness.line('');
    await harness.until('Réponse publique (Facebook)');
    await harness.settled();
    harness.clock.advance(16 * MINUTE);
    await harness.until('Phase de relecture');
    harness.line('1');
    await harness.until('Relecture terminée');
  });

  it('prints a reminder on its own line and puts the line being typed back under it, to be finished', async () => {
    const harness = await terminal({ tty: true });
    await examAtTexts(harness);
    harness.keys('Cliente mécontente');
    await harness.settled();
    harness.clock.advance(10 * MINUTE);
    await harness.until('Plus que 5 minutes');
    const screen = harness.screenLines().filter((line) => line !== '');
    expect(screen.at(-2)).toBe('Plus que 5 minutes avant le rendu automatique.');
    expect(screen.at(-1)).toMatch(/^⏱ 5:00 › Cliente mécontente$/);
    harness.line(' du retard : il faut lui répondre publiquement et la rassurer.');
    harness.line('');
    await harness.until('Réponse publique (Facebook)');
    expect(drafts(harness).at(-1)).toMatchObject({ justification: JUSTIFICATION });
  });

  it('takes the countdown off the prompt when writing ends; the review shows its own, then none', async () => {
    const harness = await terminal({ tty: true });
    await examAtTexts(harness);
    harness.clock.advance(15 * MINUTE);
    await harness.until('Phase de relecture');
    await harness.settled();
    expect(harness.screenLines().filter((line) => line !== '').at(-1)).toBe('⏱ 10:00 ›');
    harness.clock.advance(10 * MINUTE);
    await harness.until('Fin de la relecture');
    await harness.settled();
    expect(harness.screenLines().filter((line) => line !== '').at(-1)).toBe('›');
  });
});

describe('a half-answered comment in the terminal', () => {
  it('is scored at the automatic submission with its justification and the reply lines typed so far', async () => {
    const harness = await terminal({ tty: false });
    await examAtTexts(harness);
    harness.line(JUSTIFICATION);
    harness.line('');
    await harness.until('Réponse publique (Facebook)');
    harness.line('Bonjour Nathalie, nous sommes désolés pour ce retard.');
    await harness.settled();
    harness.clock.advance(16 * MINUTE);
    await harness.until('Phase de relecture');
    const feedback = harness.text().slice(harness.text().indexOf('Résultats'));
    const first = feedback.slice(feedback.indexOf('Commentaire 1/8'), feedback.indexOf('Commentaire 2/8'));
    expect(first).not.toContain('sans réponse');
    expect(first).toMatch(/✓ .*justification/i);
    expect(first).not.toContain('la réponse publique n\'est pas rédigée');
  });

  it('on a terminal, keeps the line being typed when the deadline comes', async () => {
    const harness = await terminal({ tty: true });
    await examAtTexts(harness);
    harness.line(JUSTIFICATION);
    harness.line('');
    await harness.until('Réponse publique (Facebook)');
    harness.keys('Bonjour Nathalie, nous sommes désolés');
    await harness.settled();
    harness.clock.advance(16 * MINUTE);
    await harness.until('Phase de relecture');
    expect(drafts(harness).at(-1)).toMatchObject({ justification: JUSTIFICATION, reply: 'Bonjour Nathalie, nous sommes désolés' });
    const feedback = harness.text().slice(harness.text().indexOf('Résultats'));
    expect(feedback.slice(0, feedback.indexOf('Commentaire 2/8'))).not.toContain('sans réponse');
  });

  it('survives Ctrl-C after the justification: nothing more is asked, and the next session resumes at its texts', async () => {
    const path = databasePath();
    const first = await terminal({ tty: true, databasePath: path });
    await practiceAtTexts(first, '2,3');
    first.line(JUSTIFICATION);
    first.line('');
    await first.until('Réponse publique (Facebook)');
    first.keys('Bonjour Nathalie');
    await first.settled();
    first.fresh();
    first.keys('\u0003');
    await first.finished();
    const after = first.fresh();
    expect(after).toContain('Progression enregistrée');
    expect(after).not.toContain('Message privé');
    first.close();
    open.splice(open.indexOf(first), 1);

    const second = await terminal({ tty: true, databasePath: path });
    second.start({ kind: 'command', name: 'start' });
    await second.until('Le reprendre ?');
    second.line('1');
    await second.until('Vos textes déjà écrits sont repris');
    expect(second.text()).toContain(`Actuel : « ${JUSTIFICATION} »`);
    second.line('');
    await second.until('Actuel : « Bonjour Nathalie »');
  });

  it('survives the end of piped input after the justification, printing nothing more', async () => {
    const path = databasePath();
    const first = await terminal({ tty: false, databasePath: path });
    await practiceAtTexts(first, '2,3');
    first.line(JUSTIFICATION);
    first.line('');
    await first.until('Réponse publique (Facebook)');
    await first.settled();
    first.fresh();
    await first.end();
    expect(first.fresh()).toBe('');
    first.close();
    open.splice(open.indexOf(first), 1);

    const second = await terminal({ tty: false, databasePath: path });
    second.start({ kind: 'command', name: 'resume' });
    await second.until(`Actuel : « ${JUSTIFICATION} »`);
    second.line('');
    await second.until('Réponse publique (Facebook)');
  });
});

describe('texts over the limit', () => {
  it('refuses a text as soon as it is too long, names it with French figures, and asks for it alone', async () => {
    const harness = await terminal({ tty: false });
    await practiceAtTexts(harness, '2,3');
    harness.line(JUSTIFICATION);
    harness.line('');
    harness.line(REPLY);
    harness.line('');
    await harness.until('Message privé');
    harness.line('x'.repeat(LIMIT + 230));
    await harness.until('raccourcissez-le');
    expect(harness.text()).toContain('Message privé : 3\u202f230 caractères pour 3\u202f000 au plus — raccourcissez-le.');
    harness.line('Bonjour Nathalie, pouvez-vous nous donner votre numéro de commande ?');
    harness.line('');
    await harness.until('Réponse enregistrée (Commentaire 1/8)');
    expect(count(harness.text(), 'Justification : quel problème')).toBe(1);
    expect(count(harness.text(), 'Réponse publique (Facebook)')).toBe(1);
  });
});

describe('the rules to write by in the terminal', () => {
  it('prints the rules before the first field, and the reply\'s count against the network\'s limit once typed', async () => {
    const harness = await terminal({ tty: false });
    await practiceAtTexts(harness, '2');
    const beforeField = harness.text().split('Justification : quel problème')[0]!;
    expect(beforeField).toContain('Règles pour vos textes :');
    expect(beforeField).toContain('  • Réponse publique : 8\u202f000 caractères au plus sur Facebook.');
    expect(beforeField).toContain('  • Registre : vouvoiement (« vous »), dans chaque texte.');
    expect(beforeField).toContain('  • Chiffres, prix, dates et horaires : seulement ceux des faits de la charte, de la publication et du commentaire.');
    harness.line(JUSTIFICATION);
    harness.line('');
    await harness.until('8\u202f000 caractères au plus sur Facebook\n');
    harness.line(REPLY);
    harness.line('');
    await harness.until('Réponse enregistrée (Commentaire 1/8)');
    expect(harness.text()).toContain(`${[...REPLY].length}/8\u202f000 caractères`);
    // The justification has no network limit: no count under it.
    expect(count(harness.text(), '/8\u202f000 caractères')).toBe(1);
  });
});

describe('a text the engine refuses', () => {
  type Form = Extract<View, { kind: 'form' }>;
  const field = (id: string, label: string, value?: string) => ({ id, label, multiline: true, required: true, maxLength: LIMIT, ...(value ? { value } : {}) });
  const form = (values: { justification?: string; reply?: string } = {}): Form => ({
    kind: 'form',
    id: 'texts:d1:c1:r',
    title: 'Vos textes — Commentaire 1/8',
    fields: [field('justification', 'Justification : quel problème, pourquoi cette action ?', values.justification), field('reply', 'Réponse publique (Facebook)', values.reply)],
  });
  const refusals: Record<string, () => View[]> = {
    'names the field': () => [{ kind: 'notice', tone: 'error', field: 'reply', text: 'Texte trop long : 3 100 caractères pour 3 000 au plus. Raccourcissez-le ; rien n’a été enregistré.' }],
    'names the field and sends the form again': () => [{ kind: 'notice', tone: 'error', field: 'reply', text: 'Texte trop long.' }, form({ justification: JUSTIFICATION })],
    'sends the form again with the field empty': () => [{ kind: 'notice', tone: 'error', text: 'À remplir : la réponse publique.' }, form({ justification: JUSTIFICATION })],
  };

  it.each(Object.keys(refusals))('asks again only for that text when the engine %s', async (refusal) => {
    const submitted: Array<Record<string, string>> = [];
    // An engine that refuses the first hand-in of the texts, then takes them.
    const engine = {
      onDeliver: () => undefined,
      handle: ({ event }: Envelope): View[] => {
        if (event.kind === 'command') return [form()];
        if (event.kind !== 'form' || event.draft) return [];
        submitted.push(event.values);
        return submitted.length === 1 ? refusals[refusal]!() : [{ kind: 'notice', tone: 'success', text: 'Réponse enregistrée.' }];
      },
    } as unknown as Engine;
    const input = new PassThrough();
    const output = new PassThrough();
    let screen = '';
    output.setEncoding('utf8').on('data', (chunk: string) => (screen += chunk));
    const session = new TerminalSession(engine, { input, output, tty: false }, { userId: 'ana', displayName: 'Ana' }, new ManualClock(T0));
    const running = session.run({ kind: 'command', name: 'start' });
    input.end(`${JUSTIFICATION}\n\n${REPLY}\n\nBonjour Nathalie.\n\n`);
    await running;
    expect(submitted).toEqual([{ justification: JUSTIFICATION, reply: REPLY }, { justification: JUSTIFICATION, reply: 'Bonjour Nathalie.' }]);
    expect(count(visible(screen), 'Justification : quel problème')).toBe(1);
    expect(count(visible(screen), 'Réponse publique (Facebook)')).toBe(2);
    expect(visible(screen)).toContain('Réponse enregistrée.');
  });
});

describe('handing in from the terminal', () => {
  it.each(['2', 'oui', 'Rendre'])('asks to confirm with comments left, and « %s » hands the copy in', async (answer) => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    harness.line('submit');
    await harness.until('Rendre la copie quand même ?');
    harness.line(answer);
    await harness.until('Résultats');
    expect(harness.text()).toMatch(/Cr7\.1 .*: \d+\s% \(\d+\/\d+\)/);
  });

  it('« non » goes back to the comment', async () => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    harness.line('submit');
    await harness.until('Rendre la copie quand même ?');
    harness.fresh();
    harness.line('non');
    await harness.until(() => harness.text().split('Rendre la copie quand même ?')[1]!.includes('Commentaire 1/8'));
    expect(harness.text()).not.toContain('Résultats');
  });
});

describe('answering in words', () => {
  it('takes « oui », « n » and the first word of an action', async () => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    harness.line('Oui');
    await harness.until('Quelles actions');
    harness.line('réponse, message');
    await harness.until('Justification : quel problème');
    harness.line(JUSTIFICATION);
    harness.line('');
    harness.line(REPLY);
    harness.line('');
    await harness.until('Message privé');
    harness.line('Bonjour Nathalie, pouvez-vous nous donner votre numéro de commande ?');
    harness.line('');
    // A check failed: the offer to rewrite it comes first; « 2 » goes on to the next comment.
    await harness.until('2. Commentaire suivant');
    harness.line('2');
    await harness.until('Commentaire 2/8');
    harness.line('n');
    await harness.until('Réponse enregistrée (Commentaire 2/8)');
  });
});

describe('reading the case again and the help', () => {
  it.each(['case', 'cas', 'charte'])('« %s » shows the case and charter again, then the question', async (word) => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    harness.fresh();
    harness.line(word);
    await harness.until(() => harness.text().split('La charte éditoriale').length === 3);
    await harness.settled();
    const after = harness.fresh();
    expect(after.indexOf('Ce commentaire demande-t-il une action')).toBeGreaterThan(after.indexOf('La charte éditoriale'));
  });

  it('« case » alone on a line of a text shows the case, and the text goes on', async () => {
    const harness = await terminal({ tty: false });
    await practiceAtTexts(harness);
    harness.line('Cliente mécontente du retard :');
    harness.line('case');
    await harness.until(() => harness.text().split('La charte éditoriale').length === 3);
    harness.line('il faut lui répondre publiquement et la rassurer.');
    harness.line('');
    await harness.until('Réponse publique (Facebook)');
    expect(drafts(harness).at(-1)).toMatchObject({ justification: 'Cliente mécontente du retard :\nil faut lui répondre publiquement et la rassurer.' });
  });

  it('help lists the engine’s commands and the terminal’s own', async () => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    harness.line('aide');
    await harness.until('Dans le terminal');
    const text = harness.text();
    for (const command of ['start', 'resume', 'case', 'edit 3', 'submit', 'history', 'progress', 'privacy export', 'quit', 'cas, charte']) expect(text).toContain(command);
  });
});

describe('the terminal’s width', () => {
  it('wraps at word boundaries to the width of the terminal, keeping the indentation', async () => {
    const harness = await terminal({ tty: true, columns: 50 });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    const screen = harness.screenLines();
    expect(screen.filter((line) => line.length > 50)).toEqual([]);
    // The brand's description is indented by two spaces, on every row it takes.
    const description = screen.findIndex((line) => line.startsWith('  Boutique en ligne de décoration'));
    expect(description).toBeGreaterThan(-1);
    expect(screen[description + 1]).toMatch(/^ {2}\S/);
    // No word was cut: every word of the comment is on screen whole.
    const words = screen.join(' ').split(/\s+/);
    for (const word of ['crémaillère', 'mensongère.', 'préparation'] ) expect(words.some((candidate) => candidate.includes(word))).toBe(true);
  });
});

describe('French on screen', () => {
  it('names the checks in the feedback, never their ids', async () => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'start', args: [SCENARIO, 'practice'] });
    await harness.until('Ce commentaire demande-t-il une action');
    harness.line('non');
    await harness.until('Retour sur ce commentaire');
    await harness.settled();
    expect(harness.text()).toMatch(/✗ Détection/);
    expect(harness.text()).not.toMatch(/✗ detection/);
  });

  it('says a calendar file is missing in words, without an error code', async () => {
    const harness = await terminal({ tty: false });
    harness.start({ kind: 'command', name: 'help' });
    await harness.until('Commandes');
    harness.line('calendar import /nulle-part/calendrier.csv');
    await harness.until('introuvable');
    expect(harness.text()).toContain('Calendrier « /nulle-part/calendrier.csv » : fichier introuvable.');
    expect(harness.text()).not.toContain('ENOENT');
  });
});
