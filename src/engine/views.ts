import type { CheckId, CheckResult } from '../core/rubric/types.js';
import type { CriterionScore } from '../core/rubric/score.js';

/**
 * The neutral vocabulary between the engine and the adapters. Inbound: a command, a choice
 * (button, select, numbered answer), a form (modal, multi-line entry) or free text. Outbound:
 * views an adapter renders its own way (Discord embeds, Slack blocks, terminal lines).
 */

export type Inbound =
  | { kind: 'command'; name: string; args?: string[] }
  | { kind: 'choice'; prompt: string; values: string[] }
  /** `draft`: the fields finished so far, kept without being checked or answered (a platform asking field by field). */
  | { kind: 'form'; form: string; values: Record<string, string>; draft?: boolean }
  | { kind: 'text'; text: string };

export interface Choice {
  value: string;
  label: string;
}

export interface FormField {
  id: string;
  label: string;
  multiline: boolean;
  required: boolean;
  maxLength: number;
  value?: string;
  /**
   * How the value is entered: free text (default), one of `options`, a date (YYYY-MM-DD), a time
   * (HH:MM), or a conversation of the platform picked from its own list (the value is its id;
   * platforms without a picker take the channel as typed).
   */
  input?: 'text' | 'select' | 'date' | 'time' | 'channel';
  options?: Choice[];
  /** A line of help under the field. */
  hint?: string;
  /**
   * The length a text should keep to (a network's limit for a public reply): not enforced, the
   * scorer judges it; surfaces show the count typed against it where they can (« 142/280 caractères »).
   */
  advisedLength?: number;
}

export interface CommentFeedbackView {
  /** The comment's id, for code; people read `heading` and `name`. */
  comment: string;
  heading: string;
  /** How other lines name it: « commentaire 5 (Julie) ». */
  name: string;
  answered: boolean;
  checks: CheckResult[];
  /** The case's model answer for the comment, shown after its feedback; absent when the case has none. */
  model?: ModelAnswerView;
  /** A second attempt's feedback: what it changed against the first (« 2e essai »). */
  attempt?: { number: 2; improved: CheckId[]; worsened: CheckId[] };
}

/** A model answer as people read it: actions by their French labels, the texts as the case's author wrote them. */
export interface ModelAnswerView {
  actions: string[];
  justification: string;
  reply?: string;
  privateMessage?: string;
}

/**
 * `publishIn` (notices and files): a private channel the asker named and the platform verified, where
 * the view is posted for its members instead of answering the asker alone. A platform that cannot
 * post there gives it to the asker privately; never to anyone else.
 */
export type View =
  /** `field`: the form field an error is about, for platforms that show errors beside the field. */
  | { kind: 'notice'; tone: 'info' | 'success' | 'warning' | 'error'; text: string; field?: string; publishIn?: string }
  /** The case to read: brand, charter, publication; `deadline` when the phase is timed. */
  | { kind: 'case'; title: string; sections: Array<{ heading: string; lines: string[] }>; deadline?: number }
  /** `audience: 'channel'`: an invitation meant for everyone in the channel, not only the one who asked. */
  | { kind: 'prompt'; id: string; text: string; choices: Choice[]; multiple?: boolean; exclusive?: string[]; progress?: string; deadline?: number; audience?: 'channel' }
  /** `rules`: French lines to read before writing (what the scorer will check in the texts), shown before the fields. */
  /** `keepsDrafts`: what is typed may be sent half-written (`draft: true`) and is kept (a deadline scores it). */
  | { kind: 'form'; id: string; title: string; fields: FormField[]; rules?: string[]; progress?: string; deadline?: number; keepsDrafts?: boolean }
  /** `notes`: French lines under a criterion's result (Cr7.2: how many written answers were given). */
  | { kind: 'feedback'; title: string; comments: CommentFeedbackView[]; criteria?: Array<{ id: string; title: string; result: CriterionScore; notes?: string[] }> }
  /** A document for trainers (CSV export, PNG chart): uploaded where the platform allows it. */
  | { kind: 'file'; filename: string; title: string; contentType: string; data: Uint8Array; publishIn?: string };

/** The form among views, when there is one (a platform shows it as a modal). */
export function isForm(view: View): view is Extract<View, { kind: 'form' }> {
  return view.kind === 'form';
}
