import type { KnownBlock } from '@slack/types';
import { modalFor as discordModal, renderViews as discordMessages } from '../../src/adapters/discord/render.js';
import { modalFor as slackModal, renderMessages as slackMessages } from '../../src/adapters/slack/render.js';
import { plain, renderView } from '../../src/adapters/terminal/render.js';
import { ACTION_LABELS, CATEGORY_LABELS, CHECK_LABELS } from '../../src/core/rubric/labels.js';
import { CHECK_IDS } from '../../src/core/rubric/types.js';
import { CATEGORIES, type Scenario } from '../../src/core/scenario/schema.js';
import type { View } from '../../src/engine/views.js';

/**
 * What a person reads of views, on every surface: the terminal's lines, Discord's messages, embeds,
 * buttons and modals, Slack's blocks and modals, the CSV files trainers open. Component ids,
 * option values and block ids are not read by anyone and are left out.
 */
export function shownTexts(views: readonly View[], now = 0): string[] {
  const texts: string[] = [];
  for (const view of views) {
    texts.push(renderView(view, plain, now));
    if (view.kind === 'form') {
      texts.push(...view.fields.flatMap((field) => [field.label, field.hint ?? '', ...(field.options ?? []).map((option) => option.label)]));
      const discord = discordModal(view);
      const rows = discord.components as unknown as Array<{ components: Array<{ label?: string }> }>;
      texts.push(discord.title, ...rows.flatMap((row) => row.components.map((component) => component.label ?? '')));
      texts.push(...slackStrings(slackModal(view, '')));
    }
    if (view.kind === 'file' && view.contentType.startsWith('text/')) texts.push(new TextDecoder().decode(view.data));
    if (view.kind === 'file') texts.push(view.title);
  }
  for (const message of discordMessages([...views])) {
    texts.push(message.content ?? '');
    for (const embed of message.embeds ?? []) {
      texts.push(embed.title ?? '', embed.description ?? '', embed.author?.name ?? '', embed.footer?.text ?? '', ...(embed.fields ?? []).flatMap((field) => [field.name, field.value]));
    }
    for (const row of message.components ?? []) {
      for (const component of row.components) {
        if ('label' in component && component.label) texts.push(component.label);
        if ('placeholder' in component && component.placeholder) texts.push(component.placeholder);
        if ('options' in component && Array.isArray(component.options)) texts.push(...component.options.map((option: { label: string }) => option.label));
      }
    }
  }
  for (const message of slackMessages([...views])) texts.push(...slackStrings(message.blocks as KnownBlock[]));
  return texts.filter((text) => text !== '');
}

/** Every `text` of a Slack payload (blocks, buttons, options, placeholders, titles), not its ids and values. */
function slackStrings(payload: unknown): string[] {
  if (Array.isArray(payload)) return payload.flatMap(slackStrings);
  if (payload === null || typeof payload !== 'object') return [];
  return Object.entries(payload).flatMap(([key, value]) => (key === 'text' && typeof value === 'string' ? [value] : typeof value === 'object' ? slackStrings(value) : []));
}

/** Lower case, accents kept: « Détection » allows « détection », never the id « detection ». */
const fold = (text: string) => text.normalize('NFC').toLowerCase();
const words = (text: string) => new Set(fold(text).split(/[^\p{L}\p{N}_]+/u).filter(Boolean));

/**
 * The internal ids a person must never read: check ids, category keys, and the scenarios' ids and
 * their comment, fact and must-cover ids (a case is named by its title). Ids that are also ordinary words of the French labels (« action »,
 * « signature », « question »…) or of the scenario's own texts (« veggie » in a comment) are left
 * out: finding them proves nothing.
 */
export function forbiddenIds(scenarios: readonly Scenario[], alsoAllowed: readonly string[] = []): string[] {
  const ids = new Set<string>([...CHECK_IDS, ...CATEGORIES]);
  const allowed = new Set<string>();
  for (const label of [...Object.values(CHECK_LABELS), ...Object.values(CATEGORY_LABELS), ...Object.values(ACTION_LABELS), ...alsoAllowed]) for (const word of words(label)) allowed.add(word);
  for (const scenario of scenarios) {
    ids.add(scenario.id);
    for (const comment of scenario.comments) {
      ids.add(comment.id);
      for (const item of comment.reply?.must_cover ?? []) ids.add(item.id);
      for (const word of words(`${comment.author} ${comment.text} ${comment.reasons.join(' ')} ${(comment.reply?.must_cover ?? []).flatMap((item) => item.any ?? []).join(' ')}`)) allowed.add(word);
    }
    for (const fact of scenario.charter.facts) {
      ids.add(fact.id);
      for (const word of words(`${fact.text} ${(fact.keywords ?? []).join(' ')}`)) allowed.add(word);
    }
    for (const word of words(`${scenario.title} ${scenario.brand.name} ${scenario.brand.description} ${scenario.post.text} ${scenario.charter.signature ?? ''} ${scenario.charter.tone.join(' ')}`)) allowed.add(word);
  }
  return [...ids].filter((id) => !allowed.has(fold(id)));
}

/** Each id found in the texts, with the line it was read in: empty when nothing leaks. */
export function idLeaks(texts: readonly string[], ids: readonly string[]): string[] {
  const patterns = ids.map((id) => ({ id, pattern: new RegExp(`(?<![\\p{L}\\p{N}_])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`, 'u') }));
  const leaks: string[] = [];
  for (const text of texts) {
    for (const line of text.split('\n')) {
      for (const { id, pattern } of patterns) if (pattern.test(line)) leaks.push(`${id} dans « ${line} »`);
    }
  }
  return [...new Set(leaks)];
}
