import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { TerminalSession } from '../../../src/adapters/terminal/session.js';
import type { DrillMode } from '../../../src/core/drill/types.js';
import type { Action, Scenario } from '../../../src/core/scenario/schema.js';
import { ManualClock } from '../../../src/engine/clock.js';
import type { Engine } from '../../../src/engine/engine.js';
import type { Inbound } from '../../../src/engine/views.js';
import type { TestPlatform } from '../../helpers/test-adapter.js';
import { visible } from '../../helpers/terminal-session.js';
import { contractScenarios, openEngine, T0, turns, type CaseId, type CommentAnswer, type Driver, type ForgedKind, type Person, type Refusal } from './driver.js';
import { registerAdapters } from '../../../src/adapters/port.js';

/** Where the terminal stands in the contract. */
export const TERMINAL_SURFACE = {
  notApplicable: {
    redelivery: 'A terminal line is read once from the keyboard or a pipe and gets its own event id: no transport can hand the same event over twice.',
    'rate-limit': 'The terminal writes to a local stream: there is no platform to answer 429.',
    'forged-foreign': 'The terminal serves one local person: nobody else can act in their session, and its lines carry no ids to forge (case 5a, a line that is no choice, and 5c, a command on a copy handed in, run here).',
    'trainer-only': 'The terminal is one local learner and offers no trainer command (cohort, launch and results are not among its commands): there is nothing to refuse; typing one shows the help and changes nothing (checked in contract.terminal.test.ts).',
    'nudge-resent': 'A crash ends the terminal session itself: the next session’s screen never showed the first attempt, so showing the nudge again there is right; within one session nothing is sent twice (case 8a).',
    private: 'A terminal has one reader and no channel: nothing can be posted for others to read.',
  } satisfies Partial<Record<CaseId, string>>,
  refusesBesideField: true,
};

/** The engine's labels of the texts' fields, as the terminal asks them one by one. */
const FIELD_LABELS: Record<string, RegExp> = {
  justification: /Justification : quel problème/,
  reply: /Réponse publique \(/,
  private_message: /Message privé/,
};
const FIELD_ORDER = ['justification', 'reply', 'private_message'] as const;

/**
 * The terminal in this process: a TerminalSession reading a PassThrough as its keyboard (piped
 * input, no TTY) and writing to one as its screen, for the one local learner, Camille.
 */
export async function createTerminalSurface(options: { bank?: boolean } = {}): Promise<Driver> {
  const clock = new ManualClock(T0);
  const scenarios = await contractScenarios(options.bank ?? false);
  const platform = await openEngine(clock, scenarios);
  const input = new PassThrough();
  const output = new PassThrough();
  const session = new TerminalSession(platform.engine, { input, output, tty: false }, { userId: 'camille', displayName: 'Camille' }, clock, clock);
  registerAdapters(platform.engine, [session]);
  const driver = new TerminalDriver(platform, clock, scenarios, session, input);
  output.setEncoding('utf8').on('data', (chunk: string) => driver.printed(chunk));
  platform.restore();
  return driver;
}

class TerminalDriver implements Driver {
  readonly surface = 'terminal';
  private screen = '';
  private running: Promise<void> | undefined;
  /** The lines that hand something over (a choice, a command, the empty line ending a text), with the screen's length before each. */
  private readonly submitted: Array<{ line: string; before: number }> = [];
  private scenarioId = '';

  constructor(
    private readonly platform: TestPlatform,
    readonly clock: ManualClock,
    readonly scenarios: Scenario[],
    private readonly session: TerminalSession,
    private readonly input: PassThrough,
  ) {}

  get db() {
    return this.platform.db;
  }

  get engine(): Engine {
    return this.platform.engine;
  }

  get nudges() {
    return this.platform.nudges;
  }

  printed(chunk: string): void {
    this.screen += chunk;
  }

  origin(who: Person) {
    this.only(who);
    return { platform: 'terminal' as const, userId: 'camille' };
  }

  private only(who: Person): void {
    if (who !== 'camille') throw new Error('le terminal ne sert qu’une personne');
  }

  private text(): string {
    return visible(this.screen);
  }

  /** The session starts with its first command, as `moderato drill …` would; later commands are typed. */
  private command(first: Inbound, typed: string): void {
    if (this.running) return this.type(typed, true);
    this.submitted.push({ line: typed, before: this.screen.length });
    this.running = this.session.run(first);
  }

  private type(line: string, submits: boolean): void {
    if (submits) this.submitted.push({ line, before: this.screen.length });
    this.input.write(`${line}\n`);
  }

  private async expectOnScreen(expected: string | RegExp, from: number): Promise<void> {
    const met = () => {
      const text = visible(this.screen.slice(from));
      return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
    };
    for (let turn = 0; turn < 5_000; turn += 1) {
      if (met()) {
        await turns(5);
        return;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`jamais vu à l’écran : ${String(expected)}\n--- écran ---\n${visible(this.screen.slice(from))}`);
  }

  private progress(commentId: string): string {
    const scenario = this.scenarios.find((candidate) => candidate.id === this.scenarioId)!;
    const index = scenario.comments.findIndex((comment) => comment.id === commentId);
    return `Commentaire ${index + 1}/${scenario.comments.length}`;
  }

  async startDrill(who: Person, scenarioId: string, mode: DrillMode): Promise<void> {
    this.only(who);
    this.scenarioId = scenarioId;
    const from = this.screen.length;
    this.command({ kind: 'command', name: 'start', args: [scenarioId, mode] }, `start ${scenarioId} ${mode}`);
    await this.expectOnScreen(mode === 'exam' ? 'J’ai lu' : 'Ce commentaire demande-t-il une action', from);
  }

  transcript(who: Person): string {
    this.only(who);
    return this.text();
  }

  async waitForText(who: Person, expected: string | RegExp, from = 0): Promise<void> {
    this.only(who);
    // `from` counts characters of the transcript (visible text): wait on the visible text.
    for (let turn = 0; turn < 5_000; turn += 1) {
      const text = this.text().slice(from);
      if (typeof expected === 'string' ? text.includes(expected) : expected.test(text)) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`jamais vu à l’écran : ${String(expected)}\n--- écran ---\n${this.text().slice(from)}`);
  }

  questionOnScreen(who: Person): string {
    this.only(who);
    // The last question printed: from the blank line before it to its « Votre choix » line.
    const text = this.text();
    const end = Math.max(text.lastIndexOf('Votre choix'), text.lastIndexOf('Numéros séparés'));
    const start = text.lastIndexOf('\n\n', end);
    return text.slice(start, text.indexOf('\n', end));
  }

  async finishReading(who: Person): Promise<void> {
    this.only(who);
    const from = this.screen.length;
    this.type('1', true);
    await this.expectOnScreen('Commentaire 1/', from);
  }

  /** Texts field by field, each ended by an empty line, in the order the form asks them. */
  private async typeTexts(texts: Record<string, string | undefined>, stopAt?: string): Promise<void> {
    for (const field of FIELD_ORDER) {
      const text = texts[field];
      if (text === undefined) continue;
      const from = this.screen.length;
      await this.expectOnScreen(FIELD_LABELS[field]!, Math.max(0, from - 400));
      this.type(text, field === stopAt);
      if (field === stopAt) return;
      this.type('', true);
    }
  }

  async answer(who: Person, commentId: string, answer: CommentAnswer): Promise<void> {
    this.only(who);
    const done = `Réponse enregistrée (${this.progress(commentId)})`;
    const from = this.screen.length;
    if (!answer.needsAction) {
      this.type('non', true);
    } else {
      this.type('oui', true);
      await this.expectOnScreen('Quelles actions', from);
      this.type(answer.actions.join(', '), true);
      await this.typeTexts(answer.texts);
    }
    await this.expectOnScreen(done, from);
    // The next question is on screen, or (practice, a check failed) the offer to rewrite: the contract's candidate goes on.
    await this.expectOnScreen(/Votre choix|Numéros séparés/, from);
    if (visible(this.screen.slice(from)).includes('Réécrire ce qui n’a pas marché')) {
      const before = this.screen.length;
      this.type('2', true);
      await this.expectOnScreen(/Votre choix|Numéros séparés/, before);
    }
  }

  async submit(who: Person): Promise<void> {
    this.only(who);
    const from = this.screen.length;
    this.type('1', true);
    await this.expectOnScreen('Résultats —', from);
  }

  async endReview(who: Person): Promise<void> {
    this.only(who);
    const from = this.screen.length;
    this.type('1', true);
    await this.expectOnScreen('Relecture terminée', from);
  }

  async advance(milliseconds: number): Promise<void> {
    this.clock.advance(milliseconds);
    await turns();
  }

  async redeliverLast(): Promise<void> {
    throw new Error('pas de redélivrance dans le terminal');
  }

  rateLimitNextPost(): void {
    throw new Error('pas de 429 dans le terminal');
  }

  rateLimited(): number {
    return 0;
  }

  async sendForged(actor: Person, owner: Person, kind: ForgedKind): Promise<Refusal> {
    this.only(actor);
    this.only(owner);
    const from = this.screen.length;
    if (kind === 'foreign') throw new Error('une seule personne au terminal');
    if (kind === 'garbage') {
      // What a terminal can be sent that is no choice: a number out of range, a word of no choice.
      this.type('9', true);
      await this.expectOnScreen('n’est pas un choix', from);
    } else {
      // A command about the copy already handed in.
      this.type('submit', true);
      await this.expectOnScreen('Aucun exercice en cours', from);
    }
    return { text: visible(this.screen.slice(from)), privately: true };
  }

  async tryTrainerAction(): Promise<Refusal> {
    throw new Error('pas de commande de formateur dans le terminal');
  }

  async submitOversized(who: Person, commentId: string, actions: Array<Exclude<Action, 'none'>>, texts: Record<string, string>): Promise<Refusal> {
    this.only(who);
    const from = this.screen.length;
    this.type('oui', true);
    await this.expectOnScreen('Quelles actions', from);
    this.type(actions.join(', '), true);
    // Each field is checked as it is typed: the long one is refused on its line.
    const long = Object.entries(texts).find(([, text]) => text.length > 3_000)?.[0];
    await this.typeTexts(texts, long);
    await this.expectOnScreen('raccourcissez-le', from);
    const shown = visible(this.screen.slice(from));
    // Asked again alone, right under the refusal: the refusal is beside its field.
    const again = long !== undefined && new RegExp(`${FIELD_LABELS[long]!.source}.*à retaper en entier`).test(shown);
    void commentId;
    return { text: shown, privately: true, ...(again && long ? { besideField: long } : {}) };
  }

  async enrolForNudges(who: Person, csv: string): Promise<void> {
    this.only(who);
    let from = this.screen.length;
    this.command({ kind: 'command', name: 'nudges', args: ['on'] }, 'nudges on');
    await this.expectOnScreen('Rappels activés', from);
    // The terminal's own way: it reads the file and submits it as the import form.
    const file = join(mkdtempSync(join(tmpdir(), 'moderato-contract-')), 'calendrier.csv');
    writeFileSync(file, csv);
    from = this.screen.length;
    this.type(`calendar import ${file}`, true);
    await this.expectOnScreen('Calendrier importé', from);
  }

  publicTraffic(): string[] {
    return [];
  }

  unanswered(): string[] {
    // Each line that hands something over is followed by output before the next one.
    return this.submitted.filter((entry, index) => {
      const next = this.submitted[index + 1]?.before ?? this.screen.length;
      return next <= entry.before;
    }).map((entry) => entry.line);
  }

  platformErrors(): string[] {
    return [];
  }

  async close(): Promise<void> {
    this.input.end();
    await this.running;
    this.clock.cancelAll();
    this.platform.close();
  }
}
