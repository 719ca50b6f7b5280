import type { DrillMode } from '../../../src/core/drill/types.js';
import type { Action, Scenario } from '../../../src/core/scenario/schema.js';
import type { ManualClock } from '../../../src/engine/clock.js';
import type { Engine } from '../../../src/engine/engine.js';
import type { NudgeService } from '../../../src/engine/nudge-service.js';
import type { View } from '../../../src/engine/views.js';
import type { Db } from '../../../src/store/database.js';
import type { DrillOrigin } from '../../../src/store/drills.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from '../../../src/scenarios/load.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestPlatform } from '../../helpers/test-adapter.js';
import { fixtureScenario } from '../../helpers/scoring.js';

/**
 * The contract between the suite (tests/adapters/contract.ts) and one surface (Discord, Slack, the
 * terminal, the in-memory test platform). A driver acts as people do on that surface (slash
 * commands, buttons, menus, modals, typed lines) and reads what they were shown; it never calls the
 * engine for something a person does, except to set up what is not the case's subject (an opt-in).
 */

/** The people of the cases: two learners. Who is a trainer is the platform's to say; here nobody is. */
export type Person = 'camille' | 'bilal';

export type CommentAnswer =
  | { needsAction: false }
  | { needsAction: true; actions: Array<Exclude<Action, 'none'>>; texts: { justification: string; reply?: string; private_message?: string } };

/**
 * The cases of the contract. A driver may declare one not applicable (with why), or name the
 * finding (tests/adapters/contract-findings.md) that keeps it off this surface until src/ is fixed.
 */
export const ALL_CASES = [
  'practice-drill',
  'feedback-named',
  'exam-auto-submit',
  'redelivery',
  'rate-limit',
  'forged-garbage',
  'forged-foreign',
  'stale',
  'trainer-only',
  'oversized',
  'long-text',
  'nudge-once',
  'nudge-resent',
  'whole-case',
  'private',
  'every-interaction-answered',
] as const;

export type CaseId = (typeof ALL_CASES)[number];

export type SurfaceName = 'test-platform' | 'terminal' | 'discord' | 'slack';

/** A forged or stale action: what `actor` sends, and what they alone were told. */
export type ForgedKind = 'garbage' | 'foreign' | 'stale';

export interface Refusal {
  /** The French text the person was shown. */
  text: string;
  /** Shown to that person alone (an ephemeral message, their DM, their own screen). */
  privately: boolean;
  /** Whether it was shown beside the field it is about (a Slack modal's errors), when the surface can. */
  besideField?: string;
}

export interface Driver {
  readonly surface: SurfaceName;
  readonly clock: ManualClock;
  readonly db: Db;
  readonly engine: Engine;
  readonly nudges: NudgeService;
  /** The scenarios the engine knows here (the fixture always; the whole bank where the surface file asks). */
  readonly scenarios: Scenario[];

  /** Where the engine reaches this person for clock-driven messages (nudges). */
  origin(who: Person): DrillOrigin;

  // ───── a learner's drill ─────
  /** Starts a drill privately, as the person would; resolves once its first question is on their screen. */
  startDrill(who: Person, scenarioId: string, mode: DrillMode): Promise<void>;
  /** Everything the person was shown so far, as plain text, in order (messages, private answers, field errors). */
  transcript(who: Person): string;
  /** Waits until the transcript, from character `from` on, shows `expected`. */
  waitForText(who: Person, expected: string | RegExp, from?: number): Promise<void>;
  /** The question on the person's screen, as shown (text and controls): the same string while it is untouched. */
  questionOnScreen(who: Person): string;
  /** « J'ai lu » at the end of the case of an exam; resolves once the first comment is asked. */
  finishReading(who: Person): Promise<void>;
  /** Answers the comment on screen; resolves once what comes next (a question, the submission prompt) is on screen. */
  answer(who: Person, commentId: string, answer: CommentAnswer): Promise<void>;
  /** Hands the copy in from the submission prompt; resolves once the results are shown. */
  submit(who: Person): Promise<void>;
  /** « Terminer la relecture »; resolves once it is acknowledged. */
  endReview(who: Person): Promise<void>;
  /** Moves the injected clock on and lets what it delivered reach the surface. */
  advance(milliseconds: number): Promise<void>;

  // ───── what goes wrong ─────
  /** The platform sends again the last event the person sent (same interaction, envelope or event id); resolves once it was handled or ignored. */
  redeliverLast(who: Person): Promise<void>;
  /** The platform answers the bot's next message post with a 429 and a retry-after. */
  rateLimitNextPost(): void;
  /** How many 429s the platform answered so far. */
  rateLimited(): number;
  /** `actor` sends a forged or stale component id about `owner`'s drill; resolves with what `actor` alone was shown. */
  sendForged(actor: Person, owner: Person, kind: ForgedKind): Promise<Refusal>;
  /** The person tries a trainer's action (creating a cohort); resolves with the answer. */
  tryTrainerAction(who: Person): Promise<Refusal>;
  /** Answers the comment on screen with these texts, one of them over the limit; resolves with the refusal. */
  submitOversized(who: Person, commentId: string, actions: Array<Exclude<Action, 'none'>>, texts: Record<string, string>): Promise<Refusal>;
  /** Opts the person into nudges with a one-line calendar (set-up: through the engine where the surface's own way is not the subject). */
  enrolForNudges(who: Person, csv: string): Promise<void>;

  // ───── what the platform saw ─────
  /** Everything the bot made readable by others than the person it answered (public channels, in-channel answers). */
  publicTraffic(): string[];
  /** Interactions, envelopes or lines the surface left without an answer (described for the failure message). */
  unanswered(): string[];
  /** Errors the platform answered to the bot (invalid payloads, unknown routes), for the failure message. */
  platformErrors(): string[];
  close(): Promise<void>;
}

/** Where the clock starts: 1 December 2026, 10:00 in Paris (a calendar's reminder is due at 13:30 Paris). */
export const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

/** The fixture, and with `bank` every scenario of the bundled bank, loaded with the project's loader. */
export async function contractScenarios(bank: boolean): Promise<Scenario[]> {
  const fixture = fixtureScenario();
  if (!bank) return [fixture];
  const loaded = await loadScenarioDir(BUNDLED_SCENARIO_DIR);
  if (loaded.problems.length > 0) throw new Error(`scénarios invalides : ${JSON.stringify(loaded.problems)}`);
  return [fixture, ...loaded.scenarios.map((entry) => entry.scenario)];
}

/**
 * The engine every surface drives: the in-memory platform's wiring (real rubric, checklists, manual
 * clock). The chat platforms run as `moderato start` runs them: a database file with group commit,
 * every answer waiting for the real fsync of its write-ahead log; the others a database in memory.
 */
export async function openEngine(clock: ManualClock, scenarios: Scenario[], options: { groupCommit?: boolean } = {}): Promise<TestPlatform> {
  if (!options.groupCommit) return TestPlatform.open(':memory:', clock, scenarios);
  return TestPlatform.open(join(mkdtempSync(join(tmpdir(), 'moderato-contract-')), 'contract.db'), clock, scenarios, { groupCommit: true });
}

/** Lets callbacks, sockets and timers run: a few turns of the event loop (no timing assertion hangs on it). */
export async function turns(count = 20): Promise<void> {
  for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Polls until `check` holds (real time, generous): for messages crossing sockets. */
export async function until<T>(check: () => T | undefined | null | false, what: string, timeoutMs = 10_000, describe: () => string = () => ''): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`jamais vu : ${what}${describe() ? `\n--- vu ---\n${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The text of a view, plainly: what any surface must show of it (used by the in-memory platform). */
export function viewText(view: View): string {
  switch (view.kind) {
    case 'notice':
      return view.text;
    case 'case':
      return [view.title, ...view.sections.flatMap((section) => [section.heading, ...section.lines])].join('\n');
    case 'prompt':
      return [view.progress ?? '', view.text, ...view.choices.map((choice) => `[${choice.label}]`)].filter(Boolean).join('\n');
    case 'form':
      return [view.title, ...view.fields.map((field) => `${field.label}${field.value ? ` : ${field.value}` : ''}`)].join('\n');
    case 'feedback':
      return [
        view.title,
        ...view.comments.flatMap((comment) => [comment.heading, ...comment.checks.map((check) => `${check.passed ? '✓' : '✗'} ${check.id} ${check.message}`)]),
        ...(view.criteria ?? []).map((criterion) => `${criterion.id} — ${criterion.title} : ${Math.round(criterion.result.score * 100)} % ${criterion.result.verdict}${(criterion.notes ?? []).map((note) => `\n${note}`).join('')}`),
      ].join('\n');
    case 'file':
      return `${view.title} (${view.filename})`;
  }
}

/** Whitespace-insensitive: a text split across messages, embeds or sections at a line or word boundary still reads the same. */
export function normalised(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
