import type { Answer } from '../answers/schema.js';
import type { Category, Network, Scenario, ScenarioComment } from '../scenario/schema.js';
import type { CivilityDetector } from '../text/civility.js';
import type { AnalysedText } from '../text/match.js';
import type { Speller } from '../text/spelling.js';

export type Criterion = 'Cr7.1' | 'Cr7.2';

export const CHECK_IDS = [
  'detection',
  'action',
  'justification',
  'reply_present',
  'register',
  'signature',
  'forbidden_terms',
  'civility',
  'unsupported_facts',
  'coverage',
  'personal_data',
  'private_redirect',
  'length',
  'emoji',
  'spelling',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** One check's verdict on one comment, as the score JSON prints it (docs/score.md). */
export interface CheckResult {
  id: CheckId;
  criterion: Criterion;
  passed: boolean;
  message: string;
  evidence?: string;
  /** Present and true when this failure alone makes the criterion not met. */
  critical?: boolean;
}

export interface Rubric {
  criteria: { pass_score: number; written_answer_share: number };
  justification: { min_words: number };
  reply_present: { min_words: number };
  length_limits: Record<Network, number>;
  emoji_limits: { none: number; sparing: number; free: number | null };
  critical: { detection_categories: Category[]; checks: CheckId[] };
}

export interface Lexicons {
  /** Phrases inviting to continue privately. */
  redirect: string[];
  /** Words naming the problem, per comment category. */
  reasons: Record<Category, string[]>;
}

/** Everything the pure scorer needs, loaded once by the caller. */
export interface ScoringResources {
  rubric: Rubric;
  lexicons: Lexicons;
  civility: CivilityDetector;
  speller: Speller;
}

export type TextKind = 'reply' | 'private_message';

export interface WrittenText {
  kind: TextKind;
  /** « la réponse publique », « le message privé »: where a message says the fault is. */
  label: string;
  text: AnalysedText;
}

/** What a check sees of one answered comment. */
export interface CommentContext {
  scenario: Scenario;
  comment: ScenarioComment;
  answer: Answer;
  reply: WrittenText | undefined;
  privateMessage: WrittenText | undefined;
  /** The texts that exist, reply first. */
  texts: WrittenText[];
  resources: ScoringResources;
  /** Folded words of the whole scenario, never counted as misspellings. */
  scenarioWords: ReadonlySet<string>;
}

export type Outcome = { passed: true; message: string } | { passed: false; message: string; evidence?: string };

export interface Check {
  id: CheckId;
  criterion: Criterion;
  applies(context: CommentContext): boolean;
  run(context: CommentContext): Outcome;
}
