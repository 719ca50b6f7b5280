/**
 * Discord component custom ids (100 characters at most). They carry the engine's prompt or form id,
 * which itself names the drill and the comment, so a click is understood without any memory.
 *   b|<prompt>|<value>   a button choosing one value
 *   s|<prompt>           a select menu (its values come with the interaction)
 *   f|<form>             a modal
 * In capitals (B|…, S|…): a component everyone in the channel shares (an invitation): each click
 * is answered to its author alone and the message stays as it is for the others.
 */
export type ComponentId =
  | { kind: 'button'; prompt: string; value: string; shared?: true }
  | { kind: 'select'; prompt: string; shared?: true }
  | { kind: 'modal'; form: string };

export const CUSTOM_ID_LIMIT = 100;

export function encodeComponentId(id: ComponentId): string {
  const encoded = id.kind === 'button' ? `${id.shared ? 'B' : 'b'}|${id.prompt}|${id.value}` : id.kind === 'select' ? `${id.shared ? 'S' : 's'}|${id.prompt}` : `f|${id.form}`;
  if (encoded.length > CUSTOM_ID_LIMIT) throw new Error(`identifiant de composant trop long (${encoded.length}) : ${encoded}`);
  return encoded;
}

export function decodeComponentId(customId: string): ComponentId | undefined {
  const [kind, first, second] = customId.split('|');
  const shared = kind === 'B' || kind === 'S' ? { shared: true as const } : {};
  if ((kind === 'b' || kind === 'B') && first && second !== undefined) return { kind: 'button', prompt: first, value: second, ...shared };
  if ((kind === 's' || kind === 'S') && first) return { kind: 'select', prompt: first, ...shared };
  if (kind === 'f' && first) return { kind: 'modal', form: first };
  return undefined;
}
