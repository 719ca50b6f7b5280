import { NETWORKS, type Action, type Network } from '../core/scenario/schema.js';

/**
 * The ids of the drill conversation's prompts and forms. They carry the drill and the comment they
 * are about, so an answer is understood from the event alone, never from what the process
 * remembers. Drill ids (UUIDs), comment ids and scenario ids never contain « : ».
 */
export type DrillPrompt =
  | { kind: 'scenario' }
  | { kind: 'mode'; scenarioId: string }
  | { kind: 'resume'; drillId: string }
  | { kind: 'ready'; drillId: string }
  | { kind: 'needs'; drillId: string; commentId: string }
  | { kind: 'actions'; drillId: string; commentId: string }
  /** Practice, after a comment's feedback with a failed check: rewrite what failed, or go on. */
  | { kind: 'retry'; drillId: string; commentId: string }
  | { kind: 'submit'; drillId: string }
  | { kind: 'review'; drillId: string };

/** The form where the texts of a comment's chosen actions are written. */
export interface TextsForm {
  drillId: string;
  commentId: string;
  actions: Action[];
}

/** A step of the case picker (values of the scenario prompt besides a case's id and « random »): a network's cases (a page of them), or the networks again. */
export type ScenarioPick = { kind: 'network'; network: Network; page: number } | { kind: 'networks' };

/** What the submission prompt offers: hand in, keep answering, or edit one comment's answer. */
export type SubmitChoice = { kind: 'submit' } | { kind: 'continue' } | { kind: 'edit'; commentId: string };

/** One letter per action in form ids: platform component ids are short (100 characters on Discord). */
const ACTION_CODES: Record<Exclude<Action, 'none'>, string> = { like: 'l', reply: 'r', private_message: 'p', hide: 'h', delete: 'd', report: 's', ban: 'b', escalate: 'e' };
const ACTION_BY_CODE = new Map(Object.entries(ACTION_CODES).map(([action, code]) => [code, action as Action]));

function encodeActions(actions: Action[]): string {
  return actions.map((action) => (action === 'none' ? '' : ACTION_CODES[action])).join('');
}

/** Unknown letters are dropped and repeats kept once: what is left is what the form can ask for. */
function decodeActions(codes: string): Action[] {
  return [...new Set([...codes].map((code) => ACTION_BY_CODE.get(code)).filter((action): action is Action => action !== undefined))];
}

/** The parts of `kind:a:b…` after its kind, when there are exactly `count` and none is empty. */
function partsOf(id: string, count: number): { kind: string; parts: string[] } | undefined {
  const [kind = '', ...parts] = id.split(':');
  if (parts.length !== count || parts.some((part) => part === '')) return undefined;
  return { kind, parts };
}

export const drillPrompt = {
  format(prompt: DrillPrompt): string {
    switch (prompt.kind) {
      case 'scenario':
        return 'scenario';
      case 'mode':
        return `mode:${prompt.scenarioId}`;
      case 'needs':
      case 'actions':
      case 'retry':
        return `${prompt.kind}:${prompt.drillId}:${prompt.commentId}`;
      default:
        return `${prompt.kind}:${prompt.drillId}`;
    }
  },

  /** The prompt an id names; undefined when it is no drill prompt, or a malformed one. */
  parse(id: string): DrillPrompt | undefined {
    if (id === 'scenario') return { kind: 'scenario' };
    const one = partsOf(id, 1);
    if (one) {
      const [value] = one.parts as [string];
      if (one.kind === 'mode') return { kind: 'mode', scenarioId: value };
      if (one.kind === 'resume' || one.kind === 'ready' || one.kind === 'submit' || one.kind === 'review') return { kind: one.kind, drillId: value };
      return undefined;
    }
    const two = partsOf(id, 2);
    if (two && (two.kind === 'needs' || two.kind === 'actions' || two.kind === 'retry')) {
      const [drillId, commentId] = two.parts as [string, string];
      return { kind: two.kind, drillId, commentId };
    }
    return undefined;
  },
};

export const textsForm = {
  format(form: TextsForm): string {
    return `texts:${form.drillId}:${form.commentId}:${encodeActions(form.actions)}`;
  },

  /** The form an id names; undefined when it is no texts form or lacks its drill or comment (its actions may be none). */
  parse(id: string): TextsForm | undefined {
    const [kind, drillId = '', commentId = '', codes, ...rest] = id.split(':');
    if (kind !== 'texts' || drillId === '' || commentId === '' || codes === undefined || rest.length > 0) return undefined;
    return { drillId, commentId, actions: decodeActions(codes) };
  },
};

export const submitChoice = {
  format(choice: SubmitChoice): string {
    return choice.kind === 'edit' ? `edit:${choice.commentId}` : choice.kind;
  },

  parse(value: string): SubmitChoice | undefined {
    if (value === 'submit' || value === 'continue') return { kind: value };
    const edit = partsOf(value, 1);
    return edit?.kind === 'edit' ? { kind: 'edit', commentId: edit.parts[0]! } : undefined;
  },
};

/** Picker steps: « network:facebook:2 », « networks » (scenario ids never contain « : », and none is « networks »). */
export const scenarioPick = {
  format(pick: ScenarioPick): string {
    return pick.kind === 'networks' ? 'networks' : `network:${pick.network}:${pick.page}`;
  },

  parse(value: string): ScenarioPick | undefined {
    if (value === 'networks') return { kind: 'networks' };
    const parts = partsOf(value, 2);
    if (parts?.kind !== 'network') return undefined;
    const [network, page] = parts.parts as [string, string];
    if (!(NETWORKS as readonly string[]).includes(network) || !/^\d{1,3}$/.test(page)) return undefined;
    return { kind: 'network', network: network as Network, page: Number(page) };
  },
};
