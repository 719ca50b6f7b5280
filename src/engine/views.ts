import type { CheckResult } from '../core/rubric/types.js';
import type { CriterionScore } from '../core/rubric/score.js';

/**
 * The neutral vocabulary between the engine and the adapters. Inbound: a command, a choice
 * (button, select, numbered answer), a form (modal, multi-line entry) or free text. Outbound:
 * views an adapter renders its own way (Discord embeds, Slack blocks, terminal lines).
 */

export type Inbound =
  | { kind: 'command'; name: string; args?: string[] }
  | { kind: 'choice'; prompt: string; values: string[] }
  | { kind: 'form'; form: string; values: Record<string, string> }
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
}

export interface CommentFeedbackView {
  comment: string;
  heading: string;
  answered: boolean;
  checks: CheckResult[];
}

export type View =
  | { kind: 'notice'; tone: 'info' | 'success' | 'warning' | 'error'; text: string }
  /** The case to read: brand, charter, publication; `deadline` when the phase is timed. */
  | { kind: 'case'; title: string; sections: Array<{ heading: string; lines: string[] }>; deadline?: number }
  | { kind: 'prompt'; id: string; text: string; choices: Choice[]; multiple?: boolean; exclusive?: string[]; progress?: string; deadline?: number }
  | { kind: 'form'; id: string; title: string; fields: FormField[]; progress?: string; deadline?: number }
  | { kind: 'feedback'; title: string; comments: CommentFeedbackView[]; criteria?: Array<{ id: string; title: string; result: CriterionScore }> };
