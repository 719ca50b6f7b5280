import { escapeMarkdown, type APIActionRowComponent, type APIComponentInMessageActionRow, type APIEmbed, type APIModalInteractionResponseCallbackData } from 'discord.js';
import type { View } from '../../engine/views.js';
import { componentIds } from '../shared/component-id.js';
import { feedbackText, type FeedbackMarkup } from '../shared/feedback.js';
import { cut, OPEN_FORM_LABEL, splitText, TONE_MARKS } from '../shared/text.js';

/** What the bot sends for a view; mentions are never parsed, whatever the text says. */
export interface DiscordMessage {
  content?: string;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
  /** Attachments (a trainer's CSV or chart). */
  files?: Array<{ name: string; data: Buffer }>;
  allowedMentions: { parse: [] };
}

const NO_MENTIONS = { parse: [] as [] };
/** Discord's custom ids: 100 characters at most. */
export const discordIds = componentIds(100);
const COLOURS = { info: 0x3b82f6, success: 0x16a34a, warning: 0xf59e0b, error: 0xdc2626, case: 0x6366f1 } as const;
// Discord's limits.
const CONTENT_LIMIT = 2000;
const EMBED_DESCRIPTION_LIMIT = 4096;
const FIELD_LIMIT = 1024;
const TITLE_LIMIT = 256;
const EMBEDS_PER_MESSAGE = 10;
const EMBED_CHARACTERS_PER_MESSAGE = 6000;
const BUTTONS_PER_ROW = 5;
const SELECT_OPTIONS = 25;
const LABEL_LIMIT = 45;
const OPTION_LABEL_LIMIT = 100;
const PLACEHOLDER_LIMIT = 100;

/**
 * A heading and its text as embeds, whole: the text spread over as many embed descriptions as
 * it needs (4,096 characters each, shown one under the other), the heading as the first one's
 * title (in bold at the top of the text when it is longer than a title may be).
 */
function textEmbeds(heading: string | undefined, text: string, color: number): APIEmbed[] {
  const title = heading !== undefined && heading.length <= TITLE_LIMIT ? heading : undefined;
  const body = heading !== undefined && title === undefined ? `**${heading}**\n${text}` : text;
  return splitText(body, EMBED_DESCRIPTION_LIMIT).map((description, index) => {
    const titled = index === 0 && title !== undefined;
    // An embed shows at least something: a lone title, or a dash for an empty text.
    return { ...(titled ? { title } : {}), ...(description || !titled ? { description: description || '—' } : {}), color };
  });
}

/** A Discord relative timestamp (« dans 4 minutes »), rendered by each client in its own language. */
function relative(deadline: number): string {
  return `<t:${Math.floor(deadline / 1000)}:R>`;
}

function embedSize(embed: APIEmbed): number {
  return (embed.author?.name.length ?? 0) + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0) + (embed.footer?.text.length ?? 0);
}

/** Groups embeds into as few messages as Discord's per-message limits allow. */
function packEmbeds(embeds: APIEmbed[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const next = embedSize(embed);
    if (current.length === EMBEDS_PER_MESSAGE || size + next > EMBED_CHARACTERS_PER_MESSAGE) {
      messages.push({ embeds: current, allowedMentions: NO_MENTIONS });
      current = [];
      size = 0;
    }
    current.push(embed);
    size += next;
  }
  if (current.length > 0) messages.push({ embeds: current, allowedMentions: NO_MENTIONS });
  return messages;
}

function choiceComponents(view: Extract<View, { kind: 'prompt' }>): Array<APIActionRowComponent<APIComponentInMessageActionRow>> {
  const shared = view.audience === 'channel' ? { shared: true as const } : {};
  const useButtons = !view.multiple && view.choices.length <= BUTTONS_PER_ROW;
  return useButtons
    ? [{
        type: 1,
        components: view.choices.map((choice, index) => ({
          type: 2,
          style: index === 0 ? 1 : 2,
          label: cut(choice.label, 80),
          custom_id: discordIds.encode({ kind: 'button', prompt: view.id, value: choice.value, ...shared }),
        })),
      }]
    : [{
        type: 1,
        components: [{
          type: 3,
          custom_id: discordIds.encode({ kind: 'select', prompt: view.id, ...shared }),
          placeholder: view.multiple ? 'Choisissez une ou plusieurs options' : 'Choisissez une option',
          min_values: 1,
          max_values: view.multiple ? Math.min(view.choices.length, SELECT_OPTIONS) : 1,
          options: view.choices.slice(0, SELECT_OPTIONS).map((choice) => ({ label: cut(choice.label, OPTION_LABEL_LIMIT), value: choice.value })),
        }],
      }];
}

/**
 * A question: its position and deadline, its text (whole: in embeds when it does not fit in a
 * message's 2,000 characters) and its buttons or menu, which come with the last message.
 */
function promptMessages(view: Extract<View, { kind: 'prompt' }>): DiscordMessage[] {
  // A text that already opens with the position (« Commentaire 1/9 — … ») shows it once, in bold.
  const inline = view.progress !== undefined && view.progress !== '' && view.text.startsWith(view.progress);
  const header = [view.progress && !inline ? `**${view.progress}**` : undefined, view.deadline !== undefined ? `⏱ fin ${relative(view.deadline)}` : undefined].filter(Boolean).join(' · ');
  const text = inline ? `**${view.progress}**${view.text.slice(view.progress!.length)}` : view.text;
  const components = choiceComponents(view);
  const content = [header, text].filter(Boolean).join('\n');
  if (content.length <= CONTENT_LIMIT) return [{ content, components, allowedMentions: NO_MENTIONS }];
  const messages = packEmbeds(textEmbeds(undefined, text, COLOURS.info));
  if (header) messages[0]!.content = header;
  messages[messages.length - 1]!.components = components;
  return messages;
}

/** Engine text as is; the learner's quoted words with their markdown escaped (a quote cannot bold, hide or link). */
const MARKUP: FeedbackMarkup = { text: (text) => text, strong: (text) => `**${text}**`, quote: (text) => escapeMarkdown(text) };

function feedbackEmbeds(view: Extract<View, { kind: 'feedback' }>): APIEmbed[] {
  const { comments, criteria } = feedbackText(view, MARKUP);
  const embeds: APIEmbed[] = comments.flatMap((comment) => {
    const color = comment.outcome === 'critical' ? COLOURS.error : comment.outcome === 'failed' ? COLOURS.warning : COLOURS.success;
    const pieces = textEmbeds(comment.heading, [...comment.lines, ...(comment.attempt ? [`**${comment.attempt}**`] : [])].join('\n'), color);
    if (!comment.answered) pieces[pieces.length - 1]!.footer = { text: 'Sans réponse' };
    // The model answer in embeds of its own under the feedback, whole (split between words when long).
    const model = comment.model.length > 0 ? textEmbeds(undefined, comment.model.join('\n'), COLOURS.case) : [];
    return [...pieces, ...model];
  });
  // A comment's feedback says what it is, as on the other surfaces, so it is not taken for the final results.
  if (!view.criteria && embeds[0]) embeds[0].author = { name: cut(view.title, TITLE_LIMIT) };
  if (view.criteria) {
    embeds.push({
      title: cut(view.title, TITLE_LIMIT),
      color: criteria.every((criterion) => criterion.met) ? COLOURS.success : COLOURS.error,
      fields: criteria.map((criterion) => ({ name: criterion.heading, value: cut(criterion.result, FIELD_LIMIT) })),
    });
  }
  return embeds;
}

/** The messages that show one view (forms are modals: see modalFor). */
export function renderMessages(view: View): DiscordMessage[] {
  switch (view.kind) {
    case 'notice':
      return packEmbeds(textEmbeds(undefined, view.text, COLOURS[view.tone]));
    case 'case':
      // The whole case, each section in its own embed (spread over more when it is long): the
      // learner is graded on every fact of the charter and every word of the post.
      return packEmbeds([
        ...textEmbeds(view.title, view.deadline !== undefined ? `⏱ Fin de la lecture ${relative(view.deadline)}` : '', COLOURS.case),
        ...view.sections.flatMap((section) => textEmbeds(section.heading, section.lines.join('\n'), COLOURS.case)),
      ]);
    case 'prompt':
      return promptMessages(view);
    case 'form':
      // A modal shows no text of its own: the rules to write by come with the button that opens it.
      return [{
        content: cut([`${view.progress ? `**${view.progress}** · ` : ''}${view.title}`, ...(view.rules && view.rules.length > 0 ? ['**Règles pour vos textes :**', ...view.rules.map((rule) => `• ${rule}`)] : [])].join('\n'), CONTENT_LIMIT),
        components: [{ type: 1, components: [{ type: 2, style: 1, label: OPEN_FORM_LABEL, custom_id: discordIds.encode({ kind: 'modal', form: view.id }) }] }],
        allowedMentions: NO_MENTIONS,
      }];
    case 'feedback':
      return packEmbeds(feedbackEmbeds(view));
    case 'file':
      return [{ content: `📎 ${cut(view.title, TITLE_LIMIT)}`, files: [{ name: view.filename, data: Buffer.from(view.data) }], allowedMentions: NO_MENTIONS }];
  }
}

/** A form as a Discord modal: one paragraph input per field, with its length limit and earlier value. */
export function modalFor(view: Extract<View, { kind: 'form' }>): APIModalInteractionResponseCallbackData {
  return {
    custom_id: discordIds.encode({ kind: 'modal', form: view.id }),
    title: cut(view.progress ?? view.title, LABEL_LIMIT),
    components: view.fields.map((field) => ({
      type: 1,
      components: [{
        type: 4,
        custom_id: field.id,
        label: cut(field.label, LABEL_LIMIT),
        style: field.multiline ? 2 : 1,
        required: field.required,
        max_length: Math.min(field.maxLength, 4000),
        // A short hint (« 280 caractères au plus sur X ») shows in the empty field; Discord counts what is typed.
        ...(field.hint && field.hint.length <= PLACEHOLDER_LIMIT ? { placeholder: field.hint } : {}),
        ...(field.value ? { value: field.value.slice(0, 4000) } : {}),
      }],
    })),
  };
}

/** A message being composed: content lines (a notice, a question), then embeds, then one question's components. */
interface Draft {
  lines: string[];
  /** The notices among `lines`: a message of notices alone shows them as coloured embeds, as `renderMessages` does. */
  notices: Array<Extract<View, { kind: 'notice' }>>;
  embeds: APIEmbed[];
  size: number;
  components?: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
}

const emptyDraft = (): Draft => ({ lines: [], notices: [], embeds: [], size: 0 });

function contentLength(draft: Draft): number {
  return draft.lines.reduce((sum, line, index) => sum + line.length + (index > 0 ? 2 : 0), 0);
}

function fitsContent(draft: Draft, line: string): boolean {
  return contentLength(draft) + (draft.lines.length > 0 ? 2 : 0) + line.length <= CONTENT_LIMIT;
}

function finish(draft: Draft): DiscordMessage[] {
  if (draft.lines.length === 0 && draft.embeds.length === 0) return [];
  if (draft.embeds.length === 0 && !draft.components && draft.notices.length === draft.lines.length) return draft.notices.flatMap(renderMessages);
  return [{
    ...(draft.lines.length > 0 ? { content: draft.lines.join('\n\n') } : {}),
    ...(draft.embeds.length > 0 ? { embeds: draft.embeds } : {}),
    ...(draft.components ? { components: draft.components } : {}),
    allowedMentions: NO_MENTIONS,
  }];
}

/** A question's parts: its position and deadline, its text, its buttons or menu. */
function promptParts(view: Extract<View, { kind: 'prompt' }>): { header: string; text: string; components: Array<APIActionRowComponent<APIComponentInMessageActionRow>> } {
  const inline = view.progress !== undefined && view.progress !== '' && view.text.startsWith(view.progress);
  const header = [view.progress && !inline ? `**${view.progress}**` : undefined, view.deadline !== undefined ? `⏱ fin ${relative(view.deadline)}` : undefined].filter(Boolean).join(' · ');
  const text = inline ? `**${view.progress}**${view.text.slice(view.progress!.length)}` : view.text;
  return { header, text, components: choiceComponents(view) };
}

/**
 * The messages for a sequence of views, composed into as few messages as Discord's limits allow:
 * what a step answers (the receipt, the feedback on the answer, the next question) is ONE message,
 * one request instead of three. Within a message Discord shows the content, then the embeds, then
 * the components: short notices and the question's position and deadline go in the content, the
 * case, the feedback and a question that follows them in embeds, in the order of the views; a
 * question's buttons end its message (a message has one question). Notices alone keep their
 * coloured embeds; files travel alone.
 */
export function renderViews(views: View[]): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let draft = emptyDraft();
  const flush = (): void => {
    messages.push(...finish(draft));
    draft = emptyDraft();
  };
  const addEmbeds = (embeds: APIEmbed[]): void => {
    for (const embed of embeds) {
      const size = embedSize(embed);
      if (draft.embeds.length === EMBEDS_PER_MESSAGE || draft.size + size > EMBED_CHARACTERS_PER_MESSAGE) flush();
      draft.embeds.push(embed);
      draft.size += size;
    }
  };
  for (const view of views) {
    // A question ends its message: what follows it comes after its buttons.
    if (draft.components) flush();
    switch (view.kind) {
      case 'file':
        flush();
        messages.push(...renderMessages(view));
        break;
      case 'notice': {
        const line = `${TONE_MARKS[view.tone]} ${view.text}`;
        if (draft.embeds.length === 0 && fitsContent(draft, line)) {
          draft.lines.push(line);
          draft.notices.push(view);
        } else addEmbeds(textEmbeds(undefined, view.text, COLOURS[view.tone]));
        break;
      }
      case 'case':
      case 'feedback':
        addEmbeds(renderMessages(view).flatMap((message) => message.embeds ?? []));
        break;
      case 'prompt': {
        const { header, text, components } = promptParts(view);
        const whole = [header, text].filter(Boolean).join('\n');
        if (draft.embeds.length === 0 && fitsContent(draft, whole)) {
          draft.lines.push(whole);
        } else {
          // After embeds (or too long for a message's text): the position and deadline on top, the text as an embed under what precedes it.
          if (header && !fitsContent(draft, header)) flush();
          if (header) draft.lines.push(header);
          addEmbeds(textEmbeds(undefined, text, COLOURS.info));
        }
        draft.components = components;
        break;
      }
      case 'form': {
        const [rendered] = renderMessages(view);
        if (!fitsContent(draft, rendered!.content!)) flush();
        draft.lines.push(rendered!.content!);
        draft.components = rendered!.components;
        break;
      }
    }
  }
  flush();
  return messages;
}
