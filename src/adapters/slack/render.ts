import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { FormField, View } from '../../engine/views.js';
import { componentIds } from '../shared/component-id.js';
import { feedbackText, type FeedbackMarkup } from '../shared/feedback.js';
import { cut, OPEN_FORM_LABEL, splitText, TONE_MARKS } from '../shared/text.js';

/** A message as chat.postMessage takes it: `text` is the notification and screen-reader fallback. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export interface SlackFile {
  filename: string;
  title: string;
  data: Buffer;
}

// Slack's limits (Block Kit reference).
const BLOCKS_PER_MESSAGE = 50;
const SECTION_TEXT_LIMIT = 3000;
const HEADER_LIMIT = 150;
const BUTTON_TEXT_LIMIT = 75;
const OPTION_TEXT_LIMIT = 75;
const OPTIONS_LIMIT = 100;
const CHECKBOX_OPTIONS_LIMIT = 10;
const BUTTONS_AS_BUTTONS = 5;
const MODAL_TITLE_LIMIT = 24;
const LABEL_LIMIT = 2000;
const INPUT_LIMIT = 3000;
const FALLBACK_LIMIT = 3000;

/** Slack's action ids: 255 characters at most. */
export const slackIds = componentIds(255);

/**
 * Slack mrkdwn escaping: `<`, `>` and `&` are the only control characters. Escaped, no text can
 * become a mention (`<!channel>`, `<@U…>`, `<!subteam^…>`) or a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's own date formatting: each reader sees the deadline in their time zone. */
function slackDate(at: number): string {
  const fallback = new Date(at).toISOString().slice(11, 16);
  return `<!date^${Math.floor(at / 1000)}^{time}|${fallback} UTC>`;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: cut(text, SECTION_TEXT_LIMIT) } };
}

/** Long texts are cut into several sections at line breaks, then between words, rather than truncated. */
function sections(text: string): KnownBlock[] {
  return splitText(text, SECTION_TEXT_LIMIT)
    .filter((piece) => piece !== '')
    .map(section);
}

function option(value: string, label: string): PlainTextOption {
  return { text: { type: 'plain_text', text: cut(label, OPTION_TEXT_LIMIT), emoji: true }, value: value.slice(0, 150) };
}

function promptBlocks(view: Extract<View, { kind: 'prompt' }>): KnownBlock[] {
  const header = [view.progress ? `*${escapeMrkdwn(view.progress)}*` : undefined, view.deadline !== undefined ? `⏱ fin à ${slackDate(view.deadline)}` : undefined].filter(Boolean).join(' · ');
  const blocks: KnownBlock[] = sections([header, escapeMrkdwn(view.text)].filter(Boolean).join('\n'));
  if (view.multiple) {
    // Checkboxes fire on every tick: the answer is read from the message state when « Valider » is pressed.
    blocks.push({
      type: 'actions',
      block_id: 'choices',
      elements: [{ type: 'checkboxes', action_id: slackIds.encode({ kind: 'checkboxes', prompt: view.id }), options: view.choices.slice(0, CHECKBOX_OPTIONS_LIMIT).map((choice) => option(choice.value, choice.label)) }],
    });
    blocks.push({ type: 'actions', elements: [{ type: 'button', style: 'primary', text: { type: 'plain_text', text: 'Valider' }, action_id: slackIds.encode({ kind: 'validate', prompt: view.id }), value: 'ok' }] });
  } else if (view.choices.length <= BUTTONS_AS_BUTTONS) {
    blocks.push({
      type: 'actions',
      elements: view.choices.map((choice, index) => ({
        type: 'button' as const,
        text: { type: 'plain_text' as const, text: cut(choice.label, BUTTON_TEXT_LIMIT), emoji: true },
        action_id: slackIds.encode({ kind: 'button', prompt: view.id, value: choice.value }),
        value: choice.value.slice(0, 2000),
        ...(index === 0 ? { style: 'primary' as const } : {}),
      })),
    });
  } else {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'static_select', action_id: slackIds.encode({ kind: 'select', prompt: view.id }), placeholder: { type: 'plain_text', text: 'Choisissez' }, options: view.choices.slice(0, OPTIONS_LIMIT).map((choice) => option(choice.value, choice.label)) }],
    });
  }
  return blocks;
}

/** Every text escaped, the learner's quoted words in italics. */
const MARKUP: FeedbackMarkup = { text: escapeMrkdwn, strong: (text) => `*${text}*`, quote: (text) => `_${escapeMrkdwn(text)}_` };

function feedbackBlocks(view: Extract<View, { kind: 'feedback' }>): KnownBlock[] {
  const { comments, criteria } = feedbackText(view, MARKUP);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: cut(view.title, HEADER_LIMIT) } }];
  for (const comment of comments) {
    blocks.push(...sections([`*${comment.heading}*${comment.answered ? '' : ' _(sans réponse)_'}`, ...comment.lines, ...(comment.attempt ? [`*${comment.attempt}*`] : [])].join('\n')));
    // The model answer in sections of its own, whole (cut between words when long).
    if (comment.model.length > 0) blocks.push(...sections(comment.model.join('\n')));
  }
  for (const criterion of criteria) blocks.push(section(`*${criterion.heading}* : ${criterion.result}`));
  return blocks;
}

/** The blocks of one view (a form is a button opening its modal; a file is uploaded, not rendered). */
export function viewBlocks(view: View): KnownBlock[] {
  switch (view.kind) {
    case 'notice':
      return sections(`${TONE_MARKS[view.tone]} ${escapeMrkdwn(view.text)}`);
    case 'case':
      return [
        { type: 'header', text: { type: 'plain_text', text: cut(view.title, HEADER_LIMIT) } },
        ...(view.deadline !== undefined ? [section(`⏱ Fin de la lecture à ${slackDate(view.deadline)}`)] : []),
        ...view.sections.flatMap((part) => sections(`*${escapeMrkdwn(part.heading)}*\n${escapeMrkdwn(part.lines.join('\n') || '—')}`)),
      ];
    case 'prompt':
      return promptBlocks(view);
    case 'form':
      return [
        section(`${view.progress ? `*${escapeMrkdwn(view.progress)}* · ` : ''}${escapeMrkdwn(view.title)}`),
        { type: 'actions', elements: [{ type: 'button', style: 'primary', text: { type: 'plain_text', text: OPEN_FORM_LABEL }, action_id: slackIds.encode({ kind: 'modal', form: view.id }), value: 'open' }] },
      ];
    case 'feedback':
      return feedbackBlocks(view);
    case 'file':
      return [];
  }
}

function fallbackText(view: View): string {
  switch (view.kind) {
    case 'notice':
      return view.text;
    case 'case':
    case 'form':
    case 'feedback':
    case 'file':
      return view.title;
    case 'prompt':
      return view.text;
  }
}

/**
 * Views as messages: consecutive views share a message while Slack's 50-block limit allows, so what
 * a step answers (the receipt, the feedback, the next question) is one message, one post in a
 * conversation Slack lets the bot write in about once a second. A question ends its message: a
 * message has one question, and answering it replaces only that message.
 */
export function renderMessages(views: View[]): SlackMessage[] {
  const messages: SlackMessage[] = [];
  let blocks: KnownBlock[] = [];
  let texts: string[] = [];
  const flush = () => {
    // The fallback is mrkdwn too and is what notifications show: escaped like the blocks.
    if (blocks.length > 0) messages.push({ text: escapeMrkdwn(cut(texts.join('\n'), FALLBACK_LIMIT)), blocks });
    blocks = [];
    texts = [];
  };
  for (const view of views) {
    const next = viewBlocks(view);
    if (next.length === 0) continue;
    // A question joins what precedes it when it fits whole; what follows it starts a new message.
    if (blocks.length + next.length > BLOCKS_PER_MESSAGE) flush();
    for (let start = 0; start < next.length; start += BLOCKS_PER_MESSAGE) {
      blocks.push(...next.slice(start, start + BLOCKS_PER_MESSAGE));
      texts.push(fallbackText(view));
      if (blocks.length >= BLOCKS_PER_MESSAGE) flush();
    }
    if (view.kind === 'prompt' || view.kind === 'form') flush();
  }
  flush();
  return messages;
}

export function filesOf(views: View[]): SlackFile[] {
  return views.flatMap((view) => (view.kind === 'file' ? [{ filename: view.filename, title: view.title, data: Buffer.from(view.data) }] : []));
}

function inputElement(field: FormField) {
  const actionId = 'value';
  switch (field.input) {
    case 'select': {
      const options = (field.options ?? []).slice(0, OPTIONS_LIMIT).map((choice) => option(choice.value, choice.label));
      const initial = options.find((candidate) => candidate.value === field.value);
      return { type: 'static_select' as const, action_id: actionId, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'date':
      return { type: 'datepicker' as const, action_id: actionId, ...(field.value ? { initial_date: field.value } : {}) };
    case 'time':
      return { type: 'timepicker' as const, action_id: actionId, ...(field.value ? { initial_time: field.value } : {}) };
    case 'channel':
      // Slack's own list of the asker's private channels: the value is the channel's id, which the
      // adapter checks with conversations.info before the engine sees it.
      return {
        type: 'conversations_select' as const,
        action_id: actionId,
        filter: { include: ['private' as const], exclude_bot_users: true, exclude_external_shared_channels: true },
        ...(field.value ? { initial_conversation: field.value } : {}),
      };
    default:
      return {
        type: 'plain_text_input' as const,
        action_id: actionId,
        multiline: field.multiline,
        max_length: Math.min(field.maxLength, INPUT_LIMIT),
        ...(field.value ? { initial_value: field.value.slice(0, INPUT_LIMIT) } : {}),
      };
  }
}

/** The rules to write by, read before typing (a modal's or a message form's first block). */
function rulesBlocks(view: Extract<View, { kind: 'form' }>): KnownBlock[] {
  return view.rules && view.rules.length > 0 ? [section(`*Règles pour vos textes*\n${view.rules.map((rule) => `• ${escapeMrkdwn(rule)}`).join('\n')}`)] : [];
}

/** One input block per field: the block id is the field id (how a submission is read back). */
function inputBlocks(view: Extract<View, { kind: 'form' }>): KnownBlock[] {
  return view.fields.map((field) => ({
    type: 'input' as const,
    block_id: field.id,
    optional: !field.required,
    label: { type: 'plain_text' as const, text: cut(field.label, LABEL_LIMIT) },
    element: inputElement(field),
    ...(field.hint ? { hint: { type: 'plain_text' as const, text: cut(field.hint, LABEL_LIMIT) } } : {}),
  }));
}

/** A form as a modal: one input block per field (block id = field id); `metadata` says where answers go. */
export function modalFor(view: Extract<View, { kind: 'form' }>, metadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: 'form',
    private_metadata: metadata,
    // A cancelled modal is reported, so the texts can be reopened from a new button.
    notify_on_close: true,
    title: { type: 'plain_text', text: cut(view.progress ?? view.title, MODAL_TITLE_LIMIT) },
    submit: { type: 'plain_text', text: 'Envoyer' },
    close: { type: 'plain_text', text: 'Annuler' },
    blocks: [...rulesBlocks(view), ...inputBlocks(view)],
  };
}

/**
 * A form written in the message itself (the learner's DM): the fields under the rules, and
 * « Envoyer », whose click brings what was typed (`state.values`). No modal to open: views.open
 * takes about 100 calls a minute for the whole workspace, which a cohort writing at once exceeds
 * in seconds (and a modal that cannot open within its trigger's 3 s never opens).
 */
export function formMessage(view: Extract<View, { kind: 'form' }>): SlackMessage {
  const title = `${view.progress ? `*${escapeMrkdwn(view.progress)}* · ` : ''}${escapeMrkdwn(view.title)}`;
  return {
    text: escapeMrkdwn(cut(view.title, FALLBACK_LIMIT)),
    blocks: [
      section(title),
      ...rulesBlocks(view),
      ...inputBlocks(view),
      {
        type: 'actions',
        elements: [
          { type: 'button', style: 'primary', text: { type: 'plain_text', text: 'Envoyer' }, action_id: slackIds.encode({ kind: 'send', form: view.id }), value: 'send' },
          // Nothing typed reaches the bot before a click: this one keeps it (a deadline then scores it).
          ...(view.keepsDrafts ? [{ type: 'button' as const, text: { type: 'plain_text' as const, text: 'Enregistrer le brouillon' }, action_id: slackIds.encode({ kind: 'send', form: view.id, draft: true }), value: 'draft' }] : []),
        ],
      },
    ],
  };
}

/** The form message once sent: what was written stays to read, the fields and the button go. */
export function sentFormMessage(blocks: readonly KnownBlock[], values: Record<string, string>): SlackMessage {
  const kept: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'actions') continue;
    if (block.type !== 'input') {
      kept.push(block);
      continue;
    }
    const written = values[block.block_id ?? '']?.trim();
    if (written) kept.push(section(`*${escapeMrkdwn(block.label.text)}*\n${escapeMrkdwn(written).split('\n').map((line) => `> ${line}`).join('\n')}`));
  }
  kept.push({ type: 'context', elements: [{ type: 'mrkdwn', text: '→ Envoyé' }] });
  return { text: 'Envoyé', blocks: kept.slice(-BLOCKS_PER_MESSAGE) };
}

/**
 * The form message again, filled with what was typed: refused (each error under its field) or kept
 * as a draft (`note`); nothing typed is lost.
 */
export function filledFormMessage(blocks: readonly KnownBlock[], values: Record<string, string>, errors: Record<string, string>, note?: string): SlackMessage {
  const kept: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'context' && (block.block_id?.startsWith('error:') || block.block_id === 'note')) continue;
    if (note && block.type === 'actions') kept.push({ type: 'context', block_id: 'note', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(note) }] });
    if (block.type === 'input' && block.block_id && block.element.type === 'plain_text_input') {
      const typed = values[block.block_id];
      const element = { ...block.element };
      if (typed) element.initial_value = typed.slice(0, INPUT_LIMIT);
      else delete element.initial_value;
      kept.push({ ...block, element });
    } else kept.push(block);
    const error = block.type === 'input' && block.block_id ? errors[block.block_id] : undefined;
    if (error) kept.push({ type: 'context', block_id: `error:${block.block_id}`, elements: [{ type: 'mrkdwn', text: `${TONE_MARKS.error} ${escapeMrkdwn(error)}` }] });
  }
  return { text: Object.values(errors).map(escapeMrkdwn).join('\n') || escapeMrkdwn(note ?? 'À corriger'), blocks: kept.slice(0, BLOCKS_PER_MESSAGE) };
}

type ModalState = Record<string, Record<string, { type: string; value?: string | null; selected_option?: { value: string } | null; selected_date?: string | null; selected_time?: string | null; selected_conversation?: string | null }>>;

/** Reads a submitted modal back into the engine's field values. */
export function formValues(state: ModalState): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const input = actions.value;
    if (!input) continue;
    values[blockId] = input.value ?? input.selected_option?.value ?? input.selected_date ?? input.selected_time ?? input.selected_conversation ?? '';
  }
  return values;
}

/** The channels picked in a submitted modal (conversations_select fields). */
export function pickedChannels(state: ModalState): string[] {
  return Object.values(state).flatMap((actions) => (actions.value?.type === 'conversations_select' && actions.value.selected_conversation ? [actions.value.selected_conversation] : []));
}
