import type { DrillOrigin } from '../store/drills.js';
import type { Envelope } from './envelope.js';
import type { Inbound, View } from './views.js';

/** What a desk knows of the event it answers, besides what it claimed. */
export interface DeskContext {
  /** The learner behind the platform account that sent the event (created on first contact). */
  learnerId: number;
  /** Their time zone: the one they gave, else the deployment's. */
  timezone: string;
  envelope: Envelope;
  /** Where the answer, and what the clock later says about it, goes. */
  origin: DrillOrigin;
  /** The platform vouched for a trainer (Discord role, Slack allow-list), checked server-side. */
  trainer: boolean;
}

/**
 * One part of the conversation (drills, cohorts, nudges, coaching…). The engine asks the desks in
 * order; the first whose `claim` recognises the event (a command it answers, a prompt or form id it
 * made, parsed into its own type) answers it with `run`.
 *
 * `run` answers a refusal as a view (`refuse`), never by throwing: a throw is a fault, and rolls
 * the whole event back.
 */
export interface Desk<Claim = unknown> {
  claim(event: Inbound): Claim | undefined;
  run(claim: Claim, context: DeskContext): View[];
  /** True for the forms this desk keeps half-typed (`draft: true`); any other form is taken whole when sent. */
  takesDraft?(claim: Claim): boolean;
  /** Every event that reaches the desks, whichever desk answers it (the learner is around). */
  seen?(learnerId: number): void;
}
