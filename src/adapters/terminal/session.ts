import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../../engine/clock.js';
import type { Engine } from '../../engine/engine.js';
import type { FormField, Inbound, View } from '../../engine/views.js';
import { ansi, plain, remaining, renderView, type Style } from './render.js';

export interface TerminalIO {
  input: Readable;
  output: Writable;
  /** Colours, live clock and Ctrl-C handling only on a real terminal. */
  tty: boolean;
  /** Where documents (a data export) are saved; without it they are only named. */
  documentsDir?: string;
}

type Pending = Extract<View, { kind: 'prompt' }> | Extract<View, { kind: 'form' }>;

const COMMAND = /^\/?(start|resume|submit|history|progress|feedback|help|quit|exit|edit|nudges|calendar|coach|oral|privacy)(?:\s+(.+))?$/i;

/**
 * The terminal adapter: prints views as text, reads numbered choices and multi-line texts, and
 * turns them into the engine's inbound events. It keeps only the question on screen; the engine
 * decides everything else, and every answer is stored before the next question appears.
 */
export class TerminalSession {
  private readonly style: Style;
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private closed = false;
  private pending: Pending | undefined;
  private clockTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly io: TerminalIO,
    private readonly user: { userId: string; displayName: string },
    private readonly clock: Clock,
  ) {
    this.style = io.tty ? ansi : plain;
    this.rl = createInterface({ input: io.input, output: io.tty ? io.output : undefined, terminal: io.tty });
    this.rl.on('line', (line) => this.push(line));
    this.rl.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
    this.rl.on('SIGINT', () => this.interrupt());
    engine.onDeliver('terminal', (origin, views) => {
      if (origin.userId === this.user.userId) this.show(views);
    });
  }

  private push(line: string): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(line);
    } else {
      this.lines.push(line);
    }
  }

  private nextLine(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.closed) return Promise.resolve(undefined);
    this.refreshPrompt();
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  private write(text: string): void {
    this.io.output.write(`${text}\n`);
  }

  private show(views: View[]): void {
    for (const view of views) {
      if (view.kind === 'file' && this.io.documentsDir !== undefined) {
        this.write(this.saveDocument(this.io.documentsDir, view));
        continue;
      }
      this.write(renderView(view, this.style, this.clock.now()));
      if (view.kind === 'prompt' || view.kind === 'form') this.pending = view;
    }
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
        return this.style.yellow(`${file.title} : écriture impossible dans ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
      }
    }
  }

  private send(event: Inbound): void {
    const views = this.engine.handle({ eventId: randomUUID(), platform: 'terminal', userId: this.user.userId, displayName: this.user.displayName, event });
    if (views.some((view) => view.kind === 'prompt' || view.kind === 'form')) this.pending = undefined;
    this.show(views);
  }

  /** The prompt line shows the time left of a timed phase, refreshed every second on a TTY. */
  private refreshPrompt(): void {
    if (!this.io.tty) return;
    const deadline = this.pending?.deadline;
    this.rl.setPrompt(deadline !== undefined ? this.style.yellow(`⏱ ${remaining(deadline, this.clock.now())} › `) : '› ');
    this.rl.prompt(true);
  }

  private interrupt(): void {
    this.write(this.style.yellow('\nProgression enregistrée : relancez « npm start » pour reprendre.'));
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
          const values = await this.readForm(pending.fields);
          if (!values) break;
          this.send({ kind: 'form', form: pending.id, values });
          continue;
        }
        const line = await this.nextLine();
        if (line === undefined) break;
        const trimmed = line.trim();
        if (trimmed === '') continue;
        const command = COMMAND.exec(trimmed);
        if (command) {
          const name = command[1]!.toLowerCase();
          if (name === 'quit' || name === 'exit') {
            this.interrupt();
            break;
          }
          const args = command[2] ? command[2].trim().split(/\s+/) : [];
          // « calendar import FILE »: the terminal reads the file and submits it as the import form.
          if (name === 'calendar' && args[0] === 'import' && args[1]) {
            const path = args.slice(1).join(' ');
            const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
              this.show([{ kind: 'notice', tone: 'error', text: `Fichier « ${path} » illisible (${error.code ?? error.message}).` }]);
              return undefined;
            });
            if (text !== undefined) this.send({ kind: 'form', form: 'calendar-import', values: { text, filename: basename(path) } });
            continue;
          }
          this.send({ kind: 'command', name, args });
          continue;
        }
        // The clock may have put a new question on screen while the learner was typing.
        const current = this.pending;
        if (current?.kind === 'prompt') this.answerPrompt(current, trimmed);
        else this.send({ kind: 'text', text: trimmed });
      }
    } finally {
      if (this.clockTimer) clearInterval(this.clockTimer);
      this.rl.close();
    }
  }

  /** « 2 » or « 1,3 » (or the choice's own value) becomes the choice; anything else gets a helpful reply. */
  private answerPrompt(prompt: Extract<View, { kind: 'prompt' }>, input: string): void {
    const parts = input.split(/[\s,;]+/).filter(Boolean);
    const values: string[] = [];
    for (const part of parts) {
      const index = Number(part);
      const choice = Number.isInteger(index) ? prompt.choices[index - 1] : prompt.choices.find((candidate) => candidate.value === part);
      if (!choice) {
        this.write(this.style.red(`« ${part} » n’est pas un choix : tapez un numéro entre 1 et ${prompt.choices.length}${prompt.multiple ? ' (plusieurs séparés par des virgules)' : ''}, ou « help ».`));
        this.write(renderView(prompt, this.style, this.clock.now()));
        return;
      }
      values.push(choice.value);
    }
    if (!prompt.multiple && values.length > 1) {
      this.write(this.style.red('Un seul choix ici.'));
      this.write(renderView(prompt, this.style, this.clock.now()));
      return;
    }
    this.send({ kind: 'choice', prompt: prompt.id, values: [...new Set(values)] });
  }

  /** Each field: lines until an empty one; an empty first line keeps the earlier value. */
  private async readForm(fields: FormField[]): Promise<Record<string, string> | undefined> {
    const values: Record<string, string> = {};
    for (const field of fields) {
      this.write(this.style.bold(`${field.label}${field.required ? '' : ' (facultatif)'}`));
      if (field.value) this.write(this.style.dim(`Actuel : « ${field.value} » — ligne vide pour le garder.`));
      const lines: string[] = [];
      for (;;) {
        const line = await this.nextLine();
        if (line === undefined) {
          if (lines.length === 0) return undefined;
          break;
        }
        if (line.trim() === '') break;
        lines.push(line);
      }
      values[field.id] = lines.length > 0 ? lines.join('\n') : field.value ?? '';
    }
    return values;
  }
}
