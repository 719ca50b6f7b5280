import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { TimeoutScheduler, type Clock, type Scheduler } from '../../engine/clock.js';
import type { DrillOrigin } from '../../store/drills.js';
import type { AdapterEngine, ChatAdapter } from '../port.js';
import type { FormField, Inbound, View } from '../../engine/views.js';
import { resolveChoice, yesNo } from './choices.js';
import { ansi, figure, plain, remaining, renderView, type Style } from './render.js';
import { wrapText } from './wrap.js';
import { describeFsError } from '../../core/util/fs-error.js';
import { graphemeCount } from '../../core/rubric/checks/length.js';

export interface TerminalIO {
  input: Readable;
  output: Writable;
  /** Colours, live clock, line editing, wrapping to the width and Ctrl-C handling only on a real terminal. */
  tty: boolean;
  /** Where documents (a data export) are saved; without it they are only named. */
  documentsDir?: string;
}

type Prompt = Extract<View, { kind: 'prompt' }>;
type Form = Extract<View, { kind: 'form' }>;
type Pending = Prompt | Form;

/** The keyboard was closed (end of input, Ctrl-D, Ctrl-C, « quit »). */
const CLOSED = Symbol('closed');
/** The clock moved the drill on (deadline, automatic submission): the line being typed answers nothing now. */
const MOVED = Symbol('moved');
type Read = string | typeof CLOSED | typeof MOVED;

type FormOutcome = 'done' | 'closed' | 'left';

const COMMAND = /^\/?(start|resume|submit|history|progress|feedback|help|aide|quit|quitter|exit|edit|case|cas|charte|nudges|calendar|coach|oral|privacy)(?:\s+(.+))?$/i;
/** The terminal's French words for the engine's commands. */
const ALIASES: Record<string, string> = { aide: 'help', cas: 'case', charte: 'case', quitter: 'quit', exit: 'quit' };

/** Added to the engine's help: what only the terminal has. */
const TERMINAL_HELP = [
  'Dans le terminal :',
  '• répondre : le numéro du choix, ou son premier mot (« oui », « non », « réponse », « rendre »…) ; plusieurs numéros séparés par des virgules',
  '• un texte tient sur plusieurs lignes, une ligne vide le termine ; seuls sur une ligne, « case », « help », « submit » et « quit » restent des commandes',
  '• cas, charte : comme case · aide : comme help · calendar import FICHIER : importer un fichier · quit (ou Ctrl-C) : quitter, tout ce qui est écrit est gardé',
].join('\n');

/** The name of a field in a sentence: « Justification », « Réponse publique », « Message privé ». */
function fieldName(field: FormField): string {
  return field.label.split(/ [:(]/)[0]!.trim();
}

function questionOf(views: View[]): Pending | undefined {
  return [...views].reverse().find((view): view is Pending => view.kind === 'prompt' || view.kind === 'form');
}

/** The field being typed: what a deadline or Ctrl-C keeps of it. */
interface Typing {
  form: Form;
  field: FormField;
  values: Record<string, string>;
  lines: string[];
}

/**
 * The terminal adapter: prints views as text, reads numbered choices and multi-line texts, and
 * turns them into the engine's inbound events. It keeps only the question on screen; the engine
 * decides everything else. Every answer is stored as it is given: a choice at once, a text line
 * by line (as a draft), so a deadline, Ctrl-C or a closed terminal loses nothing already typed.
 */
export class TerminalSession implements ChatAdapter {
  readonly platform = 'terminal';
  private readonly style: Style;
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: Read) => void) | undefined;
  private closed = false;
  /** Leaving (Ctrl-C, « quit »): nothing is printed any more but the goodbye. */
  private leaving = false;
  private pending: Pending | undefined;
  /** Counts the clock's moves, so an answer crossing one does not undo it. */
  private moves = 0;
  private typing: Typing | undefined;
  private lastDraft: string | undefined;
  private clockTimer: NodeJS.Timeout | undefined;
  private readonly flushKey: string;

  constructor(
    private readonly engine: AdapterEngine,
    private readonly io: TerminalIO,
    private readonly user: { userId: string; displayName: string },
    private readonly clock: Clock,
    private readonly scheduler: Scheduler = new TimeoutScheduler(clock),
  ) {
    this.style = io.tty ? ansi : plain;
    this.flushKey = `terminal:${user.userId}:typing`;
    this.rl = createInterface({ input: io.input, output: io.tty ? io.output : undefined, terminal: io.tty });
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => {
      // Ctrl-D on a terminal: the same goodbye as Ctrl-C. Piped input simply ends.
      if (!this.leaving && this.io.tty) this.leave();
      this.flushTyping();
      this.closed = true;
      this.wake(CLOSED);
    });
    this.rl.on('SIGINT', () => this.leave());
  }

  /** The terminal is there from the start: `run` reads it. */
  async start(): Promise<void> {}

  /** The keyboard is let go (run() ends as at the end of input). */
  async stop(): Promise<void> {
    this.rl.close();
  }

  connected(): boolean {
    return !this.closed;
  }

  /** What the clock sends to the learner at this terminal, printed at once (see delivered). */
  async deliver(origin: DrillOrigin, views: View[]): Promise<void> {
    if (origin.userId === this.user.userId) this.delivered(views);
  }

  private push(line: string): void {
    if (this.waiting) this.wake(line);
    else this.lines.push(line);
  }

  private wake(read: Read): void {
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(read);
  }

  private nextLine(): Promise<Read> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closed) return Promise.resolve(CLOSED);
    this.refreshPrompt();
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private width(): number | undefined {
    // Piped output is left whole: whatever shows it (a pager, a file viewer) wraps it itself.
    return this.io.tty ? (this.io.output as Writable & { columns?: number }).columns : undefined;
  }

  /**
   * Prints a text on its own lines. While the learner is typing (a reminder, the clock), the line
   * being typed is taken off the screen first and put back under the text, as it was.
   */
  private print(text: string): void {
    const live = this.io.tty && this.waiting !== undefined && !this.leaving && !this.closed;
    if (live) {
      const { rows } = this.rl.getCursorPos();
      if (rows > 0) moveCursor(this.io.output, 0, -rows);
      cursorTo(this.io.output, 0);
      clearScreenDown(this.io.output);
    }
    this.io.output.write(`${wrapText(text, this.width())}\n`);
    if (live) {
      // readline would otherwise move up as many rows as the typed line had, over the text just printed.
      (this.rl as unknown as { prevRows: number }).prevRows = 0;
      this.refreshPrompt();
    }
  }

  private show(views: View[]): void {
    const texts = views.map((view) =>
      view.kind === 'file' && this.io.documentsDir !== undefined ? this.saveDocument(this.io.documentsDir, view) : renderView(view, this.style, this.clock.now()),
    );
    if (texts.length > 0) this.print(texts.join('\n'));
  }

  /**
   * Views the clock sends (reminders, end of reading, automatic submission). When they move the
   * drill on, the line being typed is given up: it stays on screen as typed, the next question
   * follows on a fresh line, and the next line answers that question.
   */
  private delivered(views: View[]): void {
    if (this.leaving || this.closed) return;
    const question = questionOf(views);
    const stale = question === undefined && this.pending?.deadline !== undefined && this.pending.deadline <= this.clock.now();
    const moved = question !== undefined || stale;
    if (moved) {
      this.moves += 1;
      this.pending = question;
      this.abandonInput();
    }
    this.show(views);
    if (moved) this.wake(MOVED);
  }

  private abandonInput(): void {
    if (!this.io.tty) return;
    // Lines typed ahead were meant for the question that is gone.
    this.lines.length = 0;
    // Ends the typed line where it is and empties readline's buffer (Node's own « clear the line »).
    if (this.waiting) (this.rl as unknown as { clearLine(): void }).clearLine();
  }

  /** A document written next to the learner (never over an existing file: « name-2.json »…). */
  private saveDocument(dir: string, file: Extract<View, { kind: 'file' }>): string {
    const extension = extname(file.filename);
    for (let attempt = 1; ; attempt += 1) {
      const path = join(dir, attempt === 1 ? file.filename : `${basename(file.filename, extension)}-${attempt}${extension}`);
      try {
        // Readable by the learner alone: an export holds all their data.
        writeFileSync(path, file.data, { flag: 'wx', mode: 0o600 });
        return this.style.dim(`Document enregistré : ${path} (${file.title})`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        return this.style.yellow(`${file.title} : écriture impossible dans ${dir} (${describeFsError(error, 'dossier')}).`);
      }
    }
  }

  private handle(event: Inbound): View[] {
    return this.engine.handle({ eventId: randomUUID(), platform: this.platform, userId: this.user.userId, displayName: this.user.displayName, event });
  }

  /** Sends an event and prints the answer; the question on screen becomes the one it asks, if any. */
  private send(event: Inbound): View[] {
    const moves = this.moves;
    const views = this.handle(event);
    // The clock moved the drill on meanwhile (an automatic submission caught up): its question stands.
    if (moves === this.moves) {
      const question = questionOf(views);
      if (question) this.pending = question;
      // A choice answered, or texts taken, and nothing asked next: that question is over.
      else if (event.kind === 'choice' || (event.kind === 'form' && !event.draft && !views.some((view) => view.kind === 'notice' && view.tone === 'error'))) this.pending = undefined;
    }
    this.show(views);
    return views;
  }

  /** The prompt line shows the time left of a timed phase, refreshed every second on a TTY. */
  private refreshPrompt(): void {
    if (!this.io.tty || this.leaving) return;
    const deadline = this.pending?.deadline;
    const now = this.clock.now();
    this.rl.setPrompt(deadline !== undefined && deadline > now ? this.style.yellow(`⏱ ${remaining(deadline, now)} › `) : '› ');
    this.rl.prompt(true);
  }

  /** Ctrl-C, Ctrl-D or « quit »: what is being typed is kept, and the session ends there. */
  private leave(): void {
    if (this.leaving) return;
    this.flushTyping();
    this.leaving = true;
    if (this.io.tty && this.waiting) (this.rl as unknown as { clearLine(): void }).clearLine();
    this.io.output.write(`${wrapText(this.style.yellow('Progression enregistrée : relancez « npm start » pour reprendre.'), this.width())}\n`);
    this.rl.close();
  }

  async run(first: Inbound): Promise<void> {
    if (this.io.tty) {
      this.clockTimer = setInterval(() => {
        if (this.waiting && this.pending?.deadline !== undefined) this.refreshPrompt();
      }, 1000);
      this.clockTimer.unref();
    }
    try {
      this.send(first);
      for (;;) {
        const pending = this.pending;
        if (pending?.kind === 'form') {
          if ((await this.readForm(pending)) === 'closed') break;
          continue;
        }
        const line = await this.nextLine();
        if (line === CLOSED) break;
        if (line === MOVED) continue;
        const trimmed = line.trim();
        if (trimmed === '') continue;
        const command = COMMAND.exec(trimmed);
        if (command) {
          if ((await this.command(command[1]!, command[2], false)) === 'quit') break;
          continue;
        }
        // The clock may have put a new question on screen while the learner was typing.
        const current = this.pending;
        if (current?.kind === 'prompt') this.answerPrompt(current, trimmed);
        else this.send({ kind: 'text', text: trimmed });
      }
    } finally {
      if (this.clockTimer) clearInterval(this.clockTimer);
      this.scheduler.cancel(this.flushKey);
      this.rl.close();
    }
  }

  /** A command typed at a question, or alone on a line of a text (`inForm`): the question is asked again after. */
  private async command(word: string, rest: string | undefined, inForm: boolean): Promise<'quit' | 'done'> {
    const lower = word.toLowerCase();
    const name = ALIASES[lower] ?? lower;
    if (name === 'quit') {
      this.leave();
      return 'quit';
    }
    const args = rest ? rest.trim().split(/\s+/) : [];
    // « calendar import FILE »: the terminal reads the file and submits it as the import form.
    if (name === 'calendar' && args[0] === 'import' && args[1]) {
      const path = args.slice(1).join(' ');
      const text = await readFile(path, 'utf8').catch((error: unknown) => {
        this.show([{ kind: 'notice', tone: 'error', text: `Calendrier « ${path} » : ${describeFsError(error)}.` }]);
        return undefined;
      });
      if (text !== undefined) this.send({ kind: 'form', form: 'calendar-import', values: { text, filename: basename(path) } });
      return 'done';
    }
    const before = this.pending;
    const views = this.send({ kind: 'command', name, args });
    if (name === 'help') this.print(this.style.dim(TERMINAL_HELP));
    if (questionOf(views) || this.pending !== before) return 'done';
    // Handed in (nothing asked back): the question on screen is over.
    if (name === 'submit') this.pending = undefined;
    // The question scrolled away under the case or the help: it comes back (a text's field is named again by its reader).
    else if (before?.kind === 'prompt' && !inForm) this.print(renderView(before, this.style, this.clock.now()));
    return 'done';
  }

  /** « 2 », « 1,3 », « oui », « réponse, message » (or the choice's own value) becomes the choice; anything else gets a helpful reply. */
  private answerPrompt(prompt: Prompt, input: string): void {
    const values: string[] = [];
    for (const segment of input.split(/[,;]/).map((part) => part.trim()).filter(Boolean)) {
      const parts = /^\d+(?:\s+\d+)*$/.test(segment) ? segment.split(/\s+/) : [segment];
      for (const part of parts) {
        const found = resolveChoice(prompt, part);
        if (found.kind === 'choice') {
          values.push(found.choice.value);
          continue;
        }
        const how = yesNo(prompt) ? ', « oui » ou « non »' : prompt.multiple ? ' (plusieurs séparés par des virgules) ou le premier mot d’un choix' : ' ou le premier mot d’un choix';
        this.print(this.style.red(found.kind === 'ambiguous'
          ? `« ${part} » peut désigner ${found.matches.map((choice) => `« ${choice.label} »`).join(' ou ')} : tapez son numéro.`
          : `« ${part} » n’est pas un choix : tapez un numéro entre 1 et ${prompt.choices.length}${how}, ou « help ».`));
        this.print(renderView(prompt, this.style, this.clock.now()));
        return;
      }
    }
    if (!prompt.multiple && values.length > 1) {
      this.print(this.style.red('Un seul choix ici.'));
      this.print(renderView(prompt, this.style, this.clock.now()));
      return;
    }
    this.send({ kind: 'choice', prompt: prompt.id, values: [...new Set(values)] });
  }

  /**
   * A form, field by field. Each text is kept as it is typed; a text refused (too long, missing)
   * is asked again alone, the others kept. `left`: the drill moved on (deadline, a command).
   */
  private async readForm(initial: Form): Promise<FormOutcome> {
    let form = initial;
    let fields = form.fields;
    const values: Record<string, string> = {};
    this.lastDraft = undefined;
    // Just before the deadline, the line being typed is kept too: it is scored with the rest.
    if (form.deadline !== undefined && this.io.tty) this.scheduler.at(this.flushKey, form.deadline - 1000, () => this.flushTyping());
    try {
      for (;;) {
        for (const field of fields) {
          const outcome = await this.readField(form, field, values);
          if (outcome !== 'done') return outcome;
        }
        const views = this.send({ kind: 'form', form: form.id, values: { ...values } });
        const refusal = views.find((view): view is Extract<View, { kind: 'notice' }> => view.kind === 'notice' && view.tone === 'error');
        if (!refusal) return 'done';
        // Refused: the same form comes back (texts missing), or the engine names the field (too long).
        const again = this.pending?.kind === 'form' && this.pending.id === form.id ? this.pending : undefined;
        if (again) form = again;
        else if (this.pending !== form) return 'done';
        fields = this.fieldsToRetry(form, again !== undefined, refusal, values);
      }
    } finally {
      this.typing = undefined;
      this.scheduler.cancel(this.flushKey);
    }
  }

  /** Which fields a refusal asks again: the one it names, else those still empty, else all. */
  private fieldsToRetry(form: Form, fromEngine: boolean, refusal: Extract<View, { kind: 'notice' }>, values: Record<string, string>): FormField[] {
    const named = refusal.field !== undefined ? form.fields.find((field) => field.id === refusal.field) : undefined;
    if (named) {
      delete values[named.id];
      this.print(this.style.dim(`Vos autres textes sont gardés : seul « ${fieldName(named)} » est à reprendre.`));
      return [named];
    }
    // The form sent back says what the engine holds: the texts it lacks are asked again.
    const empty = form.fields.filter((field) => field.required && !(fromEngine ? field.value ?? '' : values[field.id] ?? field.value ?? '').trim());
    for (const field of empty) delete values[field.id];
    return empty.length > 0 ? empty : form.fields;
  }

  /** One field: lines until an empty one (an empty first line keeps the text already there). */
  private async readField(form: Form, field: FormField, values: Record<string, string>): Promise<FormOutcome> {
    const name = fieldName(field);
    const current = values[field.id] ?? field.value;
    this.print(this.style.bold(`${field.label}${field.required ? '' : ' (facultatif)'}`));
    if (field.hint) this.print(this.style.dim(field.hint));
    if (current) this.print(this.style.dim(`Actuel : « ${current} » — ligne vide pour le garder.`));
    const lines: string[] = [];
    this.typing = { form, field, values, lines };
    for (;;) {
      const line = await this.nextLine();
      if (line === CLOSED) return 'closed';
      if (line === MOVED) return 'left';
      if (this.pending !== form) {
        // The drill moved on while this line was on its way: it answers the next question.
        this.lines.unshift(line);
        return 'left';
      }
      const command = COMMAND.exec(line.trim());
      // Alone on a line, a command is one (« case » to read the charter again); with words after, it is text.
      if (command && command[2] === undefined) {
        if ((await this.command(command[1]!, undefined, true)) === 'quit') return 'closed';
        if (this.pending !== form) return 'left';
        this.print(this.style.bold(`${field.label}${lines.length > 0 ? ' (suite)' : ''}`));
        continue;
      }
      if (line.trim() === '') {
        if (lines.length > 0) break;
        if (current) {
          values[field.id] = current;
          break;
        }
        if (!field.required) {
          values[field.id] = '';
          break;
        }
        this.print(this.style.yellow(`« ${name} » est à remplir : tapez le texte, puis une ligne vide pour le terminer.`));
        continue;
      }
      lines.push(line);
      const text = lines.join('\n');
      if (text.length > field.maxLength) {
        lines.length = 0;
        this.print(this.style.red(`${name} : ${figure(text.length)} caractères pour ${figure(field.maxLength)} au plus — raccourcissez-le.`));
        this.print(this.style.bold(`${field.label} (à retaper en entier ; vos autres textes sont gardés)`));
        continue;
      }
      this.saveDraft(form, { ...values, [field.id]: text });
      if (this.pending !== form) return 'left';
      if (!field.multiline) break;
    }
    if (lines.length > 0) values[field.id] = lines.join('\n');
    // « 142/280 caractères »: the count as the scorer makes it, against the network's limit.
    const kept = values[field.id];
    if (field.advisedLength !== undefined && kept) {
      const count = graphemeCount(kept);
      const tally = `${figure(count)}/${figure(field.advisedLength)} caractères`;
      this.print(count > field.advisedLength ? this.style.yellow(`${tally} : au-delà de la limite du réseau.`) : this.style.dim(tally));
    }
    this.saveDraft(form, values);
    return this.pending === form ? 'done' : 'left';
  }

  /** The field being typed, with the line not yet ended (Ctrl-C, the deadline), kept as a draft. */
  private flushTyping(): void {
    const typing = this.typing;
    if (!typing || this.leaving) return;
    const unfinished = this.io.tty ? this.rl.line : '';
    const lines = unfinished.trim() !== '' ? [...typing.lines, unfinished] : typing.lines;
    const text = lines.join('\n');
    if (lines.length === 0 || text.length > typing.field.maxLength) return;
    this.saveDraft(typing.form, { ...typing.values, [typing.field.id]: text });
  }

  /** Texts given so far, stored at once: a deadline scores them, a restart brings them back. */
  private saveDraft(form: Form, values: Record<string, string>): void {
    // Only forms that keep drafts (the drill's texts) are sent half-written; others (a calendar, a document) whole.
    if (!form.keepsDrafts) return;
    const given = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ''));
    const key = JSON.stringify(given);
    if (Object.keys(given).length === 0 || key === this.lastDraft) return;
    this.lastDraft = key;
    const views = this.handle({ kind: 'form', form: form.id, values: given, draft: true });
    // A refusal after the deadline is not news: the automatic submission is already on screen.
    if (this.pending === form && !this.leaving) this.show(views);
  }
}
