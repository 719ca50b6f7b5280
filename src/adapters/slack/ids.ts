/**
 * Slack action ids (255 characters at most). Like Discord's custom ids they carry the engine's
 * prompt or form id, which names the drill and the comment: a click needs no memory.
 *   c|<prompt>|<value>   a button choosing one value
 *   s|<prompt>           a static select (its value comes with the action)
 *   m|<prompt>           checkboxes (changes are only acknowledged)
 *   ok|<prompt>          the button validating the checkboxes of that prompt
 *   f|<form>             a button opening the form as a modal
 */
export type ActionId =
  | { kind: 'button'; prompt: string; value: string }
  | { kind: 'select'; prompt: string }
  | { kind: 'checkboxes'; prompt: string }
  | { kind: 'validate'; prompt: string }
  | { kind: 'modal'; form: string };

export const ACTION_ID_LIMIT = 255;

export function encodeActionId(id: ActionId): string {
  const encoded =
    id.kind === 'button' ? `c|${id.prompt}|${id.value}` : id.kind === 'select' ? `s|${id.prompt}` : id.kind === 'checkboxes' ? `m|${id.prompt}` : id.kind === 'validate' ? `ok|${id.prompt}` : `f|${id.form}`;
  if (encoded.length > ACTION_ID_LIMIT) throw new Error(`identifiant d’action trop long (${encoded.length}) : ${encoded}`);
  return encoded;
}

export function decodeActionId(actionId: string): ActionId | undefined {
  const [kind, first, second] = actionId.split('|');
  if (!first) return undefined;
  if (kind === 'c' && second !== undefined) return { kind: 'button', prompt: first, value: second };
  if (kind === 's') return { kind: 'select', prompt: first };
  if (kind === 'm') return { kind: 'checkboxes', prompt: first };
  if (kind === 'ok') return { kind: 'validate', prompt: first };
  if (kind === 'f') return { kind: 'modal', form: first };
  return undefined;
}
