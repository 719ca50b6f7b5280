/**
 * A local fake Slack for end-to-end tests with the REAL @slack/bolt 5 app: the Web API under
 * `/api/<method>`, Socket Mode on a WebSocket of the same 127.0.0.1 port, response URLs, file
 * upload URLs, and a signer for HTTP mode.
 *
 *   const fake = await startFakeSlack({ users: [{ id: 'U0CAMI', name: 'camille', tz: 'Europe/Paris' }] });
 *   const app = new App({
 *     token: fake.botToken, appToken: fake.appToken, socketMode: true, logLevel: LogLevel.ERROR,
 *     clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
 *   });
 *   await app.start();                      // auth.test, apps.connections.open, WebSocket, hello
 *   const command = fake.slashCommand({ user: 'U0CAMI', text: 'help' });
 *   await fake.waitForAck(command);
 *
 * Bolt hands its `clientOptions` to the Socket Mode client, so `apps.connections.open` is asked
 * here too and the WebSocket URL it returns points back at this server.
 *
 * Wire formats follow what @slack/web-api 8, @slack/socket-mode 3 and Bolt 5 send and expect (read
 * from their sources): form-encoded bodies whose objects are JSON strings, `Authorization: Bearer`,
 * 429 + `Retry-After`, envelopes `{envelope_id, type, payload, accepts_response_payload}` plus
 * `retry_attempt`/`retry_reason` on events_api, acks `{envelope_id, payload}`.
 *
 * Strict where Slack is and where that catches real bugs: tokens and their types, channels the bot
 * cannot know, Block Kit limits (answered like Slack: `invalid_blocks` / `invalid_arguments` with
 * `[ERROR] … [json-pointer:/…]` messages), trigger ids (3 s, single use), modal stacks, response
 * URLs (5 uses), clicks on elements that are not (or no longer) on screen, required modal inputs.
 * Everything is recorded; anything the fake does not understand lands in `unexpected`.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

export type Json = Record<string, unknown>;

// ───────────────────────────── public types ─────────────────────────────

export interface FakeSlackUser {
  id: string;
  name: string;
  real_name?: string;
  /** IANA zone as Slack reports it in users.info (default Europe/Paris). */
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  /** Returned by users.info with include_locale=true (default fr-FR). */
  locale?: string;
  email?: string;
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  is_private?: boolean;
  /** The bot is a member (default true); false → chat.postMessage answers not_in_channel. */
  is_member?: boolean;
}

/** A user id, or anything with one (a FakeSlackUser). */
export type UserRef = string | { id: string };

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  appId?: string;
  botUserId?: string;
  botId?: string;
  /** Workspace members known to users.info (others appear when they act, with default fields). */
  users?: FakeSlackUser[];
  /** Public or private channels the bot knows; DMs appear through conversations.open or incoming traffic. */
  channels?: FakeSlackChannel[];
  /** Scopes granted to the bot token; when given, methods needing another one answer missing_scope. */
  scopes?: string[];
  /** Acks later than this are recorded as late (Slack: 3 s). */
  ackDeadlineMs?: number;
  /** A trigger_id is accepted by views.open/push for this long (Slack: 3 s). */
  triggerLifetimeMs?: number;
  /** WebSocket pings from the server (the Socket Mode client drops a link without one for 30 s). */
  pingIntervalMs?: number;
  /** After `sendDisconnect`, close the link ourselves if the client has not within this delay. */
  disconnectGraceMs?: number;
  /** Print every call and frame on stderr. */
  debug?: boolean;
}

export interface RecordedCall {
  method: string;
  /** Arguments, nested JSON strings (blocks, view, files, metadata…) parsed. */
  args: Json;
  token: string | undefined;
  tokenType: 'bot' | 'app' | 'unknown' | 'none';
  contentType: string;
  /** HTTP status answered: 200, or 429 for the calls in `rateLimited`. */
  status: number;
  response: Json;
  at: number;
}

export type UnexpectedKind =
  | 'unknown_method'
  | 'deprecated_method'
  | 'unknown_path'
  | 'bad_ticket'
  | 'bad_frame'
  | 'unknown_ack'
  | 'duplicate_ack'
  | 'bad_ack'
  | 'response_url'
  | 'upload';

export interface Unexpected {
  kind: UnexpectedKind;
  detail: string;
  data?: unknown;
  at: number;
}

export interface MessageVersion {
  text: string;
  blocks: Json[];
  by: string;
  at: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  /** As stored by Slack: every block has a block_id (generated when the app gave none). */
  blocks: Json[];
  threadTs?: string;
  /** Ephemeral messages: the only user who sees them. */
  ephemeralTo?: string;
  /** How it arrived: chat.postMessage, chat.postEphemeral, response_url, ack (slash command), files. */
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url' | 'ack' | 'files';
  metadata?: Json;
  fileIds?: string[];
  /** Changed by chat.update or a response_url with replace_original. */
  updated: boolean;
  deleted: boolean;
  versions: MessageVersion[];
}

export interface ViewRecord {
  /** views.open / views.push / views.update / views.publish, or ack:update / ack:push (view_submission acks). */
  method: string;
  id: string;
  type: 'modal' | 'home';
  userId: string | undefined;
  /** The view as Slack returns it (id, hash, state, root_view_id… and the app's fields). */
  view: Json;
  at: number;
}

export interface FakeView {
  id: string;
  type: 'modal' | 'home';
  userId: string | undefined;
  view: Json;
  hash: string;
  closed: boolean;
  /** Errors shown beside input blocks by the last `response_action: 'errors'` ack. */
  errors: Record<string, string>;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  /** channel_id given to files.completeUploadExternal (undefined: kept private). */
  channel: string | undefined;
  threadTs: string | undefined;
  initialComment: string | undefined;
  altText: string | undefined;
  /** `length` declared to files.getUploadURLExternal. */
  declaredLength: number;
  data: Buffer;
  completed: boolean;
}

export interface ResponseUrlPost {
  responseUrl: string;
  body: Json;
  status: number;
  /** What the post did: a new message, the original replaced or deleted, or nothing (refused). */
  effect: 'message' | 'replaced' | 'deleted' | 'refused';
  message?: PostedMessage;
  at: number;
}

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface EnvelopeHandle {
  envelopeId: string;
  type: EnvelopeType;
  payload: Json;
  triggerId?: string;
  responseUrl?: string;
  eventId?: string;
  /** view_submission / view_closed: the view submitted. */
  viewId?: string;
  /** How many times it has been sent. */
  deliveries: number;
}

export interface DeliveredFrame {
  envelopeId: string;
  type: EnvelopeType;
  /** Exactly what went on the wire. */
  frame: Json;
  connectionId: number;
  /** 0 for the first delivery, then 1, 2… */
  delivery: number;
  sentAt: number;
  ack?: Ack;
}

export interface Ack {
  envelopeId: string;
  /** The ack's payload (`{}` for a bare ack(); `{response_action: 'errors', errors}` …). */
  payload: Json;
  /** Which delivery it answers (0 first, 1 after a redeliver…). */
  delivery: number;
  latencyMs: number;
  late: boolean;
  /** What Slack would have refused in this ack (bad response_action, invalid blocks…). */
  problems: string[];
  at: number;
}

export interface SocketConnection {
  id: number;
  ticket: string;
  openedAt: number;
  closedAt?: number;
  closeCode?: number;
  /** Frames the client sent (acks), parsed. */
  received: Json[];
  sent: Json[];
}

export interface SlashCommandInput {
  user: UserRef;
  text?: string;
  command?: string;
  /** Where it was typed (default: the user's DM with the app). */
  channel?: string;
  channelName?: string;
}

/** A simple value for an element's state: a text, an option value, several values, or a raw state entry. */
export type StateValue = string | number | string[] | null | Json;
/** `{ block_id: value }`, or `{ block_id: { action_id: value } }` when a block holds several elements. */
export type StateValues = Record<string, StateValue | Record<string, StateValue>>;

export interface BlockActionInput {
  user: UserRef;
  actionId: string;
  blockId?: string;
  /** A message posted to the fake (or its channel and ts): the element is looked up in its blocks. */
  message?: PostedMessage | { channel: string; ts: string };
  /** A view (id, record or FakeView): the click happens in a modal or the home tab. */
  view?: string | { id: string };
  /** Without message or view: the channel of a generic click. */
  channel?: string;
  /** For a button without value in its definition, or a plain_text_input dispatch. */
  value?: string;
  /** Option value (or object) for selects, radio buttons, overflow menus. */
  selectedOption?: string | { value: string; text?: string };
  selectedOptions?: Array<string | { value: string; text?: string }>;
  selectedDate?: string;
  selectedTime?: string;
  selectedUser?: string;
  selectedConversation?: string;
  selectedChannel?: string;
  /** Other inputs of the same message/view, simple values. */
  values?: StateValues;
  /** Raw `state.values` entries merged over the computed ones. */
  state?: Json;
}

export interface ViewSubmissionInput {
  user: UserRef;
  view: string | { id: string };
  values?: StateValues;
  /** Raw `state.values` entries merged over the computed ones. */
  state?: Json;
}

export interface EventInput extends Json {
  type: string;
}

export interface SignedPostOptions {
  signingSecret: string;
  /** Seconds since the epoch (default now); older than 5 minutes is refused by Bolt. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  /** Default application/x-www-form-urlencoded. */
  contentType?: string;
  /** Replace the computed signature (to test refusals). */
  signature?: string;
}

export interface SignedPostResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

// ───────────────────────────── constants ─────────────────────────────

const DEFAULT_ACK_DEADLINE_MS = 3_000;
const DEFAULT_TRIGGER_LIFETIME_MS = 3_000;
const DEFAULT_PING_INTERVAL_MS = 5_000;
const DEFAULT_DISCONNECT_GRACE_MS = 10_000;
/** A response_url works five times within 30 minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
const MAX_MODAL_STACK = 3;
const MAX_MESSAGE_TEXT = 40_000;

/** Arguments the WebClient sends as JSON strings inside a form body. */
const JSON_ARGUMENTS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'user_auth_blocks', 'unfurls']);

/** Methods Slack has retired: an app calling them is broken in production. */
const DEPRECATED_METHODS = new Set(['files.upload', 'channels.info', 'channels.list', 'im.open', 'groups.info', 'dialog.open']);

const BLOCK_TYPES = new Set(['section', 'divider', 'image', 'actions', 'context', 'input', 'header', 'rich_text', 'video', 'file', 'markdown', 'table', 'context_actions', 'call']);
const INPUT_ELEMENTS = new Set([
  'plain_text_input', 'static_select', 'multi_static_select', 'external_select', 'multi_external_select', 'users_select', 'multi_users_select',
  'conversations_select', 'multi_conversations_select', 'channels_select', 'multi_channels_select', 'datepicker', 'timepicker', 'datetimepicker',
  'checkboxes', 'radio_buttons', 'number_input', 'email_text_input', 'url_text_input', 'rich_text_input', 'file_input',
]);
const ELEMENT_TYPES = new Set([...INPUT_ELEMENTS, 'button', 'overflow', 'workflow_button', 'image', 'icon_button', 'feedback_buttons']);

// ───────────────────────────── small helpers ─────────────────────────────

function randomId(prefix: string, length = 10): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function userIdOf(user: UserRef): string {
  return typeof user === 'string' ? user : user.id;
}

/** The id of the app's DM with a user (deterministic, so tests can predict it). */
export function dmChannelId(user: UserRef): string {
  return `D${userIdOf(user).replace(/^[UW]/, '')}`;
}

/** All the visible text of a message or view: its text and the text objects of its blocks. */
export function blockText(blocks: unknown, text = ''): string {
  const parts: string[] = text ? [text] : [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!isObject(node)) return;
    if ((node.type === 'plain_text' || node.type === 'mrkdwn') && typeof node.text === 'string') parts.push(node.text);
    for (const [key, child] of Object.entries(node)) if (key !== 'text' || typeof child !== 'string') walk(child);
  };
  walk(blocks);
  return parts.join('\n');
}

/** The offset of a zone from UTC, in seconds, at a moment (Slack's tz_offset). */
function zoneOffsetSeconds(tz: string, at = new Date()): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}

function zoneLabel(tz: string, at = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(at).find((candidate) => candidate.type === 'timeZoneName');
  return part?.value ?? tz;
}

// ───────────────────────────── Block Kit validation ─────────────────────────────

type Surface = 'message' | 'modal' | 'home';

/** Collects problems as Slack words them: `[ERROR] <what> [json-pointer:/blocks/0/text]`. */
class Problems {
  readonly list: string[] = [];

  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }

  maxLength(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
  }

  /** A text object: {type: plain_text|mrkdwn, text: 1..max characters}. */
  text(pointer: string, value: unknown, max: number, options: { plainOnly?: boolean; required?: boolean } = {}): void {
    if (value === undefined || value === null) {
      if (options.required !== false) this.add(pointer, 'must provide an object');
      return;
    }
    if (!isObject(value)) {
      this.add(pointer, 'must be a text object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') this.add(`${pointer}/type`, 'must be plain_text or mrkdwn');
    else if (options.plainOnly && value.type !== 'plain_text') this.add(`${pointer}/type`, 'must be plain_text');
    if (typeof value.text !== 'string') this.add(`${pointer}/text`, 'must provide a string');
    else if (value.text.length === 0) this.add(`${pointer}/text`, 'must be more than 0 characters');
    else this.maxLength(`${pointer}/text`, value.text, max);
  }
}

function checkOptions(p: Problems, pointer: string, options: unknown, max: number, plainOnly: boolean): Json[] {
  if (!Array.isArray(options)) {
    p.add(pointer, 'must provide an array');
    return [];
  }
  if (options.length > max) p.add(pointer, `must provide no more than ${max} items`);
  options.forEach((option: unknown, index) => {
    const at = `${pointer}/${index}`;
    if (!isObject(option)) {
      p.add(at, 'must provide an object');
      return;
    }
    p.text(`${at}/text`, option.text, 75, { plainOnly });
    if (typeof option.value !== 'string') p.add(`${at}/value`, 'must provide a string');
    else p.maxLength(`${at}/value`, option.value, 150);
    if (option.description !== undefined) p.text(`${at}/description`, option.description, 75, { plainOnly });
  });
  return options.filter(isObject);
}

function elementOptions(element: Json): Json[] {
  if (Array.isArray(element.options)) return element.options.filter(isObject);
  if (Array.isArray(element.option_groups)) return element.option_groups.filter(isObject).flatMap((group) => (Array.isArray(group.options) ? group.options.filter(isObject) : []));
  return [];
}

function checkElement(p: Problems, pointer: string, element: unknown, actionIds: Set<string>): void {
  if (!isObject(element)) {
    p.add(pointer, 'must provide an object');
    return;
  }
  const type = element.type;
  if (typeof type !== 'string' || !ELEMENT_TYPES.has(type)) {
    p.add(`${pointer}/type`, `unknown element type ${JSON.stringify(type)}`);
    return;
  }
  if (element.action_id !== undefined) {
    if (typeof element.action_id !== 'string' || element.action_id.length === 0) p.add(`${pointer}/action_id`, 'must be a non-empty string');
    else {
      p.maxLength(`${pointer}/action_id`, element.action_id, 255);
      if (actionIds.has(element.action_id)) p.add(`${pointer}/action_id`, `duplicate action_id ${JSON.stringify(element.action_id)} in the block`);
      actionIds.add(element.action_id);
    }
  }
  if (element.placeholder !== undefined) p.text(`${pointer}/placeholder`, element.placeholder, 150, { plainOnly: true });
  switch (type) {
    case 'button':
      p.text(`${pointer}/text`, element.text, 75, { plainOnly: true });
      p.maxLength(`${pointer}/value`, element.value, 2000);
      p.maxLength(`${pointer}/url`, element.url, 3000);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') p.add(`${pointer}/style`, 'must be primary or danger');
      break;
    case 'static_select':
    case 'multi_static_select': {
      if (element.options !== undefined && element.option_groups !== undefined) p.add(pointer, 'must provide options or option_groups, not both');
      if (element.option_groups !== undefined) {
        if (!Array.isArray(element.option_groups)) p.add(`${pointer}/option_groups`, 'must provide an array');
        else {
          if (element.option_groups.length > 100) p.add(`${pointer}/option_groups`, 'must provide no more than 100 items');
          element.option_groups.forEach((group: unknown, index) => {
            if (!isObject(group)) return;
            p.text(`${pointer}/option_groups/${index}/label`, group.label, 75, { plainOnly: true });
            checkOptions(p, `${pointer}/option_groups/${index}/options`, group.options, 100, true);
          });
        }
      } else checkOptions(p, `${pointer}/options`, element.options, 100, true);
      checkInitialOptions(p, pointer, element);
      break;
    }
    case 'overflow':
      checkOptions(p, `${pointer}/options`, element.options, 5, true);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(p, `${pointer}/options`, element.options, 10, false);
      checkInitialOptions(p, pointer, element);
      break;
    case 'plain_text_input': {
      const max = element.max_length;
      const min = element.min_length;
      if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 3000)) p.add(`${pointer}/max_length`, 'must be between 1 and 3000');
      if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 3000)) p.add(`${pointer}/min_length`, 'must be between 0 and 3000');
      if (typeof max === 'number' && typeof min === 'number' && min > max) p.add(`${pointer}/min_length`, 'must be less than or equal to max_length');
      if (typeof element.initial_value === 'string' && typeof max === 'number' && element.initial_value.length > max) p.add(`${pointer}/initial_value`, 'must be no longer than max_length');
      break;
    }
    case 'datepicker':
      if (element.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(element.initial_date))) p.add(`${pointer}/initial_date`, 'must be YYYY-MM-DD');
      break;
    case 'timepicker':
      if (element.initial_time !== undefined && !/^\d{2}:\d{2}$/.test(String(element.initial_time))) p.add(`${pointer}/initial_time`, 'must be HH:mm');
      break;
    case 'image':
      if (typeof element.alt_text !== 'string' || element.alt_text.length === 0) p.add(`${pointer}/alt_text`, 'must provide a string');
      break;
    default:
      break;
  }
}

/** Slack refuses an initial option that is not one of the options. */
function checkInitialOptions(p: Problems, pointer: string, element: Json): void {
  const values = new Set(elementOptions(element).map((option) => option.value));
  const initial = [element.initial_option, ...(Array.isArray(element.initial_options) ? element.initial_options : [])].filter(isObject);
  for (const option of initial) {
    if (!values.has(option.value)) p.add(`${pointer}/initial_option`, `initial option ${JSON.stringify(option.value)} must be one of the options`);
  }
}

function checkBlocks(p: Problems, pointer: string, blocks: unknown, surface: Surface): void {
  if (!Array.isArray(blocks)) {
    p.add(pointer, 'must provide an array');
    return;
  }
  const max = surface === 'message' ? 50 : 100;
  if (blocks.length > max) p.add(pointer, `must provide no more than ${max} items`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, index) => {
    const at = `${pointer}/${index}`;
    if (!isObject(block)) {
      p.add(at, 'must provide an object');
      return;
    }
    if (typeof block.type !== 'string' || !BLOCK_TYPES.has(block.type)) {
      p.add(`${at}/type`, `unknown block type ${JSON.stringify(block.type)}`);
      return;
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length === 0) p.add(`${at}/block_id`, 'must be a non-empty string');
      else {
        p.maxLength(`${at}/block_id`, block.block_id, 255);
        if (blockIds.has(block.block_id)) p.add(`${at}/block_id`, `duplicate block_id ${JSON.stringify(block.block_id)}`);
        blockIds.add(block.block_id);
      }
    }
    const actionIds = new Set<string>();
    switch (block.type) {
      case 'section':
        if (block.text === undefined && block.fields === undefined && block.expand === undefined) p.add(at, 'must provide text or fields');
        if (block.text !== undefined) p.text(`${at}/text`, block.text, 3000);
        if (block.fields !== undefined) {
          if (!Array.isArray(block.fields)) p.add(`${at}/fields`, 'must provide an array');
          else {
            if (block.fields.length > 10) p.add(`${at}/fields`, 'must provide no more than 10 items');
            block.fields.forEach((field: unknown, fieldIndex) => p.text(`${at}/fields/${fieldIndex}`, field, 2000));
          }
        }
        if (block.accessory !== undefined) checkElement(p, `${at}/accessory`, block.accessory, actionIds);
        break;
      case 'header':
        p.text(`${at}/text`, block.text, 150, { plainOnly: true });
        break;
      case 'context':
        if (!Array.isArray(block.elements) || block.elements.length === 0) p.add(`${at}/elements`, 'must provide a non-empty array');
        else {
          if (block.elements.length > 10) p.add(`${at}/elements`, 'must provide no more than 10 items');
          block.elements.forEach((element: unknown, elementIndex) => {
            if (isObject(element) && element.type === 'image') checkElement(p, `${at}/elements/${elementIndex}`, element, actionIds);
            else p.text(`${at}/elements/${elementIndex}`, element, 3000);
          });
        }
        break;
      case 'actions':
        if (!Array.isArray(block.elements) || block.elements.length === 0) p.add(`${at}/elements`, 'must provide a non-empty array');
        else {
          if (block.elements.length > 25) p.add(`${at}/elements`, 'must provide no more than 25 items');
          block.elements.forEach((element: unknown, elementIndex) => checkElement(p, `${at}/elements/${elementIndex}`, element, actionIds));
        }
        break;
      case 'input':
        p.text(`${at}/label`, block.label, 2000, { plainOnly: true });
        if (block.hint !== undefined) p.text(`${at}/hint`, block.hint, 2000, { plainOnly: true });
        if (!isObject(block.element)) p.add(`${at}/element`, 'must provide an object');
        else if (typeof block.element.type !== 'string' || !INPUT_ELEMENTS.has(block.element.type)) p.add(`${at}/element/type`, `${JSON.stringify(block.element.type)} is not an input element`);
        else checkElement(p, `${at}/element`, block.element, actionIds);
        break;
      case 'image':
        if (typeof block.alt_text !== 'string' || block.alt_text.length === 0) p.add(`${at}/alt_text`, 'must provide a string');
        else p.maxLength(`${at}/alt_text`, block.alt_text, 2000);
        if (block.title !== undefined) p.text(`${at}/title`, block.title, 2000, { plainOnly: true });
        break;
      case 'markdown':
        if (typeof block.text !== 'string') p.add(`${at}/text`, 'must provide a string');
        else p.maxLength(`${at}/text`, block.text, 12_000);
        break;
      default:
        break;
    }
  });
}

function messageProblems(args: Json): string[] {
  const p = new Problems();
  if (args.blocks !== undefined) checkBlocks(p, '/blocks', args.blocks, 'message');
  return p.list;
}

function viewProblems(view: unknown, expected: 'modal' | 'home'): string[] {
  const p = new Problems();
  if (!isObject(view)) {
    p.add('/view', 'must provide an object');
    return p.list;
  }
  if (view.type !== expected) p.add('/view/type', `must be ${expected}`);
  if (expected === 'modal') {
    p.text('/view/title', view.title, 24, { plainOnly: true });
    if (view.submit !== undefined) p.text('/view/submit', view.submit, 24, { plainOnly: true });
    if (view.close !== undefined) p.text('/view/close', view.close, 24, { plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((block: unknown) => isObject(block) && block.type === 'input');
    if (hasInput && view.submit === undefined) p.add('/view/submit', 'must provide submit when the view has input blocks');
  }
  checkBlocks(p, '/view/blocks', view.blocks, expected);
  p.maxLength('/view/private_metadata', view.private_metadata, 3000);
  p.maxLength('/view/callback_id', view.callback_id, 255);
  p.maxLength('/view/external_id', view.external_id, 255);
  return p.list;
}

/** Slack stores blocks with a block_id (and action_id) on each; it makes them up when the app gave none. */
function withIds(blocks: unknown): Json[] {
  if (!Array.isArray(blocks)) return [];
  return blocks.filter(isObject).map((block) => {
    const copy: Json = { ...block, block_id: typeof block.block_id === 'string' ? block.block_id : randomId('', 5) };
    const fill = (element: unknown): unknown => (isObject(element) && ELEMENT_TYPES.has(String(element.type)) && element.type !== 'image' && element.action_id === undefined ? { ...element, action_id: randomId('', 5) } : element);
    if (Array.isArray(copy.elements) && copy.type === 'actions') copy.elements = copy.elements.map(fill);
    if (copy.accessory !== undefined) copy.accessory = fill(copy.accessory);
    if (copy.element !== undefined) copy.element = fill(copy.element);
    return copy;
  });
}

/** Interactive elements of a list of blocks, with the block that holds each. */
function elementsOf(blocks: Json[]): Array<{ block: Json; element: Json }> {
  const found: Array<{ block: Json; element: Json }> = [];
  for (const block of blocks) {
    const candidates = [...(block.type === 'actions' && Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
    for (const element of candidates) if (isObject(element) && typeof element.action_id === 'string') found.push({ block, element });
  }
  return found;
}

function findOption(element: Json, wanted: string | { value: string; text?: string }): Json {
  const value = typeof wanted === 'string' ? wanted : wanted.value;
  const option = elementOptions(element).find((candidate) => candidate.value === value);
  if (option) return option;
  if (element.type === 'external_select' || element.type === 'multi_external_select') {
    return { text: { type: 'plain_text', text: typeof wanted === 'string' ? wanted : (wanted.text ?? wanted.value), emoji: true }, value };
  }
  throw new Error(`fake Slack: ${String(element.type)} ${String(element.action_id)} has no option ${JSON.stringify(value)} (options: ${elementOptions(element).map((candidate) => JSON.stringify(candidate.value)).join(', ')})`);
}

/** The state entry of an element: from a given value, else its initial value, else empty. */
function stateEntry(element: Json, given: StateValue | undefined): Json {
  const type = String(element.type);
  if (isObject(given) && typeof given.type === 'string') return given;
  const list = (value: StateValue | undefined): string[] => (Array.isArray(value) ? value.map(String) : value === undefined || value === null ? [] : [String(value)]);
  switch (type) {
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      if (given === undefined) return { type, selected_option: isObject(element.initial_option) ? element.initial_option : null };
      return { type, selected_option: given === null ? null : findOption(element, String(given)) };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      if (given === undefined) return { type, selected_options: Array.isArray(element.initial_options) ? element.initial_options : [] };
      return { type, selected_options: list(given).map((value) => findOption(element, value)) };
    case 'datepicker':
      return { type, selected_date: given === undefined ? (element.initial_date ?? null) : given };
    case 'timepicker':
      return { type, selected_time: given === undefined ? (element.initial_time ?? null) : given, ...(element.timezone ? { timezone: element.timezone } : {}) };
    case 'datetimepicker':
      return { type, selected_date_time: given === undefined ? (element.initial_date_time ?? null) : Number(given) };
    case 'users_select':
      return { type, selected_user: given === undefined ? (element.initial_user ?? null) : given };
    case 'multi_users_select':
      return { type, selected_users: given === undefined ? (element.initial_users ?? []) : list(given) };
    case 'conversations_select':
      return { type, selected_conversation: given === undefined ? (element.initial_conversation ?? null) : given };
    case 'multi_conversations_select':
      return { type, selected_conversations: given === undefined ? (element.initial_conversations ?? []) : list(given) };
    case 'channels_select':
      return { type, selected_channel: given === undefined ? (element.initial_channel ?? null) : given };
    case 'multi_channels_select':
      return { type, selected_channels: given === undefined ? (element.initial_channels ?? []) : list(given) };
    case 'file_input':
      return { type, files: given === undefined ? [] : given };
    default:
      // plain_text_input, number_input, email_text_input, url_text_input, rich_text_input
      return { type, value: given === undefined ? (element.initial_value ?? null) : given === null ? null : String(given) };
  }
}

function isEmptyEntry(entry: Json): boolean {
  for (const key of ['value', 'selected_option', 'selected_date', 'selected_time', 'selected_date_time', 'selected_user', 'selected_conversation', 'selected_channel']) {
    if (key in entry) return entry[key] === null || entry[key] === '';
  }
  for (const key of ['selected_options', 'selected_users', 'selected_conversations', 'selected_channels', 'files']) {
    if (key in entry) return !Array.isArray(entry[key]) || (entry[key] as unknown[]).length === 0;
  }
  return false;
}

/** `state.values` of blocks as Slack builds it: every stateful element, with given values over initial ones. */
function buildState(blocks: Json[], values: StateValues = {}, raw: Json = {}): Json {
  const state: Record<string, Json> = {};
  const used = new Set<string>();
  for (const { block, element } of elementsOf(blocks)) {
    const type = String(element.type);
    if (!INPUT_ELEMENTS.has(type)) continue;
    const blockId = String(block.block_id);
    const actionId = String(element.action_id);
    const forBlock = values[blockId];
    let given: StateValue | undefined;
    if (isObject(forBlock) && typeof forBlock.type !== 'string') {
      given = forBlock[actionId] as StateValue | undefined;
    } else if (forBlock !== undefined) {
      const stateful = elementsOf([block]).filter((candidate) => INPUT_ELEMENTS.has(String(candidate.element.type)));
      if (stateful.length > 1) throw new Error(`fake Slack: block ${blockId} holds ${stateful.length} inputs; give { ${blockId}: { action_id: value } }`);
      given = forBlock as StateValue;
    }
    if (forBlock !== undefined) used.add(blockId);
    state[blockId] = { ...(state[blockId] ?? {}), [actionId]: stateEntry(element, given) };
  }
  for (const blockId of Object.keys(values)) {
    if (!used.has(blockId)) throw new Error(`fake Slack: no input block ${JSON.stringify(blockId)} here (blocks: ${blocks.map((block) => String(block.block_id)).join(', ')})`);
  }
  for (const [blockId, entries] of Object.entries(raw)) {
    state[blockId] = { ...(state[blockId] ?? {}), ...(isObject(entries) ? entries : {}) };
  }
  return state;
}

// ───────────────────────────── body parsing ─────────────────────────────

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** Web API arguments from a form, multipart or JSON body (and the query string), JSON strings parsed. */
async function parseArgs(contentType: string, raw: Buffer, query: URLSearchParams): Promise<{ args: Json; files: Array<{ field: string; filename: string; data: Buffer }> }> {
  const args: Json = {};
  const files: Array<{ field: string; filename: string; data: Buffer }> = [];
  for (const [key, value] of query) args[key] = value;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') args[key] = value;
      else files.push({ field: key, filename: value.name, data: Buffer.from(await value.arrayBuffer()) });
    }
  } else if (contentType.startsWith('application/json')) {
    const text = raw.toString('utf8').trim();
    if (text) {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) Object.assign(args, parsed);
    }
  } else if (raw.length > 0) {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = value;
  }
  for (const key of JSON_ARGUMENTS) {
    const value = args[key];
    if (typeof value === 'string' && value.length > 0) {
      try {
        args[key] = JSON.parse(value);
      } catch {
        // left as sent: the method answers invalid_arguments / invalid_blocks
      }
    }
  }
  return { args, files };
}

// ───────────────────────────── HTTP mode signing ─────────────────────────────

/** `x-slack-signature` and `x-slack-request-timestamp` for a body, as Slack computes them. */
export function signSlackRequest(signingSecret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

/** A body for an HTTP-mode post: a string as is; an object form-encoded (objects as JSON strings) or JSON. */
export function encodeBody(body: string | Json, contentType = 'application/x-www-form-urlencoded'): string {
  if (typeof body === 'string') return body;
  if (contentType.startsWith('application/json')) return JSON.stringify(body);
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  return form.toString();
}

/**
 * Posts to a Bolt HTTP receiver as Slack does: `v0:<ts>:<rawBody>` signed with HMAC-SHA256.
 * Slash commands are form-encoded; interactive payloads are `payload=<json>` form-encoded
 * (pass `{ payload: {...} }`); events are JSON (contentType 'application/json').
 */
export async function signedPost(url: string, body: string | Json, options: SignedPostOptions): Promise<SignedPostResult> {
  const contentType = options.contentType ?? 'application/x-www-form-urlencoded';
  const raw = encodeBody(body, contentType);
  const headers: Record<string, string> = { 'content-type': contentType, ...signSlackRequest(options.signingSecret, raw, options.timestamp) };
  if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), text, json };
}

// ───────────────────────────── the fake ─────────────────────────────

interface ChannelRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  user?: string;
  isMember: boolean;
  created: number;
}

interface TriggerRecord {
  issuedAt: number;
  userId: string;
  used: boolean;
}

interface ResponseUrlRecord {
  kind: 'commands' | 'actions';
  userId: string;
  channel: string;
  /** The message whose element was clicked (replace_original / delete_original apply to it). */
  message?: PostedMessage;
  createdAt: number;
  uses: number;
}

interface LiveView extends FakeView {
  /** Modal stack the view belongs to (root first), for views.push and response_action clear. */
  stack?: string[];
}

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  readonly verificationToken = randomBytes(12).toString('hex');
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly ackDeadlineMs: number;
  readonly triggerLifetimeMs: number;

  /** Every Web API call answered (HTTP 200, ok or not). */
  readonly calls: RecordedCall[] = [];
  /** Calls answered 429 by `rateLimitOnce` (not in `calls`: Slack did not act on them). */
  readonly rateLimited: RecordedCall[] = [];
  readonly unexpected: Unexpected[] = [];
  readonly messages: PostedMessage[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Every view set by a method or an ack, in order. */
  readonly views: ViewRecord[] = [];
  /** Uploads completed by files.completeUploadExternal. */
  readonly files: UploadedFile[] = [];
  readonly frames: DeliveredFrame[] = [];
  readonly acks: Ack[] = [];
  readonly connections: SocketConnection[] = [];
  readonly users = new Map<string, FakeSlackUser>();

  private readonly options: FakeSlackOptions;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Map<number, WebSocket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly tickets = new Map<string, { used: boolean }>();
  private readonly triggers = new Map<string, TriggerRecord>();
  private readonly responseUrls = new Map<string, ResponseUrlRecord>();
  private readonly handles = new Map<string, EnvelopeHandle>();
  private readonly liveViews = new Map<string, LiveView>();
  private readonly homeViews = new Map<string, string>();
  private readonly modalStacks = new Map<string, string[]>();
  private readonly uploads = new Map<string, UploadedFile>();
  private readonly pendingRateLimits: Array<{ method: string; retryAfter: number }> = [];
  private readonly watchers = new Set<() => void>();
  private port = 0;
  private lastTs = 0;
  private closed = false;

  constructor(options: FakeSlackOptions = {}) {
    this.options = options;
    this.botToken = options.botToken ?? `xoxb-${randomBytes(6).toString('hex')}`;
    this.appToken = options.appToken ?? `xapp-1-${randomBytes(6).toString('hex')}`;
    this.signingSecret = options.signingSecret ?? randomBytes(16).toString('hex');
    this.teamId = options.teamId ?? 'T0FAKE';
    this.teamDomain = options.teamDomain ?? 'promo';
    this.teamName = options.teamName ?? 'Promo';
    this.appId = options.appId ?? 'A0FAKE';
    this.botUserId = options.botUserId ?? 'U0BOT';
    this.botId = options.botId ?? 'B0BOT';
    this.ackDeadlineMs = options.ackDeadlineMs ?? DEFAULT_ACK_DEADLINE_MS;
    this.triggerLifetimeMs = options.triggerLifetimeMs ?? DEFAULT_TRIGGER_LIFETIME_MS;
    for (const user of options.users ?? []) this.addUser(user);
    for (const channel of options.channels ?? []) this.addChannel(channel);
    this.server = createServer((req, res) => {
      this.onHttp(req, res).catch((error: unknown) => {
        this.log(`HTTP handler failed: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** For Bolt's `clientOptions.slackApiUrl`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** At least one Socket Mode link is open. */
  get connected(): boolean {
    return this.sockets.size > 0;
  }

  get openConnections(): SocketConnection[] {
    return this.connections.filter((connection) => this.sockets.has(connection.id));
  }

  /** Web API calls Slack answered with ok: false. */
  get failures(): RecordedCall[] {
    return this.calls.filter((call) => call.response.ok === false);
  }

  get lateAcks(): Ack[] {
    return this.acks.filter((ack) => ack.late);
  }

  /** Envelopes delivered longer than the ack deadline ago and still not acknowledged. */
  get unacked(): DeliveredFrame[] {
    const now = Date.now();
    return this.frames.filter((frame) => !frame.ack && now - frame.sentAt > this.ackDeadlineMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets.values()) socket.terminate();
    this.sockets.clear();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.notify();
  }

  // ───────── workspace ─────────

  addUser(user: FakeSlackUser): FakeSlackUser {
    const stored = { ...user };
    this.users.set(user.id, stored);
    return stored;
  }

  addChannel(channel: FakeSlackChannel): void {
    this.channels.set(channel.id, { id: channel.id, name: channel.name, isPrivate: channel.is_private ?? channel.id.startsWith('G'), isIm: false, isMember: channel.is_member ?? true, created: Math.floor(Date.now() / 1000) });
  }

  /** A user who acts is a member of the workspace: unknown ids get default fields. */
  private ensureUser(ref: UserRef): FakeSlackUser {
    const id = userIdOf(ref);
    const known = this.users.get(id);
    if (known) return known;
    const fromRef = typeof ref === 'object' && 'name' in ref && typeof (ref as FakeSlackUser).name === 'string' ? (ref as FakeSlackUser) : undefined;
    return this.addUser(fromRef ?? { id, name: id.toLowerCase() });
  }

  /** The app's DM with a user, opened (as conversations.open or an incoming event would). */
  openDm(ref: UserRef): string {
    const user = this.ensureUser(ref);
    const id = dmChannelId(user.id);
    if (!this.channels.has(id)) this.channels.set(id, { id, name: 'directmessage', isPrivate: true, isIm: true, user: user.id, isMember: true, created: Math.floor(Date.now() / 1000) });
    return id;
  }

  /** A channel seen in incoming traffic exists; DMs are opened for their user. */
  private ensureChannel(id: string, userId: string, name?: string): ChannelRecord {
    const known = this.channels.get(id);
    if (known) return known;
    if (id.startsWith('D')) {
      this.channels.set(id, { id, name: 'directmessage', isPrivate: true, isIm: true, user: userId, isMember: true, created: Math.floor(Date.now() / 1000) });
    } else {
      this.addChannel({ id, name: name ?? id.toLowerCase() });
    }
    return this.channels.get(id)!;
  }

  // ───────── queries ─────────

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Visible messages of a channel (not ephemeral, not deleted), oldest first. */
  messagesIn(channel: string): PostedMessage[] {
    return this.messages.filter((message) => message.channel === channel && !message.ephemeralTo && !message.deleted);
  }

  /** Ephemeral messages shown to a user (in one channel, or anywhere). */
  ephemeralsFor(user: UserRef, channel?: string): PostedMessage[] {
    const id = userIdOf(user);
    return this.messages.filter((message) => message.ephemeralTo === id && (channel === undefined || message.channel === channel) && !message.deleted);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }

  view(id: string): FakeView | undefined {
    return this.liveViews.get(id);
  }

  /** The home tab last published for a user. */
  homeView(user: UserRef): FakeView | undefined {
    const id = this.homeViews.get(userIdOf(user));
    return id ? this.liveViews.get(id) : undefined;
  }

  /** The user's open modal stack, root first. */
  openModals(user: UserRef): FakeView[] {
    return (this.modalStacks.get(userIdOf(user)) ?? []).map((id) => this.liveViews.get(id)).filter((view): view is LiveView => view !== undefined && !view.closed);
  }

  acksFor(envelope: string | EnvelopeHandle): Ack[] {
    const id = typeof envelope === 'string' ? envelope : envelope.envelopeId;
    return this.acks.filter((ack) => ack.envelopeId === id);
  }

  responsesTo(responseUrl: string | undefined): ResponseUrlPost[] {
    return this.responses.filter((response) => response.responseUrl === responseUrl);
  }

  // ───────── scripted behaviour ─────────

  /** The next `times` calls to this method answer HTTP 429 with `Retry-After: retryAfterSeconds`. */
  rateLimitOnce(method: string, retryAfterSeconds: number, times = 1): void {
    for (let index = 0; index < times; index += 1) this.pendingRateLimits.push({ method, retryAfter: retryAfterSeconds });
  }

  /** Cuts every Socket Mode link at the TCP level, as a crashed Slack pod would (no close frame). */
  dropConnection(): void {
    for (const socket of this.sockets.values()) socket.terminate();
  }

  /**
   * Sends `{type: 'disconnect', reason}` as Slack does before recycling a link (`refresh_requested`,
   * `warning`, `link_disabled`); the client is expected to close it and open a new one. If it has not
   * closed within `disconnectGraceMs`, the fake closes it.
   */
  sendDisconnect(reason = 'refresh_requested'): void {
    for (const [id, socket] of this.sockets) {
      this.sendFrame(id, { type: 'disconnect', reason, debug_info: { host: 'applink-fake' } });
      if (reason !== 'warning') {
        this.later(this.options.disconnectGraceMs ?? DEFAULT_DISCONNECT_GRACE_MS, () => {
          if (this.sockets.get(id) === socket) socket.close(1001, 'refreshed');
        });
      }
    }
  }

  // ───────── payload builders (Socket Mode helpers and HTTP mode share them) ─────────

  private issueTrigger(userId: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e12)}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: Date.now(), userId, used: false });
    return id;
  }

  private issueResponseUrl(record: Omit<ResponseUrlRecord, 'createdAt' | 'uses'>): string {
    const id = `${randomId('', 11)}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(id, { ...record, createdAt: Date.now(), uses: 0 });
    return `${this.baseUrl}/hooks/${record.kind}/${this.teamId}/${id}`;
  }

  private userObject(user: FakeSlackUser): Json {
    return { id: user.id, username: user.name, name: user.name, team_id: this.teamId };
  }

  private teamObject(): Json {
    return { id: this.teamId, domain: this.teamDomain };
  }

  /** A slash command payload exactly as Slack sends it (all strings: it is a form). */
  slashCommandPayload(input: SlashCommandInput): { payload: Json; triggerId: string; responseUrl: string } {
    const user = this.ensureUser(input.user);
    const channelId = input.channel ?? this.openDm(user);
    const channel = this.ensureChannel(channelId, user.id, input.channelName);
    const triggerId = this.issueTrigger(user.id);
    const responseUrl = this.issueResponseUrl({ kind: 'commands', userId: user.id, channel: channel.id });
    const payload: Json = {
      token: this.verificationToken,
      team_id: this.teamId,
      team_domain: this.teamDomain,
      channel_id: channel.id,
      channel_name: input.channelName ?? channel.name,
      user_id: user.id,
      user_name: user.name,
      command: input.command ?? '/moderato',
      text: input.text ?? '',
      api_app_id: this.appId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    };
    return { payload, triggerId, responseUrl };
  }

  /** The form body of a slash command, for HTTP mode. */
  slashCommandBody(input: SlashCommandInput): string {
    return encodeBody(this.slashCommandPayload(input).payload);
  }

  private messageObject(message: PostedMessage): Json {
    return {
      type: 'message',
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      text: message.text,
      ts: message.ts,
      team: this.teamId,
      blocks: message.blocks,
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.metadata ? { metadata: message.metadata } : {}),
    };
  }

  private viewObject(view: LiveView): Json {
    return { ...view.view, state: { values: isObject(view.view.state) && isObject(view.view.state.values) ? view.view.state.values : {} } };
  }

  private resolveView(ref: string | { id: string }): LiveView {
    const id = typeof ref === 'string' ? ref : ref.id;
    const view = this.liveViews.get(id);
    if (!view) throw new Error(`fake Slack: no view ${id}`);
    return view;
  }

  /** A block_actions payload for a click on an element of a message, a view, or (generic) a channel. */
  blockActionPayload(input: BlockActionInput): { payload: Json; triggerId: string; responseUrl?: string } {
    const user = this.ensureUser(input.user);
    const triggerId = this.issueTrigger(user.id);
    let blocks: Json[] = [];
    let message: PostedMessage | undefined;
    let view: LiveView | undefined;
    if (input.message) {
      message = this.message(input.message.channel, input.message.ts);
      if (!message || message.deleted) throw new Error(`fake Slack: no message ${input.message.ts} in ${input.message.channel} to click on`);
      if (message.ephemeralTo && message.ephemeralTo !== user.id) throw new Error(`fake Slack: ${user.id} cannot see the ephemeral message ${message.ts} (shown to ${message.ephemeralTo})`);
      blocks = message.blocks;
    } else if (input.view) {
      view = this.resolveView(input.view);
      if (view.closed) throw new Error(`fake Slack: view ${view.id} is closed; nothing to click on`);
      blocks = Array.isArray(view.view.blocks) ? view.view.blocks.filter(isObject) : [];
    }
    const found = elementsOf(blocks).find(({ block, element }) => element.action_id === input.actionId && (input.blockId === undefined || block.block_id === input.blockId));
    if ((message || view) && !found) {
      const ids = elementsOf(blocks).map(({ element }) => String(element.action_id));
      throw new Error(`fake Slack: no element ${input.actionId} on screen (action_ids: ${ids.join(', ') || 'none'})`);
    }
    const element: Json = found?.element ?? { type: input.selectedOption ? 'static_select' : input.selectedOptions ? 'checkboxes' : 'button', action_id: input.actionId };
    const action: Json = {
      type: element.type,
      action_id: input.actionId,
      block_id: found ? found.block.block_id : (input.blockId ?? randomId('', 5)),
      action_ts: `${(Date.now() / 1000).toFixed(6)}`,
    };
    switch (element.type) {
      case 'button':
        action.text = element.text ?? { type: 'plain_text', text: input.actionId, emoji: true };
        if (element.value !== undefined || input.value !== undefined) action.value = element.value ?? input.value;
        if (element.style !== undefined) action.style = element.style;
        break;
      case 'static_select':
      case 'external_select':
      case 'radio_buttons':
      case 'overflow':
        if (!input.selectedOption) throw new Error(`fake Slack: a click on ${String(element.type)} ${input.actionId} needs selectedOption`);
        action.selected_option = found ? findOption(element, input.selectedOption) : { text: { type: 'plain_text', text: typeof input.selectedOption === 'string' ? input.selectedOption : (input.selectedOption.text ?? input.selectedOption.value), emoji: true }, value: typeof input.selectedOption === 'string' ? input.selectedOption : input.selectedOption.value };
        break;
      case 'multi_static_select':
      case 'multi_external_select':
      case 'checkboxes':
        action.selected_options = (input.selectedOptions ?? []).map((option) => (found ? findOption(element, option) : { text: { type: 'plain_text', text: typeof option === 'string' ? option : (option.text ?? option.value) }, value: typeof option === 'string' ? option : option.value }));
        break;
      case 'datepicker':
        action.selected_date = input.selectedDate ?? null;
        break;
      case 'timepicker':
        action.selected_time = input.selectedTime ?? null;
        break;
      case 'users_select':
        action.selected_user = input.selectedUser ?? null;
        break;
      case 'conversations_select':
        action.selected_conversation = input.selectedConversation ?? null;
        break;
      case 'channels_select':
        action.selected_channel = input.selectedChannel ?? null;
        break;
      default:
        if (input.value !== undefined) action.value = input.value;
        break;
    }
    // The element's own change is part of the state Slack sends along.
    const values: StateValues = { ...(input.values ?? {}) };
    const state = buildState(blocks, values, input.state ?? {});
    if (found && INPUT_ELEMENTS.has(String(element.type))) {
      const blockId = String(found.block.block_id);
      const entry = { ...action };
      delete entry.action_id;
      delete entry.block_id;
      delete entry.action_ts;
      delete entry.placeholder;
      state[blockId] = { ...(isObject(state[blockId]) ? state[blockId] : {}), [input.actionId]: entry };
    }
    const payload: Json = {
      type: 'block_actions',
      user: this.userObject(user),
      api_app_id: this.appId,
      token: this.verificationToken,
      trigger_id: triggerId,
      team: this.teamObject(),
      enterprise: null,
      is_enterprise_install: false,
    };
    let responseUrl: string | undefined;
    if (view) {
      view.view = { ...view.view, state: { values: state } };
      payload.container = { type: 'view', view_id: view.id };
      payload.view = this.viewObject(view);
    } else {
      const channelId = message?.channel ?? input.channel ?? this.openDm(user);
      const channel = this.ensureChannel(channelId, user.id);
      responseUrl = this.issueResponseUrl({ kind: 'actions', userId: user.id, channel: channel.id, ...(message ? { message } : {}) });
      payload.container = { type: 'message', message_ts: message?.ts ?? `${(Date.now() / 1000).toFixed(6)}`, channel_id: channel.id, is_ephemeral: Boolean(message?.ephemeralTo) };
      payload.channel = { id: channel.id, name: channel.name };
      // Slack does not send the message back for ephemeral ones.
      if (message && !message.ephemeralTo) payload.message = this.messageObject(message);
      payload.state = { values: state };
      payload.response_url = responseUrl;
    }
    payload.actions = [action];
    return { payload, triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /**
   * A view_submission payload. Every input of the view is in `state.values` (given values over
   * initial ones); an empty required input, a text outside min/max length or an option that is not
   * offered throws: Slack would not let the user submit.
   */
  viewSubmissionPayload(input: ViewSubmissionInput): { payload: Json; triggerId: string; viewId: string } {
    const user = this.ensureUser(input.user);
    const view = this.resolveView(input.view);
    if (view.closed) throw new Error(`fake Slack: view ${view.id} is closed; it cannot be submitted`);
    if (view.type !== 'modal') throw new Error(`fake Slack: view ${view.id} is a ${view.type}, not a modal`);
    if (view.view.submit === undefined) throw new Error(`fake Slack: modal ${view.id} has no submit button`);
    const blocks = Array.isArray(view.view.blocks) ? view.view.blocks.filter(isObject) : [];
    const values = buildState(blocks, input.values ?? {}, input.state ?? {});
    for (const block of blocks) {
      if (block.type !== 'input' || !isObject(block.element)) continue;
      const entry = (values[String(block.block_id)] as Json | undefined)?.[String(block.element.action_id)];
      if (!isObject(entry)) continue;
      if (block.optional !== true && isEmptyEntry(entry)) throw new Error(`fake Slack: required input ${String(block.block_id)} is empty; Slack would not submit`);
      const text = typeof entry.value === 'string' ? entry.value : undefined;
      if (text !== undefined && text.length > 0) {
        if (typeof block.element.max_length === 'number' && text.length > block.element.max_length) throw new Error(`fake Slack: ${String(block.block_id)} is longer than its max_length ${block.element.max_length}`);
        if (typeof block.element.min_length === 'number' && text.length < block.element.min_length) throw new Error(`fake Slack: ${String(block.block_id)} is shorter than its min_length ${block.element.min_length}`);
      }
    }
    view.view = { ...view.view, state: { values } };
    const triggerId = this.issueTrigger(user.id);
    const payload: Json = {
      type: 'view_submission',
      team: this.teamObject(),
      user: this.userObject(user),
      api_app_id: this.appId,
      token: this.verificationToken,
      trigger_id: triggerId,
      view: this.viewObject(view),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    return { payload, triggerId, viewId: view.id };
  }

  /** A view_closed payload (the user pressed Cancel or ×, with notify_on_close). */
  viewClosedPayload(input: { user: UserRef; view: string | { id: string } }): { payload: Json; viewId: string } {
    const user = this.ensureUser(input.user);
    const view = this.resolveView(input.view);
    const payload: Json = {
      type: 'view_closed',
      team: this.teamObject(),
      user: this.userObject(user),
      api_app_id: this.appId,
      token: this.verificationToken,
      view: this.viewObject(view),
      is_cleared: false,
      is_enterprise_install: false,
      enterprise: null,
    };
    return { payload, viewId: view.id };
  }

  /** An events_api payload (event_callback) around an event; message and app_home_opened get Slack's fields. */
  eventPayload(input: EventInput): { payload: Json; eventId: string } {
    const now = Date.now();
    const eventTs = `${(now / 1000).toFixed(6)}`;
    const event: Json = { ...input };
    if (isObject(event.user) && typeof event.user.id === 'string') event.user = event.user.id;
    const userId = typeof event.user === 'string' ? event.user : undefined;
    if (userId) this.ensureUser(userId);
    if (input.type === 'app_home_opened' && userId) {
      event.channel ??= this.openDm(userId);
      event.tab ??= 'home';
      const home = this.homeView(userId);
      if (home && event.tab === 'home' && event.view === undefined) event.view = this.viewObject(home as LiveView);
    }
    if (input.type === 'message') {
      const channel = typeof event.channel === 'string' ? event.channel : userId ? this.openDm(userId) : undefined;
      if (!channel) throw new Error('fake Slack: a message event needs a channel or a user');
      event.channel = channel;
      this.ensureChannel(channel, userId ?? '');
      event.ts ??= this.nextTs();
      event.channel_type ??= channel.startsWith('D') ? 'im' : channel.startsWith('G') ? 'group' : 'channel';
      event.text ??= '';
      if (userId) {
        event.client_msg_id ??= randomUUID();
        event.team ??= this.teamId;
      }
    }
    event.event_ts ??= typeof event.ts === 'string' ? event.ts : eventTs;
    const eventId = randomId('Ev', 10);
    const payload: Json = {
      token: this.verificationToken,
      team_id: this.teamId,
      context_team_id: this.teamId,
      context_enterprise_id: null,
      api_app_id: this.appId,
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(now / 1000),
      authorizations: [{ enterprise_id: null, team_id: this.teamId, user_id: this.botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: `4-${randomBytes(24).toString('base64url')}`,
    };
    return { payload, eventId };
  }

  // ───────── Socket Mode helpers ─────────

  /** A slash command over Socket Mode; the handle carries its trigger_id and response_url. */
  slashCommand(input: SlashCommandInput): EnvelopeHandle {
    const { payload, triggerId, responseUrl } = this.slashCommandPayload(input);
    return this.deliver({ envelopeId: randomUUID(), type: 'slash_commands', payload, triggerId, responseUrl, deliveries: 0 });
  }

  /** A click on an element of a message (`message`), a modal or home tab (`view`), or a generic one. */
  blockAction(input: BlockActionInput): EnvelopeHandle {
    const { payload, triggerId, responseUrl } = this.blockActionPayload(input);
    return this.deliver({ envelopeId: randomUUID(), type: 'interactive', payload, triggerId, ...(responseUrl ? { responseUrl } : {}), deliveries: 0 });
  }

  /** Submits an open modal; the ack may carry `response_action` (errors, update, push, clear). */
  viewSubmission(input: ViewSubmissionInput): EnvelopeHandle {
    const { payload, triggerId, viewId } = this.viewSubmissionPayload(input);
    return this.deliver({ envelopeId: randomUUID(), type: 'interactive', payload, triggerId, viewId, deliveries: 0 });
  }

  /** The user closes a modal (delivered only if the app asked for notify_on_close, as Slack does). */
  viewClosed(input: { user: UserRef; view: string | { id: string } }): EnvelopeHandle | undefined {
    const { payload, viewId } = this.viewClosedPayload(input);
    const view = this.liveViews.get(viewId)!;
    this.closeModal(view, false);
    if (view.view.notify_on_close !== true) return undefined;
    return this.deliver({ envelopeId: randomUUID(), type: 'interactive', payload, viewId, deliveries: 0 });
  }

  /** An Events API event (`{type: 'app_home_opened', user}`, `{type: 'message', user, channel, text}`…). */
  event(input: EventInput): EnvelopeHandle {
    const { payload, eventId } = this.eventPayload(input);
    return this.deliver({ envelopeId: randomUUID(), type: 'events_api', payload, eventId, deliveries: 0 });
  }

  /** A user writes in a channel or in the app's DM. */
  userMessage(input: { user: UserRef; text: string; channel?: string; threadTs?: string }): EnvelopeHandle {
    return this.event({ type: 'message', user: userIdOf(input.user), text: input.text, ...(input.channel ? { channel: input.channel } : {}), ...(input.threadTs ? { thread_ts: input.threadTs } : {}) });
  }

  /**
   * Sends an envelope again, as Slack does when an ack did not come in time. Events carry
   * `retry_attempt` (1, 2…) and `retry_reason` ('timeout', what Slack puts there in Socket Mode;
   * HTTP mode says `http_timeout` in x-slack-retry-reason). Same envelope_id and same payload (same
   * event_id): deduplicating is the app's job.
   */
  redeliver(handle: EnvelopeHandle, reason = 'timeout'): EnvelopeHandle {
    return this.deliver(handle, reason);
  }

  private deliver(handle: EnvelopeHandle, retryReason?: string): EnvelopeHandle {
    const connection = this.openConnections.at(-1);
    if (!connection) throw new Error('fake Slack: no Socket Mode connection to deliver to (await fake.waitForConnection())');
    const payloadType = typeof handle.payload.type === 'string' ? handle.payload.type : '';
    const frame: Json = {
      envelope_id: handle.envelopeId,
      payload: handle.payload,
      type: handle.type,
      accepts_response_payload: handle.type === 'slash_commands' || payloadType === 'view_submission' || payloadType === 'block_suggestion',
    };
    if (handle.type === 'events_api') {
      frame.retry_attempt = handle.deliveries;
      frame.retry_reason = handle.deliveries === 0 ? '' : (retryReason ?? 'timeout');
    }
    this.handles.set(handle.envelopeId, handle);
    this.frames.push({ envelopeId: handle.envelopeId, type: handle.type, frame, connectionId: connection.id, delivery: handle.deliveries, sentAt: Date.now() });
    handle.deliveries += 1;
    this.sendFrame(connection.id, frame);
    this.notify();
    return handle;
  }

  private sendFrame(connectionId: number, frame: Json): void {
    const socket = this.sockets.get(connectionId);
    if (!socket) return;
    this.connections.find((connection) => connection.id === connectionId)?.sent.push(frame);
    this.log(`ws#${connectionId} ⇐ ${JSON.stringify(frame).slice(0, 300)}`);
    socket.send(JSON.stringify(frame));
  }

  // ───────── HTTP mode helper ─────────

  /** `signedPost` with this fake's signing secret by default. */
  signedPost(url: string, body: string | Json, options: Partial<SignedPostOptions> = {}): Promise<SignedPostResult> {
    return signedPost(url, body, { ...options, signingSecret: options.signingSecret ?? this.signingSecret });
  }

  // ───────── waiting ─────────

  /** Resolves with the first truthy value of `check`, re-evaluated on every change (and every 25 ms). */
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 3_000, what = 'a condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let finished = false;
      const done = () => {
        finished = true;
        clearInterval(poll);
        clearTimeout(timer);
        this.watchers.delete(attempt);
      };
      const attempt = (): void => {
        if (finished) return;
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          done();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value === undefined || value === null || value === false) return;
        done();
        resolve(value);
      };
      const poll = setInterval(attempt, 25);
      const timer = setTimeout(() => {
        done();
        const failures = this.failures.slice(-5).map((call) => `${call.method}: ${JSON.stringify(call.response)}`);
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}; unexpected: ${JSON.stringify(this.unexpected.slice(-5))}; last failures: ${failures.join(' | ') || 'none'}`));
      }, timeoutMs);
      this.watchers.add(attempt);
      attempt();
    });
  }

  /** The first ack of an envelope (or of one of its deliveries). */
  waitForAck(envelope: string | EnvelopeHandle, timeoutMs = 3_000, delivery?: number): Promise<Ack> {
    const id = typeof envelope === 'string' ? envelope : envelope.envelopeId;
    return this.waitFor(() => this.acks.find((ack) => ack.envelopeId === id && (delivery === undefined || ack.delivery === delivery)), timeoutMs, `the ack of ${id}${delivery === undefined ? '' : ` (delivery ${delivery})`}`);
  }

  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 3_000): Promise<RecordedCall> {
    return this.waitFor(() => this.calls.find((call) => call.method === method && predicate(call)), timeoutMs, `a call to ${method}`);
  }

  waitForMessage(predicate: (message: PostedMessage) => boolean, timeoutMs = 3_000, what = 'a message'): Promise<PostedMessage> {
    return this.waitFor(() => this.messages.find((message) => !message.deleted && predicate(message)), timeoutMs, what);
  }

  /** The first post to a response_url (e.g. a slash command handle's `responseUrl`). */
  waitForResponse(responseUrl: string | undefined, timeoutMs = 3_000): Promise<ResponseUrlPost> {
    return this.waitFor(() => this.responses.find((response) => response.responseUrl === responseUrl), timeoutMs, `a post to ${responseUrl ?? '(no response_url)'}`);
  }

  /** The first view set for which `predicate` holds (views.open, views.publish, ack:update…). */
  waitForView(predicate: (record: ViewRecord) => boolean, timeoutMs = 3_000, what = 'a view'): Promise<ViewRecord> {
    return this.waitFor(() => this.views.find(predicate), timeoutMs, what);
  }

  /** Resolves once `count` links have been opened in total and one is open now. */
  waitForConnection(count = 1, timeoutMs = 3_000): Promise<SocketConnection> {
    return this.waitFor(() => (this.connections.length >= count ? this.openConnections.at(-1) : undefined), timeoutMs, `Socket Mode connection #${count}`);
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private log(line: string): void {
    if (this.options.debug) process.stderr.write(`[fake slack] ${line}\n`);
  }

  private flag(kind: UnexpectedKind, detail: string, data?: unknown): void {
    this.unexpected.push({ kind, detail, ...(data === undefined ? {} : { data }), at: Date.now() });
    this.log(`unexpected ${kind}: ${detail}`);
  }

  /** A unique, increasing message ts ("seconds.micro"). */
  private nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  // ───────── Socket Mode server ─────────

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const ticket = url.searchParams.get('ticket') ?? '';
    const issued = this.tickets.get(ticket);
    if (url.pathname !== '/socket' || !issued || issued.used) {
      // A ticket is single use: a client reusing an old URL must call apps.connections.open again.
      this.flag('bad_ticket', `WebSocket upgrade to ${url.pathname} with ${issued ? 'a used' : 'an unknown'} ticket`);
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      this.notify();
      return;
    }
    issued.used = true;
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws, ticket));
  }

  private onSocket(ws: WebSocket, ticket: string): void {
    const connection: SocketConnection = { id: this.connections.length + 1, ticket, openedAt: Date.now(), received: [], sent: [] };
    this.connections.push(connection);
    this.sockets.set(connection.id, ws);
    this.log(`ws#${connection.id} open`);
    this.sendFrame(connection.id, {
      type: 'hello',
      num_connections: this.sockets.size,
      debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: this.appId },
    });
    // Slack pings; the client closes a link that stays silent for 30 s.
    const ping = setInterval(() => ws.ping(), this.options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS);
    ping.unref();
    ws.on('message', (data: RawData, isBinary: boolean) => this.onFrame(connection, data, isBinary));
    ws.on('close', (code: number) => {
      clearInterval(ping);
      connection.closedAt = Date.now();
      connection.closeCode = code;
      if (this.sockets.get(connection.id) === ws) this.sockets.delete(connection.id);
      this.log(`ws#${connection.id} closed (${code})`);
      this.notify();
    });
    ws.on('error', (error: Error) => this.log(`ws#${connection.id} error ${error.message}`));
    this.notify();
  }

  private onFrame(connection: SocketConnection, data: RawData, isBinary: boolean): void {
    const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
    this.log(`ws#${connection.id} ⇒ ${text.slice(0, 300)}`);
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    if (isBinary || !isObject(frame) || typeof frame.envelope_id !== 'string') {
      this.flag('bad_frame', `unexpected frame from the client: ${text.slice(0, 200)}`);
      this.notify();
      return;
    }
    connection.received.push(frame);
    const envelopeId = frame.envelope_id;
    const delivered = this.frames.filter((candidate) => candidate.envelopeId === envelopeId);
    const pending = delivered.find((candidate) => !candidate.ack);
    if (!pending) {
      this.flag(delivered.length > 0 ? 'duplicate_ack' : 'unknown_ack', `ack for ${delivered.length > 0 ? 'an already acknowledged' : 'an unknown'} envelope ${envelopeId}`, frame);
      this.notify();
      return;
    }
    const payload = isObject(frame.payload) ? frame.payload : {};
    const latencyMs = Date.now() - pending.sentAt;
    const handle = this.handles.get(envelopeId);
    const problems = handle ? this.applyAck(handle, payload) : [];
    const ack: Ack = { envelopeId, payload, delivery: pending.delivery, latencyMs, late: latencyMs > this.ackDeadlineMs, problems, at: Date.now() };
    pending.ack = ack;
    this.acks.push(ack);
    if (problems.length > 0) this.flag('bad_ack', `ack of ${envelopeId} refused by Slack: ${problems.join('; ')}`, payload);
    this.notify();
  }

  /** What Slack does with an ack's payload; returns what it would refuse. */
  private applyAck(handle: EnvelopeHandle, payload: Json): string[] {
    if (handle.type === 'slash_commands') {
      if (payload.text === undefined && payload.blocks === undefined) return [];
      const problems = messageProblems(payload);
      if (problems.length > 0) return problems;
      const command = handle.payload;
      const userId = String(command.user_id);
      this.storeMessage({
        channel: String(command.channel_id),
        text: asString(payload.text) ?? '',
        blocks: payload.blocks,
        via: 'ack',
        ...(payload.response_type === 'in_channel' ? {} : { ephemeralTo: userId }),
      });
      return [];
    }
    if (handle.type === 'interactive' && handle.payload.type === 'view_submission' && handle.viewId) {
      const view = this.liveViews.get(handle.viewId);
      if (!view) return [];
      return this.applyViewAck(view, payload);
    }
    return [];
  }

  private applyViewAck(view: LiveView, payload: Json): string[] {
    const action = payload.response_action;
    if (action === undefined) {
      this.closeModal(view, false);
      return [];
    }
    switch (action) {
      case 'errors': {
        if (!isObject(payload.errors) || Object.keys(payload.errors).length === 0) return ['response_action errors needs a non-empty errors object'];
        const blocks = Array.isArray(view.view.blocks) ? view.view.blocks.filter(isObject) : [];
        const inputIds = new Set(blocks.filter((block) => block.type === 'input').map((block) => String(block.block_id)));
        const problems = Object.keys(payload.errors).filter((blockId) => !inputIds.has(blockId)).map((blockId) => `errors names ${JSON.stringify(blockId)}, which is not an input block of the view (inputs: ${[...inputIds].join(', ')})`);
        if (problems.length === 0) view.errors = Object.fromEntries(Object.entries(payload.errors).map(([key, value]) => [key, String(value)]));
        return problems;
      }
      case 'update': {
        const problems = viewProblems(payload.view, 'modal');
        if (problems.length > 0) return problems;
        this.setView(view, payload.view as Json, 'ack:update');
        return [];
      }
      case 'push': {
        const problems = viewProblems(payload.view, 'modal');
        if (problems.length > 0) return problems;
        const stack = view.stack ?? [];
        if (stack.length >= MAX_MODAL_STACK) return ['push_limit_reached'];
        this.createModal(payload.view as Json, view.userId ?? '', 'ack:push', stack);
        return [];
      }
      case 'clear':
        this.closeModal(view, true);
        return [];
      default:
        return [`unknown response_action ${JSON.stringify(action)}`];
    }
  }

  // ───────── views ─────────

  private storeView(source: Json, id: string, type: 'modal' | 'home', rootViewId: string | null, previousViewId: string | null, stateValues: Json = {}): { view: Json; hash: string } {
    const hash = `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
    const view: Json = {
      id,
      team_id: this.teamId,
      type,
      blocks: withIds(source.blocks),
      private_metadata: source.private_metadata ?? '',
      callback_id: source.callback_id ?? '',
      state: { values: stateValues },
      hash,
      title: source.title ?? { type: 'plain_text', text: 'App Home', emoji: true },
      clear_on_close: source.clear_on_close ?? false,
      notify_on_close: source.notify_on_close ?? false,
      close: source.close ?? null,
      submit: source.submit ?? null,
      previous_view_id: previousViewId,
      root_view_id: rootViewId ?? id,
      app_id: this.appId,
      external_id: source.external_id ?? '',
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    // Keep "no submit" distinguishable: Slack answers null, the fake keeps undefined for checks.
    if (source.submit === undefined) delete view.submit;
    return { view, hash };
  }

  private record(method: string, view: LiveView): void {
    this.views.push({ method, id: view.id, type: view.type, userId: view.userId, view: view.view, at: Date.now() });
  }

  private createModal(source: Json, userId: string, method: string, stack: string[]): LiveView {
    const id = randomId('V', 10);
    const rootId = stack[0] ?? null;
    const previousId = stack.at(-1) ?? null;
    const { view, hash } = this.storeView(source, id, 'modal', rootId, previousId);
    stack.push(id);
    const live: LiveView = { id, type: 'modal', userId, view, hash, closed: false, errors: {}, stack };
    this.liveViews.set(id, live);
    this.modalStacks.set(userId, stack);
    this.record(method, live);
    return live;
  }

  private setView(live: LiveView, source: Json, method: string): void {
    const previous = isObject(live.view) ? live.view : {};
    const { view, hash } = this.storeView(source, live.id, live.type, typeof previous.root_view_id === 'string' ? previous.root_view_id : live.id, (previous.previous_view_id as string | null | undefined) ?? null);
    live.view = view;
    live.hash = hash;
    live.errors = {};
    this.record(method, live);
  }

  /** Closes a modal (and those pushed above it), or the whole stack when `all`. */
  private closeModal(view: LiveView, all: boolean): void {
    const stack = view.stack ?? [view.id];
    const from = all ? 0 : Math.max(0, stack.indexOf(view.id));
    for (const id of stack.splice(from)) {
      const live = this.liveViews.get(id);
      if (live) live.closed = true;
    }
  }

  // ───────── HTTP server ─────────

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', this.baseUrl);
    if (url.pathname.startsWith('/api/')) return this.onApi(req, res, url, raw);
    if (url.pathname.startsWith('/upload/') && req.method === 'POST') return this.onUpload(req, res, url, raw);
    if (url.pathname.startsWith('/hooks/') && req.method === 'POST') return this.onResponseUrl(req, res, url, raw);
    this.flag('unknown_path', `${req.method ?? '?'} ${url.pathname}`);
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    this.notify();
  }

  private async onApi(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    const contentType = String(req.headers['content-type'] ?? '');
    const { args } = await parseArgs(contentType, raw, url.searchParams);
    const bearer = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    const tokenType: RecordedCall['tokenType'] = !token ? 'none' : token === this.botToken ? 'bot' : token === this.appToken ? 'app' : 'unknown';
    const send = (status: number, body: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(this.options.scopes ? { 'x-oauth-scopes': this.options.scopes.join(',') } : {}), ...headers }).end(JSON.stringify(body));
    };
    const limit = this.pendingRateLimits.findIndex((candidate) => candidate.method === method);
    if (limit >= 0) {
      const { retryAfter } = this.pendingRateLimits.splice(limit, 1)[0]!;
      const response = { ok: false, error: 'ratelimited' };
      this.rateLimited.push({ method, args, token, tokenType, contentType, status: 429, response, at: Date.now() });
      this.log(`${method} → 429 (Retry-After ${retryAfter})`);
      send(429, response, { 'retry-after': String(retryAfter) });
      this.notify();
      return;
    }
    const response = this.answer(method, args, token);
    this.calls.push({ method, args, token, tokenType, contentType, status: 200, response, at: Date.now() });
    this.log(`${method} ${JSON.stringify(args).slice(0, 200)} → ${JSON.stringify(response).slice(0, 200)}`);
    send(200, response);
    this.notify();
  }

  private authError(method: string, token: string | undefined): Json | undefined {
    if (!token) return { ok: false, error: 'not_authed' };
    const expected = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (token === expected) return undefined;
    if (token === this.botToken || token === this.appToken) return { ok: false, error: 'not_allowed_token_type' };
    return { ok: false, error: 'invalid_auth' };
  }

  private scopeError(method: string, args: Json): Json | undefined {
    const granted = this.options.scopes;
    if (!granted) return undefined;
    const channel = String(args.channel ?? '');
    const needed: Record<string, string> = {
      'chat.postMessage': 'chat:write',
      'chat.update': 'chat:write',
      'chat.postEphemeral': 'chat:write',
      'chat.delete': 'chat:write',
      'conversations.open': 'im:write',
      'conversations.info': channel.startsWith('D') ? 'im:read' : channel.startsWith('G') ? 'groups:read' : 'channels:read',
      'users.info': 'users:read',
      'files.getUploadURLExternal': 'files:write',
      'files.completeUploadExternal': 'files:write',
    };
    const scope = needed[method];
    if (!scope || granted.includes(scope)) return undefined;
    return { ok: false, error: 'missing_scope', needed: scope, provided: granted.join(',') };
  }

  private answer(method: string, args: Json, token: string | undefined): Json {
    const handler = this.methods[method];
    if (!handler) {
      const deprecated = DEPRECATED_METHODS.has(method);
      this.flag(deprecated ? 'deprecated_method' : 'unknown_method', `Web API method ${method}`, args);
      return { ok: false, error: deprecated ? 'method_deprecated' : 'unknown_method' };
    }
    return this.authError(method, token) ?? this.scopeError(method, args) ?? handler(args);
  }

  private readonly methods: Record<string, (args: Json) => Json> = {
    'auth.test': () => ({ ok: true, url: `https://${this.teamDomain}.slack.com/`, team: this.teamName, user: 'moderato', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false }),
    'apps.connections.open': () => {
      const ticket = randomUUID();
      this.tickets.set(ticket, { used: false });
      return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${ticket}&app_id=${this.appId}` };
    },
    'chat.postMessage': (args) => this.postMessage(args, false),
    'chat.postEphemeral': (args) => this.postMessage(args, true),
    'chat.update': (args) => this.updateMessage(args),
    'chat.delete': (args) => {
      const message = this.message(String(args.channel ?? ''), String(args.ts ?? ''));
      if (!message || message.deleted || message.ephemeralTo) return { ok: false, error: 'message_not_found' };
      message.deleted = true;
      return { ok: true, channel: message.channel, ts: message.ts };
    },
    'conversations.open': (args) => {
      if (typeof args.channel === 'string') {
        const known = this.channels.get(args.channel);
        return known ? { ok: true, channel: { id: known.id }, already_open: true } : { ok: false, error: 'channel_not_found' };
      }
      const users = String(args.users ?? '').split(',').map((user) => user.trim()).filter(Boolean);
      if (users.length === 0) return { ok: false, error: 'users_list_not_supplied' };
      if (users.length > 1) return { ok: false, error: 'not_supported_by_fake', detail: 'group DMs' };
      const user = this.users.get(users[0]!);
      if (!user) return { ok: false, error: 'user_not_found' };
      const alreadyOpen = this.channels.has(dmChannelId(user.id));
      const id = this.openDm(user.id);
      const channel = args.return_im === 'true' || args.return_im === true ? this.channelObject(this.channels.get(id)!) : { id };
      return { ok: true, ...(alreadyOpen ? { no_op: true, already_open: true } : {}), channel };
    },
    'conversations.info': (args) => {
      const channel = this.channels.get(String(args.channel ?? ''));
      return channel ? { ok: true, channel: this.channelObject(channel) } : { ok: false, error: 'channel_not_found' };
    },
    'users.info': (args) => {
      const user = this.users.get(String(args.user ?? ''));
      if (!user) return { ok: false, error: 'user_not_found' };
      return { ok: true, user: this.userInfo(user, args.include_locale === 'true' || args.include_locale === true) };
    },
    'views.open': (args) => this.viewsOpenOrPush(args, 'views.open'),
    'views.push': (args) => this.viewsOpenOrPush(args, 'views.push'),
    'views.update': (args) => this.viewsUpdate(args),
    'views.publish': (args) => this.viewsPublish(args),
    'files.getUploadURLExternal': (args) => {
      const length = Number(args.length);
      if (typeof args.filename !== 'string' || args.filename.length === 0 || !Number.isInteger(length) || length < 1) {
        return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] filename and length (> 0) are required'] } };
      }
      const id = randomId('F', 10);
      this.uploads.set(id, { id, filename: args.filename, title: args.filename, channel: undefined, threadTs: undefined, initialComment: undefined, altText: asString(args.alt_text), declaredLength: length, data: Buffer.alloc(0), completed: false });
      return { ok: true, upload_url: `${this.baseUrl}/upload/v1/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (args) => this.completeUploads(args),
  };

  private channelObject(channel: ChannelRecord): Json {
    if (channel.isIm) {
      return { id: channel.id, created: channel.created, is_im: true, is_org_shared: false, user: channel.user, is_user_deleted: false, priority: 0 };
    }
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: !channel.isPrivate,
      is_group: channel.isPrivate,
      is_im: false,
      is_mpim: false,
      is_private: channel.isPrivate,
      is_archived: false,
      is_general: false,
      is_member: channel.isMember,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      created: channel.created,
      creator: 'U0CREATOR',
      context_team_id: this.teamId,
    };
  }

  private userInfo(user: FakeSlackUser, includeLocale: boolean): Json {
    const tz = user.tz ?? 'Europe/Paris';
    const realName = user.real_name ?? user.name;
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      deleted: user.deleted ?? false,
      real_name: realName,
      tz,
      tz_label: zoneLabel(tz),
      tz_offset: zoneOffsetSeconds(tz),
      profile: { real_name: realName, display_name: user.name, real_name_normalized: realName, display_name_normalized: user.name, ...(user.email ? { email: user.email } : {}), team: this.teamId },
      is_admin: user.is_admin ?? false,
      is_owner: user.is_owner ?? false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: user.is_bot ?? false,
      is_app_user: false,
      updated: Math.floor(Date.now() / 1000),
      ...(includeLocale ? { locale: user.locale ?? 'fr-FR' } : {}),
    };
  }

  // ───────── messages ─────────

  private storeMessage(input: { channel: string; text: string; blocks: unknown; via: PostedMessage['via']; ephemeralTo?: string; threadTs?: string; metadata?: Json; fileIds?: string[] }): PostedMessage {
    const blocks = withIds(input.blocks);
    const message: PostedMessage = {
      channel: input.channel,
      ts: this.nextTs(),
      text: input.text,
      blocks,
      via: input.via,
      updated: false,
      deleted: false,
      versions: [{ text: input.text, blocks, by: input.via, at: Date.now() }],
      ...(input.ephemeralTo ? { ephemeralTo: input.ephemeralTo } : {}),
      ...(input.threadTs ? { threadTs: input.threadTs } : {}),
      ...(input.metadata ? { metadata: input.metadata } : {}),
      ...(input.fileIds ? { fileIds: input.fileIds } : {}),
    };
    this.messages.push(message);
    return message;
  }

  /** The channel a message may be posted to: a known channel the bot is in, or a user id (its DM). */
  private postableChannel(raw: unknown): { channel?: ChannelRecord; error?: string } {
    const id = typeof raw === 'string' ? raw.trim() : '';
    if (!id) return { error: 'channel_not_found' };
    if (/^[UW]/.test(id)) {
      if (!this.users.has(id)) return { error: 'channel_not_found' };
      return { channel: this.channels.get(this.openDm(id))! };
    }
    const channel = this.channels.get(id);
    if (!channel) return { error: 'channel_not_found' };
    if (!channel.isMember) return { error: 'not_in_channel' };
    return { channel };
  }

  private postMessage(args: Json, ephemeral: boolean): Json {
    const { channel, error } = this.postableChannel(args.channel);
    if (!channel) return { ok: false, error };
    const text = asString(args.text) ?? '';
    const hasBlocks = Array.isArray(args.blocks) ? args.blocks.length > 0 : args.blocks !== undefined;
    if (!text && !hasBlocks && args.attachments === undefined) return { ok: false, error: 'no_text' };
    if (text.length > MAX_MESSAGE_TEXT) return { ok: false, error: 'msg_too_long' };
    const problems = messageProblems(args);
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', errors: problems.map((problem) => problem.replace(/^\[ERROR\] /, '')), response_metadata: { messages: problems } };
    if (ephemeral) {
      const user = asString(args.user);
      if (!user) return { ok: false, error: 'user_not_found' };
      if (!this.users.has(user)) return { ok: false, error: 'user_not_found' };
      if (channel.isIm && channel.user !== user) return { ok: false, error: 'user_not_in_channel' };
      const message = this.storeMessage({ channel: channel.id, text, blocks: args.blocks, via: 'chat.postEphemeral', ephemeralTo: user, ...(typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {}) });
      return { ok: true, message_ts: message.ts };
    }
    const message = this.storeMessage({
      channel: channel.id,
      text,
      blocks: args.blocks,
      via: 'chat.postMessage',
      ...(typeof args.thread_ts === 'string' ? { threadTs: args.thread_ts } : {}),
      ...(isObject(args.metadata) ? { metadata: args.metadata } : {}),
    });
    return { ok: true, channel: channel.id, ts: message.ts, message: this.messageObject(message) };
  }

  private updateMessage(args: Json): Json {
    const channelId = String(args.channel ?? '');
    if (!this.channels.has(channelId)) return { ok: false, error: 'channel_not_found' };
    const message = this.message(channelId, String(args.ts ?? ''));
    // Ephemeral messages are not in the history: chat.update cannot reach them (a response_url can).
    if (!message || message.deleted || message.ephemeralTo) return { ok: false, error: 'message_not_found' };
    const problems = messageProblems(args);
    if (problems.length > 0) return { ok: false, error: 'invalid_blocks', errors: problems.map((problem) => problem.replace(/^\[ERROR\] /, '')), response_metadata: { messages: problems } };
    const text = asString(args.text);
    if (text !== undefined && text.length > MAX_MESSAGE_TEXT) return { ok: false, error: 'msg_too_long' };
    this.replaceMessage(message, text ?? message.text, args.blocks !== undefined ? args.blocks : message.blocks, 'chat.update');
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text, message: this.messageObject(message) };
  }

  private replaceMessage(message: PostedMessage, text: string, blocks: unknown, by: string): void {
    message.text = text;
    message.blocks = withIds(blocks);
    message.updated = true;
    message.versions.push({ text, blocks: message.blocks, by, at: Date.now() });
  }

  // ───────── views methods ─────────

  private viewsOpenOrPush(args: Json, method: 'views.open' | 'views.push'): Json {
    const triggerId = asString(args.trigger_id);
    if (!triggerId) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } };
    const trigger = this.triggers.get(triggerId);
    if (!trigger) return { ok: false, error: 'invalid_trigger_id' };
    if (trigger.used) return { ok: false, error: 'exchanged_trigger_id' };
    if (Date.now() - trigger.issuedAt > this.triggerLifetimeMs) return { ok: false, error: 'expired_trigger_id' };
    const problems = viewProblems(args.view, 'modal');
    if (problems.length > 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    let stack: string[] = [];
    if (method === 'views.push') {
      stack = this.modalStacks.get(trigger.userId) ?? [];
      if (stack.length === 0) return { ok: false, error: 'not_found' };
      if (stack.length >= MAX_MODAL_STACK) return { ok: false, error: 'push_limit_reached' };
    } else {
      // A new modal replaces whatever the user had open.
      for (const id of this.modalStacks.get(trigger.userId) ?? []) {
        const open = this.liveViews.get(id);
        if (open) open.closed = true;
      }
    }
    trigger.used = true;
    const live = this.createModal(args.view as Json, trigger.userId, method, stack);
    return { ok: true, view: live.view };
  }

  private viewsUpdate(args: Json): Json {
    const viewId = asString(args.view_id);
    const externalId = asString(args.external_id);
    if (!viewId && !externalId) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] view_id or external_id is required'] } };
    const live = viewId ? this.liveViews.get(viewId) : [...this.liveViews.values()].find((candidate) => candidate.view.external_id === externalId && !candidate.closed);
    if (!live || live.closed) return { ok: false, error: 'not_found' };
    const hash = asString(args.hash);
    if (hash !== undefined && hash !== live.hash) return { ok: false, error: 'hash_conflict' };
    const problems = viewProblems(args.view, live.type);
    if (problems.length > 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    this.setView(live, args.view as Json, 'views.update');
    return { ok: true, view: live.view };
  }

  private viewsPublish(args: Json): Json {
    const userId = asString(args.user_id);
    if (!userId) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] missing required field: user_id'] } };
    if (!this.users.has(userId)) return { ok: false, error: 'user_not_found' };
    const problems = viewProblems(args.view, 'home');
    if (problems.length > 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
    const existingId = this.homeViews.get(userId);
    const existing = existingId ? this.liveViews.get(existingId) : undefined;
    const hash = asString(args.hash);
    if (existing && hash !== undefined && hash !== existing.hash) return { ok: false, error: 'hash_conflict' };
    if (existing) {
      this.setView(existing, args.view as Json, 'views.publish');
      return { ok: true, view: existing.view };
    }
    const id = randomId('V', 10);
    const { view, hash: newHash } = this.storeView(args.view as Json, id, 'home', null, null);
    const live: LiveView = { id, type: 'home', userId, view, hash: newHash, closed: false, errors: {} };
    this.liveViews.set(id, live);
    this.homeViews.set(userId, id);
    this.record('views.publish', live);
    return { ok: true, view };
  }

  // ───────── files ─────────

  private async onUpload(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const id = url.pathname.split('/').at(-1) ?? '';
    const upload = this.uploads.get(id);
    if (!upload || upload.completed) {
      this.flag('upload', `POST to ${url.pathname}: ${upload ? 'already completed' : 'unknown upload'}`);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      this.notify();
      return;
    }
    const contentType = String(req.headers['content-type'] ?? '');
    // The WebClient posts the bytes as multipart (field "body"); curl-style raw bodies work too.
    const { files } = contentType.startsWith('multipart/form-data') ? await parseArgs(contentType, raw, new URLSearchParams()) : { files: [] };
    upload.data = files[0]?.data ?? raw;
    if (upload.data.length !== upload.declaredLength) {
      this.flag('upload', `upload ${id} (${upload.filename}): ${upload.data.length} bytes sent, ${upload.declaredLength} declared to files.getUploadURLExternal`);
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`OK - ${upload.data.length}`);
    this.notify();
  }

  private completeUploads(args: Json): Json {
    if (!Array.isArray(args.files) || args.files.length === 0) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: ['[ERROR] files must be a non-empty JSON array'] } };
    const channelId = asString(args.channel_id) ?? asString(args.channels);
    let channel: ChannelRecord | undefined;
    if (channelId) {
      const found = this.postableChannel(channelId);
      if (!found.channel) return { ok: false, error: found.error };
      channel = found.channel;
    }
    const done: UploadedFile[] = [];
    for (const entry of args.files) {
      const id = isObject(entry) ? asString(entry.id) : undefined;
      const upload = id ? this.uploads.get(id) : undefined;
      if (!upload || upload.completed || upload.data.length === 0) return { ok: false, error: 'file_not_found' };
      done.push(upload);
      if (isObject(entry) && typeof entry.title === 'string') upload.title = entry.title;
    }
    const comment = asString(args.initial_comment);
    const threadTs = asString(args.thread_ts);
    for (const upload of done) {
      upload.completed = true;
      upload.channel = channel?.id;
      upload.threadTs = threadTs;
      upload.initialComment = comment;
      this.files.push(upload);
    }
    if (channel) {
      this.storeMessage({ channel: channel.id, text: comment ?? '', blocks: args.blocks, via: 'files', fileIds: done.map((upload) => upload.id), ...(threadTs ? { threadTs } : {}) });
    }
    return {
      ok: true,
      files: done.map((upload) => ({ id: upload.id, name: upload.filename, title: upload.title, mimetype: '', filetype: '', size: upload.data.length, user: this.botUserId, created: Math.floor(Date.now() / 1000), is_public: Boolean(channel) })),
    };
  }

  // ───────── response URLs ─────────

  private async onResponseUrl(req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> {
    const key = url.pathname.split('/').slice(4).join('/');
    const record = this.responseUrls.get(key);
    const responseUrl = `${this.baseUrl}${url.pathname}`;
    const reply = (status: number, body: Json, post: Omit<ResponseUrlPost, 'responseUrl' | 'status' | 'at'>) => {
      this.responses.push({ responseUrl, status, at: Date.now(), ...post });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      this.notify();
    };
    const contentType = String(req.headers['content-type'] ?? '');
    let body: Json = {};
    try {
      const text = raw.toString('utf8');
      const parsed: unknown = contentType.startsWith('application/x-www-form-urlencoded') ? JSON.parse(new URLSearchParams(text).get('payload') ?? '{}') : JSON.parse(text || '{}');
      if (isObject(parsed)) body = parsed;
    } catch {
      this.flag('response_url', `body is not JSON: ${raw.toString('utf8').slice(0, 200)}`);
      reply(400, { ok: false, error: 'invalid_payload' }, { body, effect: 'refused' });
      return;
    }
    if (!record) {
      this.flag('response_url', `unknown response_url ${url.pathname}`, body);
      reply(404, { ok: false, error: 'no_such_url' }, { body, effect: 'refused' });
      return;
    }
    record.uses += 1;
    if (record.uses > RESPONSE_URL_USES || Date.now() - record.createdAt > RESPONSE_URL_LIFETIME_MS) {
      this.flag('response_url', `response_url used ${record.uses} times (Slack allows ${RESPONSE_URL_USES} within 30 minutes)`, body);
      reply(404, { ok: false, error: 'expired_url' }, { body, effect: 'refused' });
      return;
    }
    const problems = messageProblems(body);
    if (problems.length > 0) {
      reply(400, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } }, { body, effect: 'refused' });
      return;
    }
    const original = record.message;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) original.deleted = true;
      reply(200, { ok: true }, { body, effect: 'deleted' });
      return;
    }
    if ((body.replace_original === true || body.replace_original === 'true') && original && !original.deleted) {
      this.replaceMessage(original, asString(body.text) ?? '', body.blocks ?? [], 'response_url');
      reply(200, { ok: true }, { body, effect: 'replaced', message: original });
      return;
    }
    const text = asString(body.text) ?? '';
    if (!text && body.blocks === undefined) {
      reply(400, { ok: false, error: 'no_text' }, { body, effect: 'refused' });
      return;
    }
    const message = this.storeMessage({
      channel: record.channel,
      text,
      blocks: body.blocks,
      via: 'response_url',
      ...(body.response_type === 'in_channel' ? {} : { ephemeralTo: record.userId }),
      ...(typeof body.thread_ts === 'string' ? { threadTs: body.thread_ts } : {}),
    });
    reply(200, { ok: true }, { body, effect: 'message', message });
  }
}

/** Starts a fake Slack on an ephemeral 127.0.0.1 port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}
