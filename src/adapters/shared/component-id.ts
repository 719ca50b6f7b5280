import type { View } from '../../engine/views.js';

/**
 * Component ids: Discord's custom ids and Slack's action ids, one format. They carry the engine's
 * prompt or form id, which itself names the drill and the comment, so a click is understood
 * without any memory.
 *   b|<prompt>|<value>   a button choosing one value
 *   s|<prompt>           a select menu (its values come with the interaction)
 *   m|<prompt>           checkboxes (Slack: ticking is only acknowledged)
 *   ok|<prompt>          the button validating the checkboxes of that prompt
 *   f|<form>             a form: the button that opens it, or the modal itself
 *   e|<form>             Slack: the button sending a form written in the message itself
 *   e|<form>|draft       Slack: the button keeping what was typed there as a draft
 * In capitals (B|…, S|…): a component everyone in the channel shares (an invitation): each click
 * is answered to its author alone and the message stays as it is for the others.
 * Each platform has its own length limit (Discord 100 characters, Slack 255): an id that does not
 * fit is a bug, thrown at rendering rather than sent.
 */
/** The answer to a component id no prompt of ours carries (forged, or from an older version): the same everywhere. */
export const OUTDATED_ACTION: View = { kind: 'notice', tone: 'warning', text: 'Cette action n’est plus d’actualité : rien n’a été modifié.' };

export type ComponentId =
  | { kind: 'button'; prompt: string; value: string; shared?: true }
  | { kind: 'select'; prompt: string; shared?: true }
  | { kind: 'checkboxes'; prompt: string }
  | { kind: 'validate'; prompt: string }
  | { kind: 'modal'; form: string }
  | { kind: 'send'; form: string; draft?: true };

export interface ComponentIdCodec {
  readonly limit: number;
  encode(id: ComponentId): string;
  decode(raw: string): ComponentId | undefined;
}

function encode(id: ComponentId): string {
  switch (id.kind) {
    case 'button':
      return `${id.shared ? 'B' : 'b'}|${id.prompt}|${id.value}`;
    case 'select':
      return `${id.shared ? 'S' : 's'}|${id.prompt}`;
    case 'checkboxes':
      return `m|${id.prompt}`;
    case 'validate':
      return `ok|${id.prompt}`;
    case 'modal':
      return `f|${id.form}`;
    case 'send':
      return `e|${id.form}${id.draft ? '|draft' : ''}`;
  }
}

export function decodeComponentId(raw: string): ComponentId | undefined {
  const [kind, first, second] = raw.split('|');
  if (!first) return undefined;
  const shared = kind === 'B' || kind === 'S' ? { shared: true as const } : {};
  switch (kind) {
    case 'b':
    case 'B':
    // Slack's buttons before the format was shared: a message posted then (a nudge) keeps working.
    case 'c':
      return second === undefined ? undefined : { kind: 'button', prompt: first, value: second, ...shared };
    case 's':
    case 'S':
      return { kind: 'select', prompt: first, ...shared };
    case 'm':
      return { kind: 'checkboxes', prompt: first };
    case 'ok':
      return { kind: 'validate', prompt: first };
    case 'f':
      return { kind: 'modal', form: first };
    case 'e':
      return { kind: 'send', form: first, ...(second === 'draft' ? { draft: true as const } : {}) };
    default:
      return undefined;
  }
}

/** The codec for a platform whose ids are at most `limit` characters long. */
export function componentIds(limit: number): ComponentIdCodec {
  return {
    limit,
    encode(id) {
      const encoded = encode(id);
      if (encoded.length > limit) throw new Error(`identifiant de composant trop long (${encoded.length} pour ${limit}) : ${encoded}`);
      return encoded;
    },
    decode: decodeComponentId,
  };
}
