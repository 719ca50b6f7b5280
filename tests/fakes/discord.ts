/**
 * A local fake Discord for end-to-end tests with the REAL discord.js 14 client: REST under
 * `/api/v10/...` and a gateway v10 (plain JSON frames) on the same 127.0.0.1 port.
 *
 *   const fake = await startFakeDiscord();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl, retries: 1 } });
 *   await client.login(fake.token);
 *
 * discord.js asks `GET /api/v10/gateway/bot` for the gateway URL, so nothing else is contacted.
 * Everything the client does is recorded (`requests`, `callbacks`, `messages`, `gatewayReceived`…);
 * routes the fake does not know answer 404 and land in `unexpected`. Behaviour modelled on Discord:
 * the first interaction response must come within `callbackDeadlineMs` (3 s), an interaction is
 * acknowledged once, message and modal bodies are checked against Discord's limits (400, code 50035),
 * dispatches are numbered and replayed on RESUME.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export type Json = Record<string, unknown>;

// ───────────────────────────── public types ─────────────────────────────

export interface FakeDiscordOptions {
  /** Bot token expected in `Authorization: Bot <token>` and in IDENTIFY/RESUME. */
  token?: string;
  /** The bot user (id, username…); its id is also the application id unless `applicationId` is given. */
  botUser?: Partial<FakeUser>;
  applicationId?: string;
  /** HELLO's heartbeat_interval (Discord: 41250). */
  heartbeatIntervalMs?: number;
  /** Time allowed for the first response to an interaction (Discord: 3 s); later → 404 Unknown interaction. */
  callbackDeadlineMs?: number;
  /** Lifetime of an interaction token for follow-ups and edits (Discord: 15 min); later → 401 Invalid Webhook Token. */
  interactionTokenLifetimeMs?: number;
  /** The clock interaction tokens age with (default Date.now): a test moves it past 15 minutes. */
  now?: () => number;
  /**
   * Discord's global limit: requests with the bot token beyond this many in any second (sliding
   * window) answer 429 `global: true` (default 50). Interaction callbacks and webhook-token routes
   * are exempt, as on Discord. `false`: no limit.
   */
  globalRateLimit?: number | false;
  /** Guilds announced in READY (as unavailable) and then sent as GUILD_CREATE. */
  guilds?: GuildInput[];
  /** Print every request and gateway frame on stderr. */
  debug?: boolean;
}

export interface FakeUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface ChannelInput {
  id?: string;
  name: string;
  /** 0 text (default), 2 voice, 4 category, 5 announcement, 15 forum. */
  type?: number;
  parentId?: string | null;
  topic?: string | null;
  /** Channel overwrites, as Discord stores them: `type` 0 a role (the guild id is @everyone), 1 a member (the bot's id for the bot). */
  permissionOverwrites?: Array<{ id: string; type: 0 | 1; allow?: string; deny?: string }>;
}

export interface RoleInput {
  id?: string;
  name: string;
  permissions?: string;
  color?: number;
}

export interface MemberInput {
  user: FakeUser | string;
  /** Role ids, or role names of this guild. */
  roles?: string[];
  nick?: string | null;
}

export interface GuildInput {
  id?: string;
  name?: string;
  ownerId?: string;
  preferredLocale?: string;
  channels?: ChannelInput[];
  roles?: RoleInput[];
  members?: MemberInput[];
}

export interface FakeGuild {
  id: string;
  name: string;
  /** The @everyone role (its id is the guild's). */
  everyoneRoleId: string;
  /** Raw API objects, as sent in GUILD_CREATE. */
  channels: Json[];
  roles: Json[];
  members: Json[];
  /** Id of the channel (or role) with that name; throws if there is none. */
  channelId(name: string): string;
  roleId(name: string): string;
}

export interface RecordedFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Path after `/api/v10`, segments URL-decoded (`/webhooks/1/tok/messages/@original`); the whole path when it has no such prefix. */
  path: string;
  /** The same, as sent (`%40original`). */
  rawPath: string;
  /** Route template that answered (`POST /channels/:channel/messages`), null when unknown. */
  route: string | null;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** `Authorization: Bot <token>` with the right token. */
  authorized: boolean;
  /** JSON body, or multipart `payload_json` parsed; undefined when there is none. */
  body: unknown;
  files: RecordedFile[];
  status: number;
  /** Body answered (undefined for 204). */
  response: unknown;
  at: number;
}

export interface RecordedCallback {
  interactionId: string;
  token: string;
  /** 4 reply, 5 deferReply, 6 deferUpdate, 7 update, 8 autocomplete, 9 modal, 10 premium, 12 activity. */
  type: number;
  body: Json;
  data: Json | undefined;
  files: RecordedFile[];
  at: number;
  /** Time from dispatch of INTERACTION_CREATE to this callback. */
  latencyMs: number;
}

export type MessageSource = 'channel' | 'interaction' | 'followup';

export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  source: MessageSource;
  /** Interaction whose response (or follow-up) this is. */
  interactionId: string | null;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  ephemeral: boolean;
  deleted: boolean;
  /** Number of edits; `history` holds the API object before each edit. */
  edits: number;
  history: Json[];
  files: RecordedFile[];
  /** Full API message object as last answered. */
  data: Json;
}

export interface GatewayFrame {
  op: number;
  t?: string | null;
  s?: number | null;
  d: unknown;
  at: number;
}

export interface GatewayConnection {
  /** Request URL, e.g. `/gateway?v=10&encoding=json`. */
  url: string;
  openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  identified: boolean;
  resumed: boolean;
}

export interface InteractionHandle {
  id: string;
  token: string;
  applicationId: string;
  /** Sequence number of the INTERACTION_CREATE dispatch. */
  seq: number;
  payload: Json;
}

export interface InteractionContext {
  /** Who acts (default: `fake.defaultUser`). */
  user?: FakeUser;
  /** null: a DM with the user. Default: the first guild added, else a guild the client has never seen. */
  guildId?: string | null;
  /** Default: the component's message channel, else the guild's first text channel. */
  channelId?: string;
  /** Role ids (or role names of that guild) of the member. */
  memberRoles?: string[];
  /** The member's permissions in the channel (bitfield string). */
  memberPermissions?: string;
  /** The bot's permissions in the channel (bitfield string). */
  appPermissions?: string;
  locale?: string;
  guildLocale?: string;
}

export interface SlashCommandInput extends InteractionContext {
  name: string;
  /** `{ name: value }` (string → 3, integer → 4, other number → 10, boolean → 5) or raw API options. */
  options?: Record<string, string | number | boolean> | Json[];
  subcommand?: string;
  resolved?: Json;
  commandId?: string;
}

export interface AutocompleteInput extends InteractionContext {
  name: string;
  subcommand?: string;
  /** The option being typed in, and what is typed so far. */
  focused: { name: string; value: string };
  /** Other options already filled. */
  options?: Record<string, string>;
}

export interface ComponentInput extends InteractionContext {
  customId: string;
  /** 2 button (default), 3 string select, 5 user, 6 role, 7 mentionable, 8 channel select. */
  componentType?: number;
  values?: string[];
  /** The message carrying the component: an id of `fake.messages`, or a raw API object. Default: the
   *  latest message whose components have this custom id. */
  message?: string | Json;
}

export interface ModalSubmitInput extends InteractionContext {
  customId: string;
  fields: Record<string, string>;
  /** How Discord wraps the text inputs: action rows (legacy, default) or label components (type 18). */
  layout?: 'actionRow' | 'label';
  message?: string | Json;
}

export interface RateLimitOptions {
  global?: boolean;
  scope?: 'user' | 'shared' | 'global';
}

export interface DropOptions {
  /** Close code sent by the server (default 4000: discord.js resumes). 1000 makes it identify anew. */
  code?: number;
  reason?: string;
  /** Kill the TCP connection without a close frame (the client sees 1006 and resumes). */
  abrupt?: boolean;
}

export interface FakeDiscord {
  readonly port: number;
  /** For `new Client({ rest: { api } })`: `http://127.0.0.1:PORT/api`. */
  readonly apiUrl: string;
  readonly gatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  /** A learner, used when an interaction helper gets no `user`. */
  readonly defaultUser: FakeUser;

  readonly requests: RecordedRequest[];
  /** Requests to routes the fake does not know (answered 404). */
  readonly unexpected: RecordedRequest[];
  /** Accepted interaction callbacks, in order. */
  readonly callbacks: RecordedCallback[];
  /** Messages created through any route (channel, interaction response, follow-up), in creation order. */
  readonly messages: FakeMessage[];
  /** Modals shown (callbacks of type 9): their `data`. */
  readonly modals: Json[];
  /** Commands registered by bulk overwrite: key `global` or the guild id. */
  readonly commands: Map<string, Json[]>;
  readonly threadMembers: Map<string, Set<string>>;
  readonly gatewayReceived: GatewayFrame[];
  readonly gatewaySent: GatewayFrame[];
  readonly connections: GatewayConnection[];
  /** Answers with status ≥ 400 other than 429 (validation errors, unknown routes, late callbacks…). */
  readonly failures: RecordedRequest[];
  readonly sessionId: string | null;
  readonly connected: boolean;
  /** Message creations answered with an earlier message of the same enforced nonce. */
  readonly nonceRepeats: number;
  /** Requests answered 429 because the bot went over the global limit (not those of `rateLimitOnce`). */
  readonly globalRateLimited: number;

  /** Sends `{op: 0, t, d, s}` to the client (or keeps it for the RESUME replay when disconnected). Returns s. */
  dispatch(t: string, d: unknown): number;
  dropConnection(options?: DropOptions): void;
  /** Gateway op 7: the client closes and resumes. */
  requestReconnect(): void;
  /** Gateway op 9. Not resumable: the session is forgotten and the client identifies anew. */
  invalidateSession(resumable?: boolean): void;

  addGuild(input?: GuildInput): FakeGuild;
  addChannel(guildId: string, input: ChannelInput): Json;
  createUser(input?: Partial<FakeUser>): FakeUser;
  guild(id: string): FakeGuild | undefined;
  channel(id: string): Json | undefined;

  slashCommand(input: SlashCommandInput): InteractionHandle;
  /** A user typing in a command option with autocomplete (interaction type 4): answered by a callback of type 8. */
  autocomplete(input: AutocompleteInput): InteractionHandle;
  componentInteraction(input: ComponentInput): InteractionHandle;
  modalSubmit(input: ModalSubmitInput): InteractionHandle;

  /** Makes the interaction's token expire now (as after 15 min): follow-ups and edits answer 401 (50027). */
  expireInteraction(interactionId: string): void;

  /** The next request whose method and path (after /api/v10) match answers 429 once. */
  rateLimitOnce(method: string, pathPattern: RegExp, retryAfterSeconds: number, options?: RateLimitOptions): void;

  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number, what?: string): Promise<T>;
  waitForCallback(interactionId: string, timeoutMs?: number): Promise<RecordedCallback>;
  waitForRequest(method: string, pathPattern: RegExp, timeoutMs?: number): Promise<RecordedRequest>;
  callbacksFor(interactionId: string): RecordedCallback[];
  messagesIn(channelId: string): FakeMessage[];
  /** Message by id (or the interaction's `@original`). */
  message(id: string): FakeMessage | undefined;
  originalResponse(interactionId: string): FakeMessage | undefined;

  close(): Promise<void>;
}

// ───────────────────────────── constants ─────────────────────────────

const API_PREFIX = '/api/v10';
const GATEWAY_PATH = '/gateway';
const DISCORD_EPOCH = 1_420_070_400_000n;

const Op = { Dispatch: 0, Heartbeat: 1, Identify: 2, PresenceUpdate: 3, VoiceStateUpdate: 4, Resume: 6, Reconnect: 7, RequestGuildMembers: 8, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;
const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;
const Callback = { Reply: 4, DeferReply: 5, DeferUpdate: 6, Update: 7, Autocomplete: 8, Modal: 9, Premium: 10, LaunchActivity: 12 } as const;
const MessageFlag = { SuppressEmbeds: 1 << 2, Ephemeral: 1 << 6, Loading: 1 << 7, ComponentsV2: 1 << 15 } as const;
const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, DirectMessages: 1 << 12 } as const;
const ChannelType = { GuildText: 0, DM: 1, GuildAnnouncement: 5, AnnouncementThread: 10, PublicThread: 11, PrivateThread: 12 } as const;

function bits(...positions: number[]): string {
  return positions.reduce((sum, position) => sum | (1n << BigInt(position)), 0n).toString();
}
// AddReactions 6, ViewChannel 10, SendMessages 11, EmbedLinks 14, AttachFiles 15, ReadMessageHistory 16,
// UseExternalEmojis 18, UseApplicationCommands 31, ManageThreads 34, CreatePublic/PrivateThreads 35/36, SendMessagesInThreads 38.
const BOT_PERMISSIONS = bits(6, 10, 11, 14, 15, 16, 18, 31, 34, 35, 36, 38);
const MEMBER_PERMISSIONS = bits(6, 10, 11, 14, 15, 16, 18, 31, 38);
const EVERYONE_PERMISSIONS = MEMBER_PERMISSIONS;

const RATE_LIMIT = 5;

// ───────────────────────────── small helpers ─────────────────────────────

let lastSnowflakeTime = 0n;
let snowflakeIncrement = 0n;
/** A real-looking snowflake (discord.js reads its timestamp), unique in this process. */
/** Discord checks an enforced nonce « in the past few minutes ». */
const NONCE_WINDOW_MS = 5 * 60_000;

export function snowflake(at = Date.now()): string {
  let time = BigInt(at) - DISCORD_EPOCH;
  if (time <= lastSnowflakeTime) {
    time = lastSnowflakeTime;
    snowflakeIncrement += 1n;
    if (snowflakeIncrement > 0xfffn) {
      time += 1n;
      snowflakeIncrement = 0n;
    }
  } else {
    snowflakeIncrement = 0n;
  }
  lastSnowflakeTime = time;
  return ((time << 22n) | (1n << 17n) | snowflakeIncrement).toString();
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function asObject(value: unknown): Json {
  return isObject(value) ? value : {};
}
function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
function nowIso(): string {
  return new Date().toISOString();
}
function clone<T>(value: T): T {
  return structuredClone(value);
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function json(status: number, body: unknown): Reply {
  return { status, body };
}
function noContent(): Reply {
  return { status: 204 };
}
function apiError(status: number, code: number, message: string, errors?: Json): Reply {
  return json(status, errors ? { message, code, errors } : { message, code });
}
const notFound = (): Reply => apiError(404, 0, '404: Not Found');
const unknownChannel = (): Reply => apiError(404, 10003, 'Unknown Channel');
const unknownMessage = (): Reply => apiError(404, 10008, 'Unknown Message');
const unknownWebhook = (): Reply => apiError(404, 10015, 'Unknown Webhook');
const unknownInteraction = (): Reply => apiError(404, 10062, 'Unknown interaction');

/** Discord's « Invalid Form Body » error tree: `{ content: { _errors: [{ code, message }] } }`. */
class FormErrors {
  readonly tree: Json = {};
  count = 0;
  constructor(private readonly prefix: Array<string | number> = []) {}
  add(path: Array<string | number>, code: string, message: string): void {
    let node = this.tree;
    for (const key of [...this.prefix, ...path]) {
      const name = String(key);
      if (!isObject(node[name])) node[name] = {};
      node = node[name] as Json;
    }
    const list = (node._errors as Json[] | undefined) ?? [];
    list.push({ code, message });
    node._errors = list;
    this.count += 1;
  }
  maxLength(path: Array<string | number>, value: unknown, max: number): void {
    if (typeof value === 'string' && [...value].length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }
  required(path: Array<string | number>, value: unknown): boolean {
    if (value === undefined || value === null || value === '') {
      this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return false;
    }
    return true;
  }
  reply(): Reply | undefined {
    return this.count > 0 ? apiError(400, 50035, 'Invalid Form Body', this.tree) : undefined;
  }
}

function embedLength(embed: Json): number {
  const length = (value: unknown): number => (typeof value === 'string' ? [...value].length : 0);
  const fields = asArray(embed.fields).map(asObject);
  return (
    length(embed.title) +
    length(embed.description) +
    length(asObject(embed.footer).text) +
    length(asObject(embed.author).name) +
    fields.reduce((sum, field) => sum + length(field.name) + length(field.value), 0)
  );
}

const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

/** Checks a message body against Discord's limits (the ones a bot meets). */
function validateMessage(body: Json, { create, files, prefix = [] }: { create: boolean; files: number; prefix?: string[] }): Reply | undefined {
  const errors = new FormErrors(prefix);
  const flags = asNumber(body.flags) ?? 0;
  const v2 = (flags & MessageFlag.ComponentsV2) !== 0;
  errors.maxLength(['content'], body.content, 2000);
  if (body.nonce !== undefined && typeof body.nonce !== 'number') errors.maxLength(['nonce'], body.nonce, 25);
  const embeds = asArray(body.embeds).map(asObject);
  if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  embeds.forEach((embed, index) => {
    errors.maxLength(['embeds', index, 'title'], embed.title, 256);
    errors.maxLength(['embeds', index, 'description'], embed.description, 4096);
    errors.maxLength(['embeds', index, 'footer', 'text'], asObject(embed.footer).text, 2048);
    errors.maxLength(['embeds', index, 'author', 'name'], asObject(embed.author).name, 256);
    const fields = asArray(embed.fields).map(asObject);
    if (fields.length > 25) errors.add(['embeds', index, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((field, fieldIndex) => {
      if (errors.required(['embeds', index, 'fields', fieldIndex, 'name'], field.name)) errors.maxLength(['embeds', index, 'fields', fieldIndex, 'name'], field.name, 256);
      if (errors.required(['embeds', index, 'fields', fieldIndex, 'value'], field.value)) errors.maxLength(['embeds', index, 'fields', fieldIndex, 'value'], field.value, 1024);
    });
  });
  if (embeds.reduce((sum, embed) => sum + embedLength(embed), 0) > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');

  const components = asArray(body.components).map(asObject);
  const customIds = new Map<string, Array<string | number>>();
  const checkCustomId = (path: Array<string | number>, component: Json): void => {
    const customId = component.custom_id;
    if (customId === undefined) return;
    if (typeof customId !== 'string' || customId.length === 0) errors.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else {
      errors.maxLength([...path, 'custom_id'], customId, 100);
      if (customIds.has(customId)) errors.add([...path, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      customIds.set(customId, path);
    }
  };
  const checkLeaf = (path: Array<string | number>, component: Json): void => {
    const type = asNumber(component.type);
    checkCustomId(path, component);
    if (type === 2) {
      errors.maxLength([...path, 'label'], component.label, 80);
      const style = asNumber(component.style);
      if (style === 5) errors.required([...path, 'url'], component.url);
      else if (style !== 6) errors.required([...path, 'custom_id'], component.custom_id);
    } else if (type !== undefined && SELECT_TYPES.has(type)) {
      errors.required([...path, 'custom_id'], component.custom_id);
      errors.maxLength([...path, 'placeholder'], component.placeholder, 150);
      if (type === 3) {
        const options = asArray(component.options).map(asObject);
        if (options.length === 0) errors.add([...path, 'options'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
        if (options.length > 25) errors.add([...path, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
        const values = new Set<string>();
        options.forEach((option, optionIndex) => {
          if (errors.required([...path, 'options', optionIndex, 'label'], option.label)) errors.maxLength([...path, 'options', optionIndex, 'label'], option.label, 100);
          if (errors.required([...path, 'options', optionIndex, 'value'], option.value)) errors.maxLength([...path, 'options', optionIndex, 'value'], option.value, 100);
          errors.maxLength([...path, 'options', optionIndex, 'description'], option.description, 100);
          const value = asString(option.value);
          if (value !== undefined) {
            if (values.has(value)) errors.add([...path, 'options', optionIndex, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Select component option values must be unique');
            values.add(value);
          }
        });
        const max = asNumber(component.max_values);
        if (max !== undefined && max > Math.max(options.length, 1)) errors.add([...path, 'max_values'], 'BASE_TYPE_MAX', `Must be less than or equal to ${options.length}.`);
      }
    }
  };
  const walkV2 = (path: Array<string | number>, component: Json): void => {
    checkLeaf(path, component);
    asArray(component.components).map(asObject).forEach((child, index) => walkV2([...path, 'components', index], child));
    if (isObject(component.accessory)) walkV2([...path, 'accessory'], component.accessory);
  };
  if (v2) {
    if (body.content !== undefined && body.content !== null && body.content !== '') errors.add(['content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    if (embeds.length > 0) errors.add(['embeds'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'embeds\' field cannot be used when using MessageFlags.IS_COMPONENTS_V2');
    components.forEach((component, index) => walkV2(['components', index], component));
  } else {
    if (components.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    components.forEach((row, index) => {
      if (row.type !== 1) {
        errors.add(['components', index, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
        return;
      }
      const children = asArray(row.components).map(asObject);
      if (children.length === 0) errors.add(['components', index, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
      if (children.length > 5) errors.add(['components', index, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
      const selects = children.filter((child) => SELECT_TYPES.has(asNumber(child.type) ?? -1));
      if (selects.length > 0 && children.length > 1) errors.add(['components', index, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
      children.forEach((child, childIndex) => checkLeaf(['components', index, 'components', childIndex], child));
    });
  }
  const invalid = errors.reply();
  if (invalid) return invalid;
  if (create) {
    const hasContent = typeof body.content === 'string' && body.content.length > 0;
    const hasAttachments = files > 0 || asArray(body.attachments).length > 0;
    const empty = !hasContent && embeds.length === 0 && components.length === 0 && !hasAttachments && asArray(body.sticker_ids).length === 0 && body.poll === undefined;
    if (empty) return apiError(400, 50006, 'Cannot send an empty message');
  }
  return undefined;
}

/** An autocomplete answer (callback 8): 25 choices at most, each named in 1 to 100 characters, its value within 100. */
function validateAutocomplete(data: Json): Reply | undefined {
  const errors = new FormErrors();
  if (!Array.isArray(data.choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors.reply();
  }
  const choices = asArray(data.choices).map(asObject);
  if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  choices.forEach((choice, index) => {
    const path = ['data', 'choices', index];
    if (errors.required([...path, 'name'], choice.name)) errors.maxLength([...path, 'name'], choice.name, 100);
    if (errors.required([...path, 'value'], choice.value) && typeof choice.value === 'string') errors.maxLength([...path, 'value'], choice.value, 100);
  });
  return errors.reply();
}

function validateModal(data: Json): Reply | undefined {
  const errors = new FormErrors();
  if (errors.required(['data', 'title'], data.title)) errors.maxLength(['data', 'title'], data.title, 45);
  if (errors.required(['data', 'custom_id'], data.custom_id)) errors.maxLength(['data', 'custom_id'], data.custom_id, 100);
  const components = asArray(data.components).map(asObject);
  if (components.length === 0) errors.add(['data', 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
  if (components.length > 5) errors.add(['data', 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const checkInput = (path: Array<string | number>, input: Json, label: unknown): void => {
    if (errors.required([...path, 'custom_id'], input.custom_id)) errors.maxLength([...path, 'custom_id'], input.custom_id, 100);
    if (label !== undefined) errors.maxLength([...path, 'label'], label, 45);
    errors.maxLength([...path, 'placeholder'], input.placeholder, 100);
    errors.maxLength([...path, 'value'], input.value, 4000);
    const min = asNumber(input.min_length);
    const max = asNumber(input.max_length);
    if (min !== undefined && (min < 0 || min > 4000)) errors.add([...path, 'min_length'], 'NUMBER_TYPE_MAX', 'Int value should be between 0 and 4000.');
    if (max !== undefined && (max < 1 || max > 4000)) errors.add([...path, 'max_length'], 'NUMBER_TYPE_MAX', 'Int value should be between 1 and 4000.');
  };
  components.forEach((component, index) => {
    const path = ['data', 'components', index];
    if (component.type === 1) {
      const children = asArray(component.components).map(asObject);
      if (children.length !== 1) errors.add([...path, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
      children.forEach((child, childIndex) => {
        if (child.type === 4) {
          errors.required([...path, 'components', childIndex, 'label'], child.label);
          checkInput([...path, 'components', childIndex], child, child.label);
        }
      });
    } else if (component.type === 18) {
      if (errors.required([...path, 'label'], component.label)) errors.maxLength([...path, 'label'], component.label, 45);
      const inner = asObject(component.component);
      if (inner.type === 4) checkInput([...path, 'component'], inner, undefined);
      else errors.required([...path, 'component', 'custom_id'], inner.custom_id);
    } else if (component.type !== 10) {
      errors.add([...path, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 10, 18).');
    }
  });
  return errors.reply();
}

/** Every custom_id in a component tree. */
function customIdsOf(components: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      if (typeof node.custom_id === 'string') found.push(node.custom_id);
      walk(node.components);
      walk(node.component);
      walk(node.accessory);
    }
  };
  walk(components);
  return found;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(contentType: string | undefined, raw: Buffer): Promise<{ body: unknown; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    try {
      return { body: JSON.parse(raw.toString('utf8')) as unknown, files: [] };
    } catch {
      return { body: raw.toString('utf8'), files: [] };
    }
  }
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') body = JSON.parse(value) as unknown;
      } else {
        const blob = value as Blob & { name?: string };
        files.push({ field, filename: blob.name ?? field, contentType: blob.type, data: Buffer.from(await blob.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: raw.toString('utf8'), files: [] };
}

// ───────────────────────────── the fake ─────────────────────────────

interface RouteContext {
  params: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
  query: URLSearchParams;
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  auth: boolean;
  handle: (context: RouteContext) => Reply;
}

interface RateLimitRule {
  method: string;
  pattern: RegExp;
  retryAfter: number;
  options: RateLimitOptions;
}

interface Watcher {
  check: () => boolean;
}

interface Session {
  id: string;
  seq: number;
  history: Array<{ op: 0; t: string; s: number; d: unknown }>;
  intents: number;
}

interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  payload: Json;
  dispatchedAt: number;
  channelId: string;
  guildId: string | null;
  user: FakeUser;
  callback: RecordedCallback | null;
  expired: boolean;
  /** When it was created on the fake's token clock (`now`). */
  createdAt: number;
  /** The message `@original` designates: the response, or the component's message after 6/7. */
  originalMessageId: string | null;
  sourceMessageId: string | null;
}

interface ConnectionState extends GatewayConnection {
  socket: WebSocket;
}

class FakeDiscordServer implements FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  readonly callbacks: RecordedCallback[] = [];
  readonly modals: Json[] = [];
  readonly commands = new Map<string, Json[]>();
  readonly threadMembers = new Map<string, Set<string>>();
  readonly gatewayReceived: GatewayFrame[] = [];
  readonly gatewaySent: GatewayFrame[] = [];
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  readonly defaultUser: FakeUser;

  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly heartbeatInterval: number;
  private readonly callbackDeadlineMs: number;
  private readonly tokenLifetimeMs: number;
  private readonly debugLog: boolean;
  private readonly routes: Route[];
  private readonly rateLimits: RateLimitRule[] = [];
  private readonly watchers = new Set<Watcher>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly rejecters = new Set<(error: Error) => void>();
  private readonly users = new Map<string, FakeUser>();
  private readonly guilds = new Map<string, FakeGuild & { ownerId: string; preferredLocale: string }>();
  private readonly channels = new Map<string, Json>();
  private readonly dmChannels = new Map<string, string>();
  private readonly messageStore = new Map<string, FakeMessage>();
  /** Messages not created again because their enforced nonce was seen (a resend after a crash). */
  nonceRepeats = 0;
  globalRateLimited = 0;
  private readonly now: () => number;
  private readonly globalLimit: number | false;
  /** When the bot-token requests of the last second arrived (performance.now()). */
  private readonly botTokenArrivals: number[] = [];
  /** The same messages by channel, in creation order (a message never changes channel). */
  private readonly messagesByChannel = new Map<string, FakeMessage[]>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly connectionStates: ConnectionState[] = [];
  private readonly virtualGuildId = snowflake();
  private readonly virtualChannelId = snowflake();
  private session: Session | null = null;
  private socket: WebSocket | null = null;
  private portNumber = 0;
  private closed = false;

  constructor(options: FakeDiscordOptions) {
    this.token = options.token ?? 'MTAwMDAwMDAwMDAwMDAwMDAw.fake.moderato-test-token';
    const botId = options.botUser?.id ?? snowflake();
    this.botUser = { id: botId, username: 'moderato', global_name: 'Moderato', discriminator: '0', avatar: null, ...options.botUser, bot: true };
    this.applicationId = options.applicationId ?? this.botUser.id;
    this.users.set(this.botUser.id, this.botUser);
    this.defaultUser = this.createUser({ username: 'apprenant.e', global_name: 'Apprenant·e' });
    this.heartbeatInterval = options.heartbeatIntervalMs ?? 41_250;
    this.callbackDeadlineMs = options.callbackDeadlineMs ?? 3_000;
    this.tokenLifetimeMs = options.interactionTokenLifetimeMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
    this.globalLimit = options.globalRateLimit ?? 50;
    this.debugLog = options.debug ?? false;
    this.routes = this.buildRoutes();
    this.channels.set(this.virtualChannelId, {
      id: this.virtualChannelId,
      type: ChannelType.GuildText,
      guild_id: this.virtualGuildId,
      name: 'entrainement',
      position: 0,
      flags: 0,
      nsfw: false,
      parent_id: null,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      permission_overwrites: [],
    });
    for (const guild of options.guilds ?? []) this.addGuild(guild);
    this.server = createServer((req, res) => {
      void this.onHttp(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `fake Discord error: ${String(error)}`, code: 0 }));
        }
      });
    });
    // Idle connections stay open 5 s (Node's default). undici, under discord.js, takes 2 s off the
    // server's `Keep-Alive: timeout=` hint: with 1 s it dropped every connection after one request,
    // so each REST call (interaction callbacks included) paid for a new TCP connection.
    this.server.keepAliveTimeout = 5_000;
    this.wss = new WebSocketServer({ server: this.server, path: GATEWAY_PATH });
    this.wss.on('connection', (socket, req) => this.onConnection(socket, req));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    return this.portNumber;
  }
  get apiUrl(): string {
    return `http://127.0.0.1:${this.portNumber}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.portNumber}${GATEWAY_PATH}`;
  }
  get messages(): FakeMessage[] {
    return [...this.messageStore.values()];
  }
  get connections(): GatewayConnection[] {
    return this.connectionStates.map(({ socket: _socket, ...rest }) => rest);
  }
  get failures(): RecordedRequest[] {
    return this.requests.filter((request) => request.status >= 400 && request.status !== 429);
  }
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }
  get connected(): boolean {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  private debug(line: string): void {
    if (this.debugLog) process.stderr.write(`[fake discord] ${line}\n`);
  }

  private notify(): void {
    for (const watcher of [...this.watchers]) watcher.check();
  }

  // ───────── users, guilds, channels ─────────

  createUser(input: Partial<FakeUser> = {}): FakeUser {
    const id = input.id ?? snowflake();
    const user: FakeUser = { id, username: `user${id.slice(-4)}`, global_name: null, discriminator: '0', avatar: null, ...input };
    this.users.set(id, user);
    return user;
  }

  private userById(id: string): FakeUser {
    return this.users.get(id) ?? this.createUser({ id });
  }

  guild(id: string): FakeGuild | undefined {
    return this.guilds.get(id);
  }

  channel(id: string): Json | undefined {
    return this.channels.get(id);
  }

  addGuild(input: GuildInput = {}): FakeGuild {
    const id = input.id ?? snowflake();
    const ownerId = input.ownerId ?? this.defaultUser.id;
    const everyone: Json = { id, name: '@everyone', permissions: EVERYONE_PERMISSIONS, position: 0, color: 0, hoist: false, managed: false, mentionable: false, icon: null, unicode_emoji: null, flags: 0 };
    const roles: Json[] = [everyone];
    (input.roles ?? []).forEach((role, index) => {
      roles.push({ id: role.id ?? snowflake(), name: role.name, permissions: role.permissions ?? '0', position: index + 1, color: role.color ?? 0, hoist: false, managed: false, mentionable: false, icon: null, unicode_emoji: null, flags: 0 });
    });
    const roleId = (nameOrId: string): string => {
      const role = roles.find((candidate) => candidate.id === nameOrId || candidate.name === nameOrId);
      if (!role) throw new Error(`fake Discord: no role « ${nameOrId} » in guild ${id}`);
      return role.id as string;
    };
    const guild: FakeGuild & { ownerId: string; preferredLocale: string } = {
      id,
      name: input.name ?? 'Communauté de test',
      everyoneRoleId: id,
      channels: [],
      roles,
      members: [],
      ownerId,
      preferredLocale: input.preferredLocale ?? 'fr',
      channelId: (name: string) => {
        const channel = guild.channels.find((candidate) => candidate.name === name || candidate.id === name);
        if (!channel) throw new Error(`fake Discord: no channel « ${name} » in guild ${id}`);
        return channel.id as string;
      },
      roleId,
    };
    this.guilds.set(id, guild);
    const channels = input.channels ?? [{ name: 'entrainement' }];
    for (const channel of channels) this.addChannel(id, channel, false);
    guild.members.push(this.memberObject(this.botUser, []));
    for (const member of input.members ?? []) {
      const user = typeof member.user === 'string' ? this.userById(member.user) : member.user;
      this.users.set(user.id, user);
      guild.members.push(this.memberObject(user, (member.roles ?? []).map(roleId), member.nick ?? null));
    }
    if (this.session) this.pushDispatch('GUILD_CREATE', this.guildCreatePayload(guild));
    return guild;
  }

  addChannel(guildId: string, input: ChannelInput, announce = true): Json {
    const guild = this.guilds.get(guildId);
    if (!guild) throw new Error(`fake Discord: unknown guild ${guildId}`);
    const channel: Json = {
      id: input.id ?? snowflake(),
      type: input.type ?? ChannelType.GuildText,
      guild_id: guildId,
      name: input.name,
      position: guild.channels.length,
      flags: 0,
      nsfw: false,
      parent_id: input.parentId ?? null,
      topic: input.topic ?? null,
      last_message_id: null,
      rate_limit_per_user: 0,
      permission_overwrites: (input.permissionOverwrites ?? []).map((overwrite) => ({ id: overwrite.id, type: overwrite.type, allow: overwrite.allow ?? '0', deny: overwrite.deny ?? '0' })),
    };
    guild.channels.push(channel);
    this.channels.set(channel.id as string, channel);
    if (announce && this.session) this.pushDispatch('CHANNEL_CREATE', clone(channel));
    return channel;
  }

  private memberObject(user: FakeUser, roles: string[], nick: string | null = null): Json {
    return {
      user,
      roles,
      nick,
      avatar: null,
      banner: null,
      joined_at: nowIso(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
      unusual_dm_activity_until: null,
    };
  }

  private guildCreatePayload(guild: FakeGuild & { ownerId: string; preferredLocale: string }): Json {
    const threads = [...this.channels.values()].filter((channel) => channel.guild_id === guild.id && this.isThread(channel));
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      features: [],
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: guild.preferredLocale,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      afk_channel_id: null,
      afk_timeout: 300,
      application_id: null,
      vanity_url_code: null,
      max_members: 500000,
      max_video_channel_users: 25,
      joined_at: nowIso(),
      large: false,
      unavailable: false,
      member_count: guild.members.length,
      roles: clone(guild.roles),
      channels: clone(guild.channels).map((channel) => {
        delete channel.guild_id;
        return channel;
      }),
      threads: clone(threads),
      members: clone(guild.members),
      emojis: [],
      stickers: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private isThread(channel: Json): boolean {
    const type = asNumber(channel.type);
    return type === ChannelType.PublicThread || type === ChannelType.PrivateThread || type === ChannelType.AnnouncementThread;
  }

  private dmChannelFor(user: FakeUser): Json {
    const existing = this.dmChannels.get(user.id);
    if (existing) {
      const channel = this.channels.get(existing);
      if (channel) return channel;
    }
    const channel: Json = { id: snowflake(), type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [user] };
    this.channels.set(channel.id as string, channel);
    this.dmChannels.set(user.id, channel.id as string);
    return channel;
  }

  // ───────── messages ─────────

  private attachmentsFor(files: RecordedFile[], body: Json): Json[] {
    const declared = asArray(body.attachments).map(asObject);
    return files.map((file, index) => {
      const meta = declared.find((attachment) => String(attachment.id) === String(index)) ?? declared[index] ?? {};
      const id = snowflake();
      const filename = asString(meta.filename) ?? file.filename;
      const url = `http://127.0.0.1:${this.portNumber}/attachments/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, size: file.data.length, url, proxy_url: url, content_type: file.contentType, ...(typeof meta.description === 'string' ? { description: meta.description } : {}) };
    });
  }

  private createMessage(args: { channelId: string; guildId: string | null; body: Json; files: RecordedFile[]; source: MessageSource; interaction?: InteractionRecord; extraFlags?: number }): FakeMessage {
    const { channelId, guildId, body, files, source, interaction } = args;
    const id = snowflake();
    const flags = ((asNumber(body.flags) ?? 0) & (MessageFlag.Ephemeral | MessageFlag.SuppressEmbeds | MessageFlag.ComponentsV2)) | (args.extraFlags ?? 0);
    const ephemeral = source !== 'channel' && (flags & MessageFlag.Ephemeral) !== 0;
    const commandInteraction = interaction?.type === InteractionType.ApplicationCommand;
    const type = isObject(body.message_reference) ? 19 : source === 'interaction' && commandInteraction ? 20 : 0;
    const data: Json = {
      id,
      type,
      channel_id: channelId,
      ...(guildId ? { guild_id: guildId } : {}),
      author: this.botUser,
      content: asString(body.content) ?? '',
      timestamp: nowIso(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.attachmentsFor(files, body),
      embeds: clone(asArray(body.embeds)),
      components: clone(asArray(body.components)),
      pinned: false,
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      flags: source === 'channel' ? flags & ~MessageFlag.Ephemeral : flags,
      ...(isObject(body.message_reference) ? { message_reference: { ...body.message_reference, channel_id: channelId } } : {}),
    };
    if (interaction) {
      data.webhook_id = this.applicationId;
      data.application_id = this.applicationId;
      data.interaction_metadata = {
        id: interaction.id,
        type: interaction.type,
        user: interaction.user,
        authorizing_integration_owners: asObject(interaction.payload.authorizing_integration_owners),
        ...(commandInteraction ? { name: asString(asObject(interaction.payload.data).name) } : {}),
      };
    }
    const message: FakeMessage = {
      id,
      channelId,
      guildId,
      source,
      interactionId: interaction?.id ?? null,
      content: data.content as string,
      embeds: data.embeds as Json[],
      components: data.components as Json[],
      flags: data.flags as number,
      ephemeral,
      deleted: false,
      edits: 0,
      history: [],
      files,
      data,
    };
    this.messageStore.set(id, message);
    const inChannel = this.messagesByChannel.get(channelId);
    if (inChannel) inChannel.push(message);
    else this.messagesByChannel.set(channelId, [message]);
    const channel = this.channels.get(channelId);
    if (channel && !ephemeral) channel.last_message_id = id;
    if (!ephemeral) this.maybeDispatchMessage('MESSAGE_CREATE', data, channel);
    return message;
  }

  private editMessage(message: FakeMessage, body: Json, files: RecordedFile[]): FakeMessage {
    message.history.push(clone(message.data));
    const data = message.data;
    if ('content' in body) data.content = asString(body.content) ?? '';
    if ('embeds' in body) data.embeds = clone(asArray(body.embeds));
    if ('components' in body) data.components = clone(asArray(body.components));
    if ('flags' in body) {
      const keep = (data.flags as number) & MessageFlag.Ephemeral;
      data.flags = ((asNumber(body.flags) ?? 0) & (MessageFlag.SuppressEmbeds | MessageFlag.ComponentsV2)) | keep;
    }
    data.flags = (data.flags as number) & ~MessageFlag.Loading;
    if ('attachments' in body || files.length > 0) {
      const kept = asArray(body.attachments).map(asObject).filter((attachment) => asArray(data.attachments).some((existing) => asObject(existing).id === attachment.id));
      data.attachments = [...kept, ...this.attachmentsFor(files, body)];
      message.files = [...message.files, ...files];
    }
    data.edited_timestamp = nowIso();
    message.content = data.content as string;
    message.embeds = data.embeds as Json[];
    message.components = data.components as Json[];
    message.flags = data.flags as number;
    message.edits += 1;
    if (!message.ephemeral) this.maybeDispatchMessage('MESSAGE_UPDATE', data, this.channels.get(message.channelId));
    return message;
  }

  private maybeDispatchMessage(t: string, data: Json, channel: Json | undefined): void {
    if (!this.session || !channel) return;
    const intent = channel.type === ChannelType.DM ? Intent.DirectMessages : Intent.GuildMessages;
    if ((this.session.intents & intent) !== 0) this.pushDispatch(t, clone(data));
  }

  message(id: string): FakeMessage | undefined {
    return this.messageStore.get(id);
  }

  originalResponse(interactionId: string): FakeMessage | undefined {
    const id = this.interactions.get(interactionId)?.originalMessageId;
    return id ? this.messageStore.get(id) : undefined;
  }

  messagesIn(channelId: string): FakeMessage[] {
    return [...(this.messagesByChannel.get(channelId) ?? [])];
  }

  callbacksFor(interactionId: string): RecordedCallback[] {
    return this.callbacks.filter((callback) => callback.interactionId === interactionId);
  }

  // ───────── HTTP ─────────

  private buildRoutes(): Route[] {
    const route = (method: string, template: string, auth: boolean, handle: (context: RouteContext) => Reply): Route => {
      const source = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-z]+)/g, '(?<$1>[^/]+)');
      return { method, template, pattern: new RegExp(`^${source}$`), auth, handle };
    };
    return [
      route('GET', '/gateway', false, () => json(200, { url: this.gatewayUrl })),
      route('GET', '/gateway/bot', true, () =>
        json(200, { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } }),
      ),
      route('GET', '/users/@me', true, () => json(200, this.botUser)),
      route('POST', '/users/@me/channels', true, (c) => this.createDm(c)),
      route('GET', '/users/:user', true, (c) => {
        const user = this.users.get(c.params.user ?? '');
        return user ? json(200, user) : apiError(404, 10013, 'Unknown User');
      }),
      route('GET', '/applications/@me', true, () => json(200, this.applicationObject())),
      route('GET', '/applications/:app/commands', true, (c) => this.getCommands(c, 'global')),
      route('PUT', '/applications/:app/commands', true, (c) => this.putCommands(c, null)),
      route('GET', '/applications/:app/guilds/:guild/commands', true, (c) => this.getCommands(c, c.params.guild ?? '')),
      route('PUT', '/applications/:app/guilds/:guild/commands', true, (c) => this.putCommands(c, c.params.guild ?? '')),
      route('POST', '/interactions/:id/:token/callback', false, (c) => this.onCallback(c)),
      route('GET', '/webhooks/:app/:token', false, (c) => this.webhookInfo(c)),
      route('PATCH', '/webhooks/:app/:token', false, (c) => this.webhookInfo(c)),
      route('DELETE', '/webhooks/:app/:token', false, (c) => (this.webhookInteraction(c) ? noContent() : unknownWebhook())),
      route('POST', '/webhooks/:app/:token', false, (c) => this.followUp(c)),
      route('GET', '/webhooks/:app/:token/messages/:message', false, (c) => this.webhookMessage(c, 'GET')),
      route('PATCH', '/webhooks/:app/:token/messages/:message', false, (c) => this.webhookMessage(c, 'PATCH')),
      route('DELETE', '/webhooks/:app/:token/messages/:message', false, (c) => this.webhookMessage(c, 'DELETE')),
      route('GET', '/channels/:channel', true, (c) => {
        const channel = this.channels.get(c.params.channel ?? '');
        return channel ? json(200, channel) : unknownChannel();
      }),
      route('PATCH', '/channels/:channel', true, (c) => this.patchChannel(c)),
      route('DELETE', '/channels/:channel', true, (c) => this.deleteChannel(c)),
      route('POST', '/channels/:channel/typing', true, (c) => (this.channels.has(c.params.channel ?? '') ? noContent() : unknownChannel())),
      route('POST', '/channels/:channel/messages', true, (c) => this.postChannelMessage(c)),
      route('GET', '/channels/:channel/messages/:message', true, (c) => {
        const message = this.messageStore.get(c.params.message ?? '');
        return message && !message.deleted && message.channelId === c.params.channel && !message.ephemeral ? json(200, message.data) : unknownMessage();
      }),
      route('PATCH', '/channels/:channel/messages/:message', true, (c) => this.patchChannelMessage(c)),
      route('DELETE', '/channels/:channel/messages/:message', true, (c) => {
        const message = this.messageStore.get(c.params.message ?? '');
        if (!message || message.deleted || message.channelId !== c.params.channel) return unknownMessage();
        message.deleted = true;
        return noContent();
      }),
      route('POST', '/channels/:channel/threads', true, (c) => this.createThread(c, null)),
      route('POST', '/channels/:channel/messages/:message/threads', true, (c) => this.createThread(c, c.params.message ?? null)),
      route('PUT', '/channels/:channel/thread-members/:user', true, (c) => this.threadMember(c, true)),
      route('DELETE', '/channels/:channel/thread-members/:user', true, (c) => this.threadMember(c, false)),
      route('GET', '/guilds/:guild', true, (c) => {
        const guild = this.guilds.get(c.params.guild ?? '');
        return guild ? json(200, { ...this.guildCreatePayload(guild), channels: undefined, members: undefined, threads: undefined }) : apiError(404, 10004, 'Unknown Guild');
      }),
      route('GET', '/guilds/:guild/channels', true, (c) => {
        const guild = this.guilds.get(c.params.guild ?? '');
        return guild ? json(200, guild.channels) : apiError(404, 10004, 'Unknown Guild');
      }),
      route('GET', '/guilds/:guild/roles', true, (c) => {
        const guild = this.guilds.get(c.params.guild ?? '');
        return guild ? json(200, guild.roles) : apiError(404, 10004, 'Unknown Guild');
      }),
      route('GET', '/guilds/:guild/members/:user', true, (c) => {
        const guild = this.guilds.get(c.params.guild ?? '');
        if (!guild) return apiError(404, 10004, 'Unknown Guild');
        const member = guild.members.find((candidate) => asObject(candidate.user).id === c.params.user);
        return member ? json(200, member) : apiError(404, 10007, 'Unknown Member');
      }),
    ];
  }

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.portNumber}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const raw = await readBody(req);
    const { body, files } = await parseBody(req.headers['content-type'], raw);
    const versioned = url.pathname.startsWith(`${API_PREFIX}/`);
    const rawPath = versioned ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const path = rawPath.split('/').map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    }).join('/');
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    let matched: { route: Route; params: Record<string, string> } | undefined;
    if (versioned) {
      for (const route of this.routes) {
        if (route.method !== method) continue;
        const match = route.pattern.exec(path);
        if (match) {
          matched = { route, params: { ...match.groups } };
          break;
        }
      }
    }
    const record: RecordedRequest = {
      method,
      path,
      rawPath,
      route: matched ? `${method} ${matched.route.template}` : null,
      query: Object.fromEntries(url.searchParams.entries()),
      headers: { ...req.headers },
      authorized,
      body,
      files,
      status: 0,
      response: undefined,
      at: Date.now(),
    };
    let reply: Reply;
    const bucket = createHash('sha1').update(record.route ?? `${method} ${path}`).digest('hex').slice(0, 32);
    if (!matched) {
      reply = notFound();
      this.unexpected.push(record);
    } else if (matched.route.auth && !authorized) {
      reply = apiError(401, 0, '401: Unauthorized');
    } else if (matched.route.auth && this.overGlobalLimit()) {
      reply = this.globalRateLimitReply(bucket);
    } else {
      const ruleIndex = this.rateLimits.findIndex((rule) => rule.method === method && rule.pattern.test(path));
      const rule = ruleIndex >= 0 ? this.rateLimits.splice(ruleIndex, 1)[0] : undefined;
      if (rule) {
        reply = this.rateLimitReply(rule, bucket);
      } else {
        try {
          reply = matched.route.handle({ params: matched.params, body, files, query: url.searchParams });
        } catch (error) {
          reply = apiError(500, 0, `fake Discord handler failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
      }
    }
    const headers: Record<string, string> = { ...this.rateLimitHeaders(bucket), ...reply.headers };
    record.status = reply.status;
    record.response = reply.body;
    this.requests.push(record);
    this.debug(`${method} ${url.pathname}${url.search} → ${reply.status}`);
    this.notify();
    if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, headers);
      res.end();
    } else {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
      res.end(text);
    }
  }

  private rateLimitHeaders(bucket: string): Record<string, string> {
    const resetAfter = 1;
    return {
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(RATE_LIMIT - 1),
      'x-ratelimit-reset': ((Date.now() + resetAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
    };
  }

  private rateLimitReply(rule: RateLimitRule, bucket: string): Reply {
    const retryAfter = rule.retryAfter;
    const global = rule.options.global ?? false;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': retryAfter.toFixed(3),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': rule.options.scope ?? (global ? 'global' : 'user'),
    };
    if (global) headers['x-ratelimit-global'] = 'true';
    return { status: 429, body: { message: 'You are being rate limited.', retry_after: retryAfter, global }, headers };
  }

  /** Whether this bot-token request is one too many for the last second; counted when it is not. */
  private overGlobalLimit(): boolean {
    if (this.globalLimit === false) return false;
    const now = performance.now();
    while (this.botTokenArrivals.length > 0 && this.botTokenArrivals[0]! <= now - 1000) this.botTokenArrivals.shift();
    if (this.botTokenArrivals.length >= this.globalLimit) return true;
    this.botTokenArrivals.push(now);
    return false;
  }

  /** Discord's answer past the global limit: 429, `global: true`, retry once the oldest request of the second is a second old. */
  private globalRateLimitReply(bucket: string): Reply {
    this.globalRateLimited += 1;
    const retryAfter = Math.max(0.001, (this.botTokenArrivals[0]! + 1000 - performance.now()) / 1000);
    const reply = this.rateLimitReply({ method: '', pattern: /$^/, retryAfter: Number(retryAfter.toFixed(3)), options: { global: true } }, bucket);
    return reply;
  }

  rateLimitOnce(method: string, pathPattern: RegExp, retryAfterSeconds: number, options: RateLimitOptions = {}): void {
    this.rateLimits.push({ method: method.toUpperCase(), pattern: pathPattern, retryAfter: retryAfterSeconds, options });
  }

  // ───────── REST handlers ─────────

  private applicationObject(): Json {
    return { id: this.applicationId, name: this.botUser.username, icon: null, description: '', bot_public: false, bot_require_code_grant: false, flags: 0, bot: this.botUser, owner: this.defaultUser, verify_key: '0'.repeat(64), team: null };
  }

  private createDm(c: RouteContext): Reply {
    const recipient = asString(asObject(c.body).recipient_id);
    if (!recipient || !/^\d{15,21}$/.test(recipient)) {
      const errors = new FormErrors();
      errors.add(['recipient_id'], 'NUMBER_TYPE_COERCE', `Value "${String(recipient)}" is not snowflake.`);
      return errors.reply() as Reply;
    }
    return json(200, this.dmChannelFor(this.userById(recipient)));
  }

  private getCommands(c: RouteContext, key: string): Reply {
    if (c.params.app !== this.applicationId) return apiError(403, 50001, 'Missing Access');
    return json(200, this.commands.get(key) ?? []);
  }

  private putCommands(c: RouteContext, guildId: string | null): Reply {
    if (c.params.app !== this.applicationId) return apiError(403, 50001, 'Missing Access');
    if (guildId !== null && !this.guilds.has(guildId)) return apiError(403, 50001, 'Missing Access');
    const list = asArray(c.body).map(asObject);
    const errors = new FormErrors();
    // Discord's rule for CHAT_INPUT command and option names, localisations included: this regex, and lowercase wherever a letter has a lowercase form.
    const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
    const checkName = (path: Array<string | number>, name: unknown): void => {
      if (typeof name !== 'string' || !NAME.test(name) || name !== name.toLowerCase()) errors.add(path, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    };
    const localized = (path: Array<string | number>, map: unknown, check: (at: Array<string | number>, value: unknown) => void): void => {
      for (const [locale, value] of Object.entries(asObject(map))) check([...path, locale], value);
    };
    const description = (path: Array<string | number>, value: unknown): void => {
      if (errors.required(path, value)) errors.maxLength(path, value, 100);
    };
    const checkOption = (path: Array<string | number>, option: Json): void => {
      checkName([...path, 'name'], option.name);
      localized([...path, 'name_localizations'], option.name_localizations, checkName);
      description([...path, 'description'], option.description);
      localized([...path, 'description_localizations'], option.description_localizations, description);
      const choices = asArray(option.choices).map(asObject);
      if (choices.length > 25) errors.add([...path, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      choices.forEach((choice, index) => {
        if (errors.required([...path, 'choices', index, 'name'], choice.name)) errors.maxLength([...path, 'choices', index, 'name'], choice.name, 100);
        localized([...path, 'choices', index, 'name_localizations'], choice.name_localizations, (at, value) => errors.maxLength(at, value, 100));
      });
      const options = asArray(option.options).map(asObject);
      if (options.length > 25) errors.add([...path, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      options.forEach((child, index) => checkOption([...path, 'options', index], child));
    };
    list.forEach((command, index) => {
      const type = asNumber(command.type) ?? 1;
      if (!errors.required([index, 'name'], command.name)) return;
      if (type === 1) {
        checkOption([index], command);
      }
      const permissions = command.default_member_permissions;
      if (permissions !== undefined && permissions !== null && !(typeof permissions === 'string' && /^\d+$/.test(permissions))) errors.add([index, 'default_member_permissions'], 'NUMBER_TYPE_COERCE', `Value "${String(permissions)}" is not int.`);
      if (command.contexts !== undefined && command.contexts !== null && !asArray(command.contexts).every((context) => context === 0 || context === 1 || context === 2)) errors.add([index, 'contexts'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1, 2}.');
      if (command.integration_types !== undefined && !asArray(command.integration_types).every((kind) => kind === 0 || kind === 1)) errors.add([index, 'integration_types'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1}.');
    });
    const invalid = errors.reply();
    if (invalid) return invalid;
    const key = guildId ?? 'global';
    const previous = this.commands.get(key) ?? [];
    const saved = list.map((command) => {
      const type = asNumber(command.type) ?? 1;
      const old = previous.find((candidate) => candidate.name === command.name && candidate.type === type);
      return {
        default_member_permissions: null,
        nsfw: false,
        integration_types: [0],
        contexts: null,
        description: '',
        options: [],
        ...clone(command),
        id: (old?.id as string | undefined) ?? snowflake(),
        application_id: this.applicationId,
        type,
        version: snowflake(),
        ...(guildId ? { guild_id: guildId } : {}),
      } satisfies Json;
    });
    this.commands.set(key, saved);
    return json(200, saved);
  }

  private postChannelMessage(c: RouteContext): Reply {
    const channelId = c.params.channel ?? '';
    const channel = this.channels.get(channelId);
    if (!channel) return unknownChannel();
    if (channel.type === ChannelType.GuildText || channel.type === ChannelType.DM || channel.type === ChannelType.GuildAnnouncement || this.isThread(channel)) {
      const body = asObject(c.body);
      const invalid = validateMessage(body, { create: true, files: c.files.length });
      if (invalid) return invalid;
      if (this.isThread(channel) && asObject(channel.thread_metadata).archived === true) return apiError(400, 50083, 'Thread is archived');
      // VIEW_CHANNEL (10), and SEND_MESSAGES (11) or, in a thread, SEND_MESSAGES_IN_THREADS (38).
      if (this.missingPermission(channel, 10) || this.missingPermission(channel, this.isThread(channel) ? 38 : 11)) return apiError(403, 50013, 'Missing Permissions');
      // enforce_nonce: a message by the same author with this nonce in the last few minutes is returned, none is created.
      if (body.enforce_nonce === true && body.nonce !== undefined) {
        const repeat = this.messagesIn(channelId).find((earlier) => !earlier.deleted && earlier.data.nonce === body.nonce && Date.now() - Date.parse(String(earlier.data.timestamp)) < NONCE_WINDOW_MS);
        if (repeat) {
          this.nonceRepeats += 1;
          return json(200, repeat.data);
        }
      }
      const message = this.createMessage({ channelId, guildId: asString(channel.guild_id) ?? null, body, files: c.files, source: 'channel' });
      if (this.isThread(channel)) {
        channel.message_count = (asNumber(channel.message_count) ?? 0) + 1;
        channel.total_message_sent = (asNumber(channel.total_message_sent) ?? 0) + 1;
      }
      return json(200, message.data);
    }
    return apiError(400, 50008, 'Cannot send messages in a non-text channel');
  }

  private patchChannelMessage(c: RouteContext): Reply {
    const message = this.messageStore.get(c.params.message ?? '');
    if (!message || message.deleted || message.channelId !== c.params.channel || message.ephemeral) return unknownMessage();
    const body = asObject(c.body);
    const invalid = validateMessage({ ...message.data, ...body }, { create: false, files: c.files.length });
    if (invalid) return invalid;
    return json(200, this.editMessage(message, body, c.files).data);
  }

  private patchChannel(c: RouteContext): Reply {
    const channel = this.channels.get(c.params.channel ?? '');
    if (!channel) return unknownChannel();
    const body = asObject(c.body);
    if (typeof body.name === 'string') channel.name = body.name;
    if ('topic' in body) channel.topic = body.topic ?? null;
    if (this.isThread(channel)) {
      const metadata = asObject(channel.thread_metadata);
      for (const key of ['archived', 'locked', 'invitable', 'auto_archive_duration'] as const) {
        if (key in body) metadata[key] = body[key];
      }
      if ('archived' in body) metadata.archive_timestamp = nowIso();
      channel.thread_metadata = metadata;
    }
    if (this.session) this.pushDispatch(this.isThread(channel) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', clone(channel));
    return json(200, channel);
  }

  private deleteChannel(c: RouteContext): Reply {
    const id = c.params.channel ?? '';
    const channel = this.channels.get(id);
    if (!channel) return unknownChannel();
    this.channels.delete(id);
    const guild = this.guilds.get(asString(channel.guild_id) ?? '');
    if (guild) guild.channels = guild.channels.filter((candidate) => candidate.id !== id);
    if (this.session && channel.type !== ChannelType.DM) {
      this.pushDispatch(this.isThread(channel) ? 'THREAD_DELETE' : 'CHANNEL_DELETE', this.isThread(channel) ? { id, guild_id: channel.guild_id, parent_id: channel.parent_id, type: channel.type } : clone(channel));
    }
    return json(200, channel);
  }

  /**
   * The bot's permissions in a channel (a thread: its parent's): its base permissions, then the
   * channel's overwrites for @everyone and for the bot itself, as Discord applies them (the bot
   * has no roles here). Non-guild channels: everything.
   */
  private botPermissionsIn(channel: Json): bigint {
    const guildId = asString(channel.guild_id);
    if (!guildId) return BigInt(BOT_PERMISSIONS);
    const source = this.isThread(channel) ? (this.channels.get(asString(channel.parent_id) ?? '') ?? channel) : channel;
    const overwrites = asArray(source.permission_overwrites).map(asObject);
    let permissions = BigInt(BOT_PERMISSIONS);
    for (const overwrite of [overwrites.find((candidate) => candidate.id === guildId), overwrites.find((candidate) => candidate.type === 1 && candidate.id === this.botUser.id)]) {
      if (!overwrite) continue;
      permissions = (permissions & ~BigInt(asString(overwrite.deny) ?? '0')) | BigInt(asString(overwrite.allow) ?? '0');
    }
    return permissions;
  }

  private missingPermission(channel: Json, bit: number): boolean {
    return (this.botPermissionsIn(channel) & (1n << BigInt(bit))) === 0n;
  }

  private createThread(c: RouteContext, startMessageId: string | null): Reply {
    const parent = this.channels.get(c.params.channel ?? '');
    if (!parent) return unknownChannel();
    if (parent.type !== ChannelType.GuildText && parent.type !== ChannelType.GuildAnnouncement) return apiError(400, 50024, 'Cannot execute action on this channel type');
    // CREATE_PRIVATE_THREADS (36) for a private thread, CREATE_PUBLIC_THREADS (35) for a public one.
    const wantsPrivate = !startMessageId && (asNumber(asObject(c.body).type) ?? ChannelType.PrivateThread) === ChannelType.PrivateThread;
    if (this.missingPermission(parent, wantsPrivate ? 36 : 35)) return apiError(403, 50013, 'Missing Permissions');
    const body = asObject(c.body);
    const errors = new FormErrors();
    if (errors.required(['name'], body.name)) errors.maxLength(['name'], body.name, 100);
    const invalid = errors.reply();
    if (invalid) return invalid;
    if (startMessageId && !this.messageStore.has(startMessageId)) return unknownMessage();
    // Without a starting message the API's default type is PRIVATE_THREAD (discord.js sends 11 unless told otherwise).
    const type = startMessageId ? (parent.type === ChannelType.GuildAnnouncement ? ChannelType.AnnouncementThread : ChannelType.PublicThread) : (asNumber(body.type) ?? ChannelType.PrivateThread);
    const now = nowIso();
    const thread: Json = {
      id: startMessageId ?? snowflake(),
      type,
      guild_id: parent.guild_id,
      parent_id: parent.id,
      owner_id: this.botUser.id,
      name: body.name,
      last_message_id: null,
      rate_limit_per_user: asNumber(body.rate_limit_per_user) ?? 0,
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: asNumber(body.auto_archive_duration) ?? 4320,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
        ...(type === ChannelType.PrivateThread ? { invitable: body.invitable !== false } : {}),
      },
      member: { id: undefined, user_id: this.botUser.id, join_timestamp: now, flags: 0 },
    };
    (thread.member as Json).id = thread.id;
    this.channels.set(thread.id as string, thread);
    this.threadMembers.set(thread.id as string, new Set([this.botUser.id]));
    if (this.session) this.pushDispatch('THREAD_CREATE', { ...clone(thread), newly_created: true });
    return json(201, thread);
  }

  private threadMember(c: RouteContext, add: boolean): Reply {
    const thread = this.channels.get(c.params.channel ?? '');
    if (!thread || !this.isThread(thread)) return unknownChannel();
    const userId = c.params.user === '@me' ? this.botUser.id : (c.params.user ?? '');
    if (!/^\d{15,21}$/.test(userId)) return apiError(404, 10013, 'Unknown User');
    if (asObject(thread.thread_metadata).archived === true) return apiError(400, 50083, 'Thread is archived');
    const members = this.threadMembers.get(thread.id as string) ?? new Set<string>();
    if (add) members.add(userId);
    else members.delete(userId);
    this.threadMembers.set(thread.id as string, members);
    thread.member_count = members.size;
    return noContent();
  }

  // ───────── interactions: callbacks and webhooks ─────────

  private onCallback(c: RouteContext): Reply {
    const record = this.interactions.get(c.params.id ?? '');
    if (!record || record.token !== c.params.token) return unknownInteraction();
    if (record.callback) return apiError(400, 40060, 'Interaction has already been acknowledged.');
    const latencyMs = Date.now() - record.dispatchedAt;
    if (latencyMs > this.callbackDeadlineMs || record.expired) return unknownInteraction();
    const body = asObject(c.body);
    const type = asNumber(body.type);
    const data = isObject(body.data) ? body.data : undefined;
    const allowed: Record<number, number[]> = {
      [InteractionType.ApplicationCommand]: [Callback.Reply, Callback.DeferReply, Callback.Modal, Callback.Premium, Callback.LaunchActivity],
      [InteractionType.MessageComponent]: [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update, Callback.Modal, Callback.Premium, Callback.LaunchActivity],
      [InteractionType.Autocomplete]: [Callback.Autocomplete],
      [InteractionType.ModalSubmit]: record.sourceMessageId
        ? [Callback.Reply, Callback.DeferReply, Callback.DeferUpdate, Callback.Update, Callback.Premium]
        : [Callback.Reply, Callback.DeferReply, Callback.Premium],
    };
    if (type === undefined || !(allowed[record.type] ?? []).includes(type)) {
      const errors = new FormErrors();
      errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${String(type)} is not valid for interaction type ${record.type}`);
      return errors.reply() as Reply;
    }
    if (type === Callback.Reply || type === Callback.Update) {
      const invalid = validateMessage(data ?? {}, { create: type === Callback.Reply, files: c.files.length, prefix: ['data'] });
      if (invalid) return invalid;
    }
    if (type === Callback.Modal) {
      const invalid = validateModal(data ?? {});
      if (invalid) return invalid;
    }
    if (type === Callback.Autocomplete) {
      const invalid = validateAutocomplete(data ?? {});
      if (invalid) return invalid;
    }
    if (type === Callback.DeferReply && ((asNumber(data?.flags) ?? 0) & ~MessageFlag.Ephemeral) !== 0) {
      const errors = new FormErrors();
      errors.add(['data', 'flags'], 'INTERACTION_RESPONSE_FLAGS_INVALID', 'Only EPHEMERAL may be set when deferring a response');
      return errors.reply() as Reply;
    }
    const callback: RecordedCallback = { interactionId: record.id, token: record.token, type, body, data, files: c.files, at: Date.now(), latencyMs };
    record.callback = callback;
    this.callbacks.push(callback);
    let message: FakeMessage | undefined;
    switch (type) {
      case Callback.Reply:
        message = this.createMessage({ channelId: record.channelId, guildId: record.guildId, body: data ?? {}, files: c.files, source: 'interaction', interaction: record });
        record.originalMessageId = message.id;
        break;
      case Callback.DeferReply:
        message = this.createMessage({ channelId: record.channelId, guildId: record.guildId, body: { flags: asNumber(data?.flags) ?? 0 }, files: [], source: 'interaction', interaction: record, extraFlags: MessageFlag.Loading });
        record.originalMessageId = message.id;
        break;
      case Callback.DeferUpdate:
        record.originalMessageId = record.sourceMessageId;
        break;
      case Callback.Update: {
        const source = record.sourceMessageId ? this.messageStore.get(record.sourceMessageId) : undefined;
        if (source) message = this.editMessage(source, data ?? {}, c.files);
        record.originalMessageId = record.sourceMessageId;
        break;
      }
      case Callback.Modal:
        this.modals.push(clone(data ?? {}));
        break;
      default:
        break;
    }
    if (c.query.get('with_response') === 'true') {
      return json(200, {
        interaction: {
          id: record.id,
          type: record.type,
          response_message_id: message?.id ?? null,
          response_message_loading: type === Callback.DeferReply,
          response_message_ephemeral: message ? message.ephemeral : false,
        },
        resource: { type, ...(message && (type === Callback.Reply || type === Callback.Update) ? { message: message.data } : {}) },
      });
    }
    return noContent();
  }

  private webhookInteraction(c: RouteContext): InteractionRecord | undefined {
    if (c.params.app !== this.applicationId) return undefined;
    return this.interactionsByToken.get(c.params.token ?? '');
  }

  /** The interaction of a webhook route, or the error Discord answers: unknown, expired or not yet acknowledged. */
  private acknowledgedInteraction(c: RouteContext): { record: InteractionRecord } | { error: Reply } {
    const record = this.webhookInteraction(c);
    if (!record) return { error: unknownWebhook() };
    if (this.now() - record.createdAt > this.tokenLifetimeMs || record.expired) return { error: apiError(401, 50027, 'Invalid Webhook Token') };
    if (!record.callback) return { error: unknownWebhook() };
    return { record };
  }

  expireInteraction(interactionId: string): void {
    const record = this.interactions.get(interactionId);
    if (!record) throw new Error(`fake Discord: unknown interaction ${interactionId}`);
    record.expired = true;
  }

  private webhookInfo(c: RouteContext): Reply {
    if (!this.webhookInteraction(c)) return unknownWebhook();
    return json(200, { id: this.applicationId, type: 3, application_id: this.applicationId, name: this.botUser.username, avatar: null, channel_id: null, guild_id: null });
  }

  private followUp(c: RouteContext): Reply {
    const found = this.acknowledgedInteraction(c);
    if ('error' in found) return found.error;
    const { record } = found;
    const body = asObject(c.body);
    const invalid = validateMessage(body, { create: true, files: c.files.length });
    if (invalid) return invalid;
    const original = record.originalMessageId ? this.messageStore.get(record.originalMessageId) : undefined;
    let message: FakeMessage;
    if (original && (original.flags & MessageFlag.Loading) !== 0) {
      // After a deferred reply, the first follow-up fills the « is thinking… » message (its ephemerality stays).
      message = this.editMessage(original, body, c.files);
    } else {
      message = this.createMessage({ channelId: record.channelId, guildId: record.guildId, body, files: c.files, source: 'followup', interaction: record });
    }
    return c.query.get('wait') === 'false' ? noContent() : json(200, message.data);
  }

  private webhookMessage(c: RouteContext, method: 'GET' | 'PATCH' | 'DELETE'): Reply {
    const found = this.acknowledgedInteraction(c);
    if ('error' in found) return found.error;
    const { record } = found;
    const messageId = c.params.message === '@original' ? record.originalMessageId : (c.params.message ?? null);
    const message = messageId ? this.messageStore.get(messageId) : undefined;
    const belongs = message && (message.interactionId === record.id || message.id === record.sourceMessageId);
    if (!message || message.deleted || !belongs) return unknownMessage();
    if (method === 'GET') return json(200, message.data);
    if (method === 'DELETE') {
      message.deleted = true;
      return noContent();
    }
    const body = asObject(c.body);
    const invalid = validateMessage({ ...message.data, ...body }, { create: false, files: c.files.length });
    if (invalid) return invalid;
    return json(200, this.editMessage(message, body, c.files).data);
  }

  // ───────── interaction builders ─────────

  private resolveRoles(guildId: string | null, roles: string[] | undefined): string[] {
    const guild = guildId ? this.guilds.get(guildId) : undefined;
    return (roles ?? []).map((role) => (guild ? (guild.roles.find((candidate) => candidate.id === role || candidate.name === role)?.id as string | undefined) ?? role : role));
  }

  private interactionChannel(guildId: string | null, channelId: string | undefined, user: FakeUser, permissions: string): Json {
    if (guildId === null) {
      const dm = channelId ? this.channels.get(channelId) : undefined;
      return clone(dm ?? this.dmChannelFor(user));
    }
    const guild = this.guilds.get(guildId);
    const id = channelId ?? (guild?.channels.find((channel) => channel.type === ChannelType.GuildText)?.id as string | undefined) ?? this.virtualChannelId;
    const stored = this.channels.get(id);
    const base: Json = stored ? clone(stored) : { id, type: ChannelType.GuildText, name: 'entrainement', position: 0, flags: 0, nsfw: false, parent_id: null, topic: null, last_message_id: null, rate_limit_per_user: 0 };
    delete base.permission_overwrites;
    return { ...base, guild_id: guildId, permissions };
  }

  private createInteraction(type: number, data: Json, context: InteractionContext, sourceMessage?: Json): InteractionHandle {
    if (!this.session) throw new Error('fake Discord: no gateway session yet — log the client in before dispatching interactions');
    const user = context.user ?? this.defaultUser;
    this.users.set(user.id, user);
    const messageGuild = sourceMessage ? (asString(sourceMessage.guild_id) ?? (this.channels.get(asString(sourceMessage.channel_id) ?? '')?.type === ChannelType.DM ? null : undefined)) : undefined;
    const guildId = context.guildId !== undefined ? context.guildId : messageGuild !== undefined ? messageGuild : ([...this.guilds.keys()][0] ?? this.virtualGuildId);
    const channelId = context.channelId ?? (sourceMessage ? asString(sourceMessage.channel_id) : undefined);
    const memberPermissions = context.memberPermissions ?? MEMBER_PERMISSIONS;
    const channel = this.interactionChannel(guildId, channelId, user, memberPermissions);
    const id = snowflake();
    // Like Discord's: base64 of « interaction:<id>:<secret> », URL-safe.
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const guild = guildId ? this.guilds.get(guildId) : undefined;
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      channel,
      channel_id: channel.id,
      app_permissions: context.appPermissions ?? (guildId ? this.botPermissionsIn(this.channels.get(channel.id as string) ?? { ...channel, guild_id: guildId }).toString() : BOT_PERMISSIONS),
      locale: context.locale ?? 'fr',
      entitlements: [],
      authorizing_integration_owners: guildId ? { '0': guildId } : { '1': user.id },
      context: guildId ? 0 : 1,
      attachment_size_limit: 10_485_760,
    };
    if (guildId) {
      payload.guild_id = guildId;
      payload.guild = { id: guildId, locale: context.guildLocale ?? guild?.preferredLocale ?? 'fr', features: [] };
      payload.guild_locale = context.guildLocale ?? guild?.preferredLocale ?? 'fr';
      payload.member = { ...this.memberObject(user, this.resolveRoles(guildId, context.memberRoles)), permissions: memberPermissions };
    } else {
      payload.user = user;
    }
    if (sourceMessage) payload.message = sourceMessage;
    const record: InteractionRecord = {
      id,
      token,
      type,
      payload,
      dispatchedAt: Date.now(),
      channelId: channel.id as string,
      guildId,
      user,
      callback: null,
      expired: false,
      createdAt: this.now(),
      originalMessageId: null,
      sourceMessageId: sourceMessage ? (asString(sourceMessage.id) ?? null) : null,
    };
    this.interactions.set(id, record);
    this.interactionsByToken.set(token, record);
    const seq = this.pushDispatch('INTERACTION_CREATE', payload);
    return { id, token, applicationId: this.applicationId, seq, payload };
  }

  slashCommand(input: SlashCommandInput): InteractionHandle {
    const { name, options, subcommand, resolved, commandId, ...context } = input;
    let converted: Json[] | undefined;
    if (Array.isArray(options)) converted = options;
    else if (options) {
      converted = Object.entries(options).map(([optionName, value]) => ({
        name: optionName,
        type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10,
        value,
      }));
    }
    if (subcommand) converted = [{ name: subcommand, type: 1, options: converted ?? [] }];
    const guildKey = context.guildId === null ? undefined : (context.guildId ?? [...this.guilds.keys()][0]);
    const registered = [...(guildKey ? (this.commands.get(guildKey) ?? []) : []), ...(this.commands.get('global') ?? [])].find((command) => command.name === name && (command.type ?? 1) === 1);
    const data: Json = {
      id: commandId ?? (registered?.id as string | undefined) ?? snowflake(),
      name,
      type: 1,
      ...(converted ? { options: converted } : {}),
      ...(resolved ? { resolved } : {}),
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return this.createInteraction(InteractionType.ApplicationCommand, data, context);
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    const { name, subcommand, focused, options, ...context } = input;
    let converted: Json[] = [...Object.entries(options ?? {}).map(([optionName, value]) => ({ name: optionName, type: 3, value })), { name: focused.name, type: 3, value: focused.value, focused: true }];
    if (subcommand) converted = [{ name: subcommand, type: 1, options: converted }];
    const guildKey = context.guildId === null ? undefined : (context.guildId ?? [...this.guilds.keys()][0]);
    const registered = [...(guildKey ? (this.commands.get(guildKey) ?? []) : []), ...(this.commands.get('global') ?? [])].find((command) => command.name === name && (command.type ?? 1) === 1);
    const data: Json = { id: (registered?.id as string | undefined) ?? snowflake(), name, type: 1, options: converted };
    return this.createInteraction(InteractionType.Autocomplete, data, context);
  }

  private sourceMessage(message: string | Json | undefined, customId: string | undefined, context: InteractionContext): Json {
    if (typeof message === 'string') {
      const stored = this.messageStore.get(message);
      if (!stored) throw new Error(`fake Discord: no message ${message} to attach the interaction to`);
      return clone(stored.data);
    }
    if (isObject(message)) return message;
    if (customId !== undefined) {
      const found = [...this.messageStore.values()].reverse().find((candidate) => !candidate.deleted && customIdsOf(candidate.components).includes(customId));
      if (found) return clone(found.data);
    }
    // No such message yet: the bot « had » posted one in the channel.
    const guildId = context.guildId !== undefined ? context.guildId : ([...this.guilds.keys()][0] ?? this.virtualGuildId);
    const channel = this.interactionChannel(guildId, context.channelId, context.user ?? this.defaultUser, MEMBER_PERMISSIONS);
    return clone(this.createMessage({ channelId: channel.id as string, guildId, body: { content: '' }, files: [], source: 'channel' }).data);
  }

  componentInteraction(input: ComponentInput): InteractionHandle {
    const { customId, componentType, values, message, ...context } = input;
    const type = componentType ?? 2;
    const source = this.sourceMessage(message, customId, context);
    const data: Json = { custom_id: customId, component_type: type, ...(SELECT_TYPES.has(type) ? { values: values ?? [] } : {}) };
    return this.createInteraction(InteractionType.MessageComponent, data, context, source);
  }

  modalSubmit(input: ModalSubmitInput): InteractionHandle {
    const { customId, fields, layout, message, ...context } = input;
    let componentId = 1;
    const components = Object.entries(fields).map(([fieldId, value]) => {
      const textInput = { type: 4, id: componentId + 1, custom_id: fieldId, value };
      const wrapper = layout === 'label' ? { type: 18, id: componentId, component: textInput } : { type: 1, id: componentId, components: [textInput] };
      componentId += 2;
      return wrapper;
    });
    const source = message === undefined ? undefined : this.sourceMessage(message, undefined, context);
    return this.createInteraction(InteractionType.ModalSubmit, { custom_id: customId, components }, context, source);
  }

  // ───────── gateway ─────────

  private sendFrame(socket: WebSocket, frame: { op: number; d: unknown; t?: string | null; s?: number | null }): void {
    if (socket.readyState !== WebSocket.OPEN) return;
    const full = { t: null, s: null, ...frame };
    socket.send(JSON.stringify(full));
    this.gatewaySent.push({ ...full, at: Date.now() });
    this.debug(`gateway → op ${frame.op}${frame.t ? ` ${frame.t}` : ''}${frame.s ? ` s=${frame.s}` : ''}`);
  }

  private pushDispatch(t: string, d: unknown): number {
    const session = this.session;
    if (!session) throw new Error('fake Discord: no gateway session');
    session.seq += 1;
    const frame = { op: 0 as const, t, s: session.seq, d };
    session.history.push(frame);
    if (this.socket) this.sendFrame(this.socket, frame);
    this.notify();
    return session.seq;
  }

  dispatch(t: string, d: unknown): number {
    if (!this.session) throw new Error('fake Discord: no gateway session yet — log the client in first');
    return this.pushDispatch(t, d);
  }

  private onConnection(socket: WebSocket, req: IncomingMessage): void {
    if (this.closed) {
      socket.terminate();
      return;
    }
    const state: ConnectionState = { socket, url: req.url ?? '', openedAt: Date.now(), closedAt: null, closeCode: null, identified: false, resumed: false };
    this.connectionStates.push(state);
    this.debug(`gateway connection ${state.url}`);
    socket.on('message', (data, isBinary) => this.onFrame(state, data, isBinary));
    socket.on('close', (code) => {
      state.closedAt = Date.now();
      state.closeCode = code;
      if (this.socket === socket) this.socket = null;
      this.notify();
    });
    socket.on('error', () => undefined);
    this.sendFrame(socket, { op: Op.Hello, d: { heartbeat_interval: this.heartbeatInterval, _trace: ['["fake-gateway",{"micros":0}]'] } });
    this.notify();
  }

  private onFrame(state: ConnectionState, data: RawData, isBinary: boolean): void {
    const { socket } = state;
    if (isBinary) {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }
    let frame: Json;
    try {
      frame = asObject(JSON.parse((Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8')));
    } catch {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = asNumber(frame.op) ?? -1;
    this.gatewayReceived.push({ op, d: frame.d, at: Date.now() });
    this.debug(`gateway ← op ${op}`);
    const authenticated = state.identified || state.resumed;
    switch (op) {
      case Op.Heartbeat:
        this.sendFrame(socket, { op: Op.HeartbeatAck, d: null });
        break;
      case Op.Identify:
        this.onIdentify(state, asObject(frame.d));
        break;
      case Op.Resume:
        this.onResume(state, asObject(frame.d));
        break;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
        if (!authenticated) socket.close(4003, 'Not authenticated.');
        break;
      default:
        socket.close(4001, 'Unknown opcode.');
    }
    this.notify();
  }

  private onIdentify(state: ConnectionState, d: Json): void {
    const { socket } = state;
    if (state.identified || state.resumed) {
      socket.close(4005, 'Already authenticated.');
      return;
    }
    if (d.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    state.identified = true;
    this.session = { id: randomBytes(16).toString('hex'), seq: 0, history: [], intents: asNumber(d.intents) ?? 0 };
    this.socket = socket;
    this.pushDispatch('READY', {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0, email: null },
      guilds: [...this.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: this.session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: asArray(d.shard).length === 2 ? d.shard : [0, 1],
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      user_settings: {},
      geo_ordered_rtc_regions: [],
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
    for (const guild of this.guilds.values()) this.pushDispatch('GUILD_CREATE', this.guildCreatePayload(guild));
  }

  private onResume(state: ConnectionState, d: Json): void {
    const { socket } = state;
    if (d.token !== this.token) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const session = this.session;
    if (!session || d.session_id !== session.id) {
      this.sendFrame(socket, { op: Op.InvalidSession, d: false });
      return;
    }
    const seq = asNumber(d.seq) ?? 0;
    if (seq > session.seq) {
      socket.close(4007, 'Invalid seq.');
      return;
    }
    state.resumed = true;
    if (this.socket && this.socket !== socket) this.socket.terminate();
    this.socket = socket;
    for (const frame of session.history) if (frame.s > seq) this.sendFrame(socket, frame);
    this.pushDispatch('RESUMED', { _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  dropConnection(options: DropOptions = {}): void {
    const socket = this.socket;
    if (!socket) throw new Error('fake Discord: no live gateway connection to drop');
    this.socket = null;
    if (options.abrupt) socket.terminate();
    else socket.close(options.code ?? 4000, options.reason ?? 'fake Discord dropped the connection');
  }

  requestReconnect(): void {
    const socket = this.socket;
    if (!socket) throw new Error('fake Discord: no live gateway connection');
    this.socket = null;
    this.sendFrame(socket, { op: Op.Reconnect, d: null });
  }

  invalidateSession(resumable = false): void {
    const socket = this.socket;
    if (!socket) throw new Error('fake Discord: no live gateway connection');
    if (!resumable) this.session = null;
    this.socket = null;
    this.sendFrame(socket, { op: Op.InvalidSession, d: resumable });
  }

  // ───────── waiting ─────────

  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 2_000, what = 'a condition'): Promise<T> {
    const first = check();
    if (first !== undefined && first !== null && first !== false) return Promise.resolve(first);
    if (this.closed) return Promise.reject(new Error(`fake Discord is closed (waiting for ${what})`));
    return new Promise<T>((resolve, reject) => {
      const watcher: Watcher = {
        check: () => {
          const value = check();
          if (value === undefined || value === null || value === false) return false;
          finish();
          resolve(value);
          return true;
        },
      };
      const fail = (error: Error): void => {
        finish();
        reject(error);
      };
      // Re-checked on every recorded event, and every 20 ms for conditions on the test's own state.
      const poll = setInterval(() => watcher.check(), 20);
      const timer = setTimeout(() => {
        const failures = this.failures.slice(-5).map((request) => `${request.method} ${request.path} → ${request.status} ${JSON.stringify(request.response)}`);
        fail(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${what}${failures.length ? `; recent failed requests:\n  ${failures.join('\n  ')}` : ''}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        clearInterval(poll);
        this.timers.delete(timer);
        this.watchers.delete(watcher);
        this.rejecters.delete(fail);
      };
      this.timers.add(timer);
      this.watchers.add(watcher);
      this.rejecters.add(fail);
    });
  }

  waitForCallback(interactionId: string, timeoutMs = 2_000): Promise<RecordedCallback> {
    // The interaction's accepted callback is the one recorded in `callbacks` (looked up without scanning them all).
    return this.waitFor(() => this.interactions.get(interactionId)?.callback ?? undefined, timeoutMs, `the callback of interaction ${interactionId}`);
  }

  waitForRequest(method: string, pathPattern: RegExp, timeoutMs = 2_000): Promise<RecordedRequest> {
    const start = this.requests.length;
    const upper = method.toUpperCase();
    return this.waitFor(() => this.requests.slice(start).find((request) => request.method === upper && pathPattern.test(request.path)), timeoutMs, `${upper} ${String(pathPattern)}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const reject of [...this.rejecters]) reject(new Error('fake Discord closed while waiting'));
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.socket = null;
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new FakeDiscordServer(options);
  await fake.listen();
  return fake;
}
