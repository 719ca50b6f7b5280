/**
 * What people type, as Slack hands it over (slash command text, messages): `&`, `<` and `>` arrive
 * as the entities `&amp;`, `&lt;` and `&gt;`, and links, mentions and channels (with « Escape
 * channels, users, and links » on, as in slack/manifest.yaml) as `<…>` sequences. Decoded once,
 * here, so that « Promo R&D <test> » is stored and shown as typed; what the bot sends is escaped once
 * again by `escapeMrkdwn` (render.ts).
 *
 *   <#C0123|formateurs>  → <#C0123>   a channel reference, as the engine reads it (Discord writes
 *                                      its channel mentions the same way); the id is what the
 *                                      adapter checks with Slack, never the name
 *   <@U0123|lea>         → @lea       (without a name: @U0123)
 *   <!here> <!channel> <!everyone>    → @here @channel @everyone
 *   <!subteam^S0123|@profs>           → @profs
 *   <!date^1700000000^{date}|texte>   → texte
 *   <https://exemple.fr|exemple.fr>   → exemple.fr   what the person typed (a bare <https://…> → the address)
 *
 * Nothing decoded can ping anyone when it is shown again: the engine's texts are escaped on the way
 * out, so `<#C0123>` or a typed `<!channel>` come back as plain characters.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };
const SEQUENCE = /<([^<>]*)>/g;

/** One `<…>` sequence as plain text (channels stay references the engine understands). */
function sequence(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : inner.slice(bar + 1);
  if (target.startsWith('#')) return `<#${target.slice(1)}>`;
  if (target.startsWith('@')) return `@${label || target.slice(1)}`;
  if (target.startsWith('!')) {
    const special = target.slice(1);
    if (special === 'here' || special === 'channel' || special === 'everyone') return `@${special}`;
    if (special.startsWith('subteam^')) return label ? (label.startsWith('@') ? label : `@${label}`) : '@groupe';
    return label;
  }
  return label || target;
}

export function decodeSlackText(text: string): string {
  // Sequences first: a `<` or `>` the person typed is still an entity at this point, so every `<…>`
  // here is Slack's. Then each entity once, left to right (« &amp;lt; » is the typed « &lt; »).
  return text.replace(SEQUENCE, (_, inner: string) => sequence(inner)).replace(/&(amp|lt|gt);/g, (_, name: string) => ENTITIES[name]!);
}

/** The channels linked in Slack's text, id → name as the link shows it (empty when it does not). */
export function linkedChannels(text: string): Map<string, string> {
  const channels = new Map<string, string>();
  for (const match of text.matchAll(/<#([A-Z0-9]+)(?:\|([^<>]*))?>/gi)) channels.set(match[1]!, decodeSlackText(match[2] ?? ''));
  return channels;
}

/** The channel references (`<#C0123>`) among a command's decoded words. */
export function channelReferences(words: readonly string[]): string[] {
  return words.flatMap((word) => {
    const match = /^<#([A-Za-z0-9]+)>$/.exec(word);
    return match ? [match[1]!] : [];
  });
}
