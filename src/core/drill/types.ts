import type { Answer } from '../answers/schema.js';
import type { Action } from '../scenario/schema.js';

export type DrillMode = 'exam' | 'practice';
export type DrillPhase = 'reading' | 'writing' | 'practice' | 'review' | 'closed';

/** M1.3: 5 min reading, 15 min writing, 10 min review; reminders 5 and 1 minutes before the end. */
export interface ExamTiming {
  readingMs: number;
  writingMs: number;
  reviewMs: number;
  remindersMinutes: number[];
}

export const M13_TIMING: ExamTiming = { readingMs: 5 * 60_000, writingMs: 15 * 60_000, reviewMs: 10 * 60_000, remindersMinutes: [5, 1] };

/** The append-only log of a drill; `at` is epoch milliseconds from the injected clock. */
export type DrillEvent =
  | { type: 'started'; at: number; scenarioId: string; mode: DrillMode; timing?: ExamTiming }
  | { type: 'writing_started'; at: number }
  | { type: 'answered'; at: number; answer: Answer }
  /** Part of an answer, kept as soon as the candidate gives it (decision, actions, one text). */
  | { type: 'drafted'; at: number; draft: Draft }
  /**
   * Practice: the candidate rewrites what failed in a comment's answer (once per comment). The
   * answer given so far stays the first attempt; the comment's next `answered` is the second.
   */
  | { type: 'retry_started'; at: number; comment: string }
  | { type: 'reminded'; at: number; minutesLeft: number }
  | { type: 'submitted'; at: number; automatic: boolean }
  | { type: 'closed'; at: number }
  /** Left by the candidate before handing in: closed without a score, kept in the log. */
  | { type: 'abandoned'; at: number };

/**
 * What a candidate has given so far for a comment they have not finished answering: each field
 * is kept the moment it is given, so a deadline or a crash loses nothing already typed.
 */
export interface Draft {
  comment: string;
  needs_action?: boolean;
  actions?: Action[];
  justification?: string;
  reply?: string;
  private_message?: string;
}

export interface DrillState {
  id: string;
  scenarioId: string;
  mode: DrillMode;
  phase: DrillPhase;
  startedAt: number;
  timing: ExamTiming | undefined;
  /** Exam deadlines, known once their phase has begun. */
  readingEndsAt: number | undefined;
  writingEndsAt: number | undefined;
  reviewEndsAt: number | undefined;
  /** The latest answer per comment id: a candidate may change an answer until submission. */
  answers: Map<string, Answer>;
  /** Unfinished answers per comment id; a complete answer to the comment replaces its draft. */
  drafts: Map<string, Draft>;
  remindersSent: Set<number>;
  /** Practice: the first answer of each comment the candidate chose to rewrite, kept as it was. */
  firstAttempts: Map<string, Answer>;
  /** Comments whose second attempt was given: no further retry for them. */
  secondAttempts: Set<string>;
  submittedAt: number | undefined;
  automaticSubmission: boolean;
  /** When the candidate left the drill unsubmitted (it is then closed, without a score). */
  abandonedAt: number | undefined;
}

/** Commands a candidate can give; the clock's own events come from dueEvents(). */
export type DrillCommand =
  | { type: 'answer'; answer: Answer }
  | { type: 'draft'; draft: Draft }
  | { type: 'retry'; comment: string }
  | { type: 'begin_writing' }
  | { type: 'submit' }
  | { type: 'end_review' }
  | { type: 'abandon' };

/** Stable identifiers, also keys of the French messages adapters show. */
export type DrillErrorCode =
  | 'drill.not_found'
  | 'drill.unknown_scenario'
  | 'drill.reading'
  | 'drill.submitted'
  | 'drill.closed'
  | 'drill.not_reading'
  | 'drill.not_review'
  | 'drill.unknown_comment'
  | 'drill.no_retry'
  | 'drill.retry_used'
  | 'drill.cohort'
  | 'cohort.name'
  | 'cohort.timezone'
  | 'cohort.exists'
  | 'cohort.unknown_code'
  | 'cohort.unknown'
  | 'cohort.unbound'
  | 'cohort.no_members'
  | 'launch.when'
  | 'trainer.only';

export class DrillError extends Error {
  constructor(readonly code: DrillErrorCode, message: string) {
    super(message);
    this.name = 'DrillError';
  }
}
