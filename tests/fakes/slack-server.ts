/**
 * A local fake Slack for end-to-end tests with the REAL @slack/bolt 5 app: the Web API under
 * `/api/<method>`, Socket Mode on a WebSocket of the same 127.0.0.1 port, response URLs, file
 * upload URLs, and a signer for HTTP mode.
 *
 *   const fake = await startFakeSlack();
 *   new App({ token: fake.botToken, appToken: fake.appToken, socketMode: true, clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } });
 *
 * Bolt hands its clientOptions to the Socket Mode client, so `apps.connections.open` is asked here
 * too and the WebSocket URL it returns points back at this server. Strict where Slack is: tokens,
 * Block Kit limits, trigger ids that expire after 3 s, one ack per envelope, the bot scopes of
 * slack/manifest.yaml (a method or a conversation type they do not cover answers missing_scope),
 * who may write where (a DM between two people, a private channel the bot is not in: channel_not_found;
 * a public channel it is not in: not_in_channel), and what people type arriving as Slack sends it
 * (`&amp;`, `&lt;`, `&gt;`, and `<#C…|name>` links when the manifest's slash command escapes them).
 * Everything is recorded.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { WebSocketServer, type WebSocket } from 'ws';

export type Json = Record<string, unknown>;

export interface FakeSlackUser {
  id: string;
  /** The account name (`user_name` of slash commands, `name` of users.info). */
  name: string;
  tz?: string;
  /** Profile names: `display_name` (empty when unset, as in Slack) and `real_name` (default: `name`). */
  displayName?: string;
  realName?: string;
}

/**
 * A conversation. Not registered: a `D…` id is the bot's DM with the user of the same digits (as
 * conversations.open answers), a `C…` id a public channel the bot is in.
 */
export interface FakeChannel {
  id: string;
  name: string;
  kind: 'public' | 'private' | 'im' | 'mpim';
  /** Whether the bot is a member (a DM between two people: false). */
  botMember: boolean;
}

/** The bot scopes and the slash command setting of the app's manifest. */
function manifest(): { scopes: Set<string>; escapesCommands: boolean } {
  const text = readFileSync(new URL('../../slack/manifest.yaml', import.meta.url), 'utf8');
  const parsed = parseYaml(text) as { oauth_config: { scopes: { bot: string[] } }; features: { slash_commands: Array<{ should_escape?: boolean }> } };
  return { scopes: new Set(parsed.oauth_config.scopes.bot), escapesCommands: parsed.features.slash_commands[0]?.should_escape === true };
}

/** The scope a conversation type needs for reading (`read`) or its history (`history`). */
function conversationScope(kind: FakeChannel['kind'], what: 'read' | 'history'): string {
  return `${{ public: 'channels', private: 'groups', im: 'im', mpim: 'mpim' }[kind]}:${what}`;
}

const SPECIAL_MENTIONS = new Set(['here', 'channel', 'everyone']);

/**
 * A mrkdwn text as Slack's client shows it: `<…>` sequences become what they display (a mention, a
 * channel, a link's label, a date's fallback), then `&amp;`, `&lt;`, `&gt;` are decoded, once.
 */
export function renderedText(mrkdwn: string, users: ReadonlyMap<string, FakeSlackUser> = new Map()): string {
  return mrkdwn
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label = ''] = inner.split('|', 2);
      if (target.startsWith('@')) return `@${label || users.get(target.slice(1))?.name || target.slice(1)}`;
      if (target.startsWith('#')) return `#${label || target.slice(1)}`;
      if (target.startsWith('!')) return SPECIAL_MENTIONS.has(target.slice(1)) ? `@${target.slice(1)}` : label;
      return label || target;
    })
    .replace(/&(amp|lt|gt);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>' })[name]!);
}

/** The sequences of a mrkdwn text that notify someone: user and group mentions, @here, @channel, @everyone. */
export function mentionsIn(mrkdwn: string): string[] {
  return [...mrkdwn.matchAll(/<([@!][^<>]*)>/g)].map((match) => match[1]!).filter((inner) => inner.startsWith('@') || SPECIAL_MENTIONS.has(inner.slice(1).split('|')[0]!) || inner.startsWith('!subteam^'));
}

/** Every mrkdwn text of a message: its `text` and those of its blocks (sections, context elements, fields). */
export function mrkdwnTexts(message: { text: string; blocks: Json[] }): string[] {
  const texts = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== 'object') return;
    const node = value as Json;
    if (node.type === 'mrkdwn' && typeof node.text === 'string') texts.push(node.text);
    for (const child of Object.values(node)) if (typeof child === 'object') walk(child);
  };
  walk(message.blocks);
  return texts;
}

export interface RecordedCall {
  method: string;
  /** The arguments, nested JSON strings (blocks, view…) parsed. */
  args: Json;
  token: string | undefined;
  response: Json;
  at: number;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Json[];
  ephemeralTo?: string;
  /** Message metadata (`event_type`, `event_payload`), returned by conversations.history with include_all_metadata. */
  metadata?: Json;
  /** Updated by chat.update. */
  updated?: boolean;
}

export interface RecordedResponse {
  responseUrl: string;
  body: Json;
  /** The conversation of the command or click the response_url came with. */
  channel: string | undefined;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  channel: string | undefined;
  data: Buffer;
}

export interface EnvelopeHandle {
  envelopeId: string;
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Json;
  triggerId?: string;
  responseUrl?: string;
}

export interface Ack {
  envelopeId: string;
  payload: Json;
  latencyMs: number;
}

const TRIGGER_LIFETIME_MS = 3_000;
/**
 * Slack's published tiers for the methods the bot calls: calls per minute per workspace and app
 * (Tier 2: 20, Tier 3: 50, Tier 4: 100). chat.postMessage has its own rule instead: about one
 * message per second per conversation, short bursts allowed (here: 5 in any 5 s).
 */
const TIERS: Record<string, number> = {
  'chat.update': 50,
  'conversations.open': 50,
  'conversations.info': 50,
  'conversations.history': 50,
  'chat.postEphemeral': 100,
  'users.info': 100,
  'views.open': 100,
  'views.push': 100,
  'views.update': 100,
  'views.publish': 100,
  'files.getUploadURLExternal': 20,
  'files.completeUploadExternal': 20,
};
const POSTS_PER_CONVERSATION = { count: 5, windowMs: 5_000 };
/** A response_url takes five answers, within 30 minutes. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export interface FakeSlackOptions {
  /**
   * Enforce Slack's rate limits: each method's tier per minute, chat.postMessage per conversation,
   * and a response_url's five uses in 30 minutes (HTTP 429 with Retry-After, or 404 `used_url` /
   * `expired_url`). Off by default: tests that are not about limits run unhindered.
   */
  tierLimits?: boolean;
}
/** The scope each Web API method needs with a bot token (conversation reads: per type, below). */
const METHOD_SCOPES: Record<string, string> = {
  'users.info': 'users:read',
  'conversations.open': 'im:write',
  'chat.postMessage': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.update': 'chat:write',
  'files.getUploadURLExternal': 'files:write',
  'files.completeUploadExternal': 'files:write',
};
const PING_INTERVAL_MS = 5_000;

function randomId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** Block Kit limits that catch real bugs (Slack answers invalid_blocks). */
function blockProblems(blocks: unknown, maxBlocks: number): string[] {
  if (blocks === undefined) return [];
  if (!Array.isArray(blocks)) return ['blocks must be an array'];
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`more than ${maxBlocks} blocks (${blocks.length})`);
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}[${index}]`));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as Json;
    if (node.type === 'section' && node.text && typeof (node.text as Json).text === 'string' && ((node.text as Json).text as string).length > 3000) problems.push(`${path}.text longer than 3000`);
    if (typeof node.action_id === 'string' && node.action_id.length > 255) problems.push(`${path}.action_id longer than 255`);
    if (typeof node.block_id === 'string' && node.block_id.length > 255) problems.push(`${path}.block_id longer than 255`);
    if (node.type === 'button' && node.text && ((node.text as Json).text as string).length > 75) problems.push(`${path}.text longer than 75`);
    if ((node.type === 'static_select' || node.type === 'checkboxes') && Array.isArray(node.options)) {
      const limit = node.type === 'checkboxes' ? 10 : 100;
      if (node.options.length > limit) problems.push(`${path}.options more than ${limit}`);
      for (const [index, option] of (node.options as Json[]).entries()) {
        if ((((option.text as Json)?.text as string) ?? '').length > 75) problems.push(`${path}.options[${index}].text longer than 75`);
        if (String(option.value ?? '').length > 150) problems.push(`${path}.options[${index}].value longer than 150`);
      }
    }
    if (node.type === 'plain_text_input' && typeof node.max_length === 'number' && node.max_length > 3000) problems.push(`${path}.max_length above 3000`);
    for (const [key, child] of Object.entries(node)) if (typeof child === 'object') walk(child, `${path}.${key}`);
  };
  walk(blocks, 'blocks');
  return problems;
}

function viewProblems(view: Json): string[] {
  const problems = blockProblems(view.blocks, 100);
  for (const key of ['title', 'submit', 'close']) {
    const text = (view[key] as Json | undefined)?.text;
    if (typeof text === 'string' && text.length > 24) problems.push(`${key} longer than 24`);
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) problems.push('private_metadata longer than 3000');
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) problems.push('callback_id longer than 255');
  return problems;
}

/** Parses a Web API body: url-encoded or multipart, nested JSON strings decoded. */
async function readArgs(req: IncomingMessage, raw: Buffer): Promise<{ args: Json; files: Map<string, Buffer> }> {
  const type = req.headers['content-type'] ?? '';
  const files = new Map<string, Buffer>();
  const args: Json = {};
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') args[key] = value;
      else files.set(key, Buffer.from(await value.arrayBuffer()));
    }
  } else if (type.startsWith('application/json')) {
    Object.assign(args, JSON.parse(raw.toString('utf8') || '{}') as Json);
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) args[key] = value;
  }
  for (const [key, value] of Object.entries(args)) {
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        args[key] = JSON.parse(value);
      } catch {
        // a plain string that happens to start with a bracket
      }
    }
  }
  return { args, files };
}

export class FakeSlack {
  readonly botToken = `xoxb-${randomBytes(6).toString('hex')}`;
  readonly appToken = `xapp-${randomBytes(6).toString('hex')}`;
  readonly signingSecret = randomBytes(16).toString('hex');
  readonly teamId = 'T0FAKE';
  readonly appId = 'A0FAKE';
  readonly botUserId = 'U0BOT';
  readonly calls: RecordedCall[] = [];
  readonly unexpected: RecordedCall[] = [];
  readonly messages: PostedMessage[] = [];
  private readonly latencies = new Map<string, number>();
  private readonly beforeReplyHooks: Array<(call: RecordedCall) => void> = [];
  readonly responses: RecordedResponse[] = [];
  readonly files: UploadedFile[] = [];
  readonly acks: Ack[] = [];
  readonly views: Array<{ method: string; view: Json; id: string; userId?: string }> = [];
  /** Users `users.info` knows (id → names and time zone); whoever acts through this fake is added. */
  readonly users = new Map<string, FakeSlackUser>();
  /** Conversations registered by tests (see FakeChannel for the others). */
  readonly channels = new Map<string, FakeChannel>();
  /** The bot token's scopes: those of slack/manifest.yaml. */
  readonly scopes: Set<string>;
  /** Whether slash command text carries `<#C…|name>` and `<@U…|name>` links (the manifest's should_escape). */
  readonly escapesCommands: boolean;
  connections = 0;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private socket: WebSocket | undefined;
  private readonly sent = new Map<string, { at: number; handle: EnvelopeHandle }>();
  private readonly triggers = new Map<string, number>();
  private readonly pendingUploads = new Map<string, { filename: string; data?: Buffer }>();
  private readonly rateLimits: Array<{ method: string; retryAfter: number }> = [];
  private readonly watchers = new Set<() => void>();
  private ping: NodeJS.Timeout | undefined;
  private port = 0;
  private counter = 0;
  private readonly responseChannels = new Map<string, string | undefined>();
  /** The message a block action's response_url may replace, its uses and birth. */
  private readonly responseSources = new Map<string, { channel?: string; ts?: string; uses: number; at: number }>();
  private readonly tierLimits: boolean;
  /** When each limited method (or `chat.postMessage:<conversation>`) was last called, within its window. */
  private readonly callTimes = new Map<string, number[]>();
  /** Calls answered 429 because a tier or a conversation's pace was exceeded (not those of `rateLimitOnce`). */
  tierLimited = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.tierLimits = options.tierLimits ?? false;
    const app = manifest();
    this.scopes = app.scopes;
    this.escapesCommands = app.escapesCommands;
    this.server = createServer((req, res) => {
      this.onHttp(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onSocket(ws));
    });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    clearInterval(this.ping);
    this.socket?.terminate();
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  messagesIn(channel: string): PostedMessage[] {
    return this.messages.filter((message) => message.channel === channel && !message.ephemeralTo);
  }

  /** Registers a conversation: a public or private channel, or a DM between two people (`im`, bot not a member). */
  addChannel(channel: Omit<FakeChannel, 'botMember'> & { botMember?: boolean }): FakeChannel {
    const registered: FakeChannel = { ...channel, botMember: channel.botMember ?? channel.kind !== 'im' };
    this.channels.set(registered.id, registered);
    return registered;
  }

  /** The conversation behind an id, as Slack knows it (undefined: no such conversation). */
  channel(id: string): FakeChannel | undefined {
    const registered = this.channels.get(id);
    if (registered) return registered;
    if (id.startsWith('D')) return { id, name: '', kind: 'im', botMember: true };
    if (id.startsWith('C')) return { id, name: id.toLowerCase(), kind: 'public', botMember: true };
    return undefined;
  }

  /** Whether anyone in the workspace may read the conversation. */
  isPublic(id: string | undefined): boolean {
    return id !== undefined && this.channel(id)?.kind === 'public';
  }

  /**
   * What a person typed, as Slack sends it: `&`, `<`, `>` as entities; with the manifest's escaping,
   * `#name` of a known channel as `<#C…|name>`, `@name` of a known user as `<@U…|name>`, and web
   * addresses as `<https://…>`.
   */
  typed(text: string): string {
    const encoded = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    if (!this.escapesCommands) return encoded;
    return encoded
      .replace(/(^|\s)#([\p{L}\p{N}_-]+)/gu, (whole, before: string, name: string) => {
        const channel = [...this.channels.values()].find((candidate) => candidate.name === name && candidate.kind !== 'im');
        return channel ? `${before}<#${channel.id}|${name}>` : whole;
      })
      .replace(/(^|\s)@([\p{L}\p{N}._-]+)/gu, (whole, before: string, name: string) => {
        const user = [...this.users.values()].find((candidate) => candidate.name === name);
        return user ? `${before}<@${user.id}|${name}>` : whole;
      })
      .replace(/(^|\s)(https?:\/\/[^\s<>]+)/g, '$1<$2>');
  }

  /** A person Slack knows, added on their first action here. */
  private know(user: FakeSlackUser): void {
    if (!this.users.has(user.id)) this.users.set(user.id, user);
  }

  /** Runs after a call took effect and before its answer is written (to crash a client at the worst moment). */
  beforeReply(hook: (call: RecordedCall) => void): void {
    this.beforeReplyHooks.push(hook);
  }

  /** Every later call to this method answers after this many milliseconds (Slack's own latency). */
  setLatency(method: string, milliseconds: number): void {
    this.latencies.set(method, milliseconds);
  }

  /** The next call to this method answers HTTP 429 with Retry-After. */
  rateLimitOnce(method: string, retryAfterSeconds: number): void {
    this.rateLimits.push({ method, retryAfter: retryAfterSeconds });
  }

  /** Closes the Socket Mode connection as a recycled Slack pod would. */
  dropConnection(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  // ───────── envelopes ─────────

  private trigger(): string {
    const id = `${Date.now()}.${++this.counter}.${randomBytes(4).toString('hex')}`;
    this.triggers.set(id, Date.now());
    return id;
  }

  private responseUrl(channel: string | undefined, ts?: string): string {
    const url = `${this.baseUrl}/response/${randomBytes(6).toString('hex')}`;
    this.responseChannels.set(url, channel);
    this.responseSources.set(url, { ...(channel ? { channel } : {}), ...(ts ? { ts } : {}), uses: 0, at: Date.now() });
    return url;
  }

  /** The seconds to wait when this call goes over its limit (tier or conversation), else undefined; counts it when it does not. */
  private overLimit(method: string, args: Json): number | undefined {
    if (!this.tierLimits) return undefined;
    const perMinute = TIERS[method];
    const rule = method === 'chat.postMessage' ? { key: `${method}:${this.conversationOf(args.channel)}`, ...POSTS_PER_CONVERSATION } : perMinute ? { key: method, count: perMinute, windowMs: 60_000 } : undefined;
    if (!rule) return undefined;
    const now = Date.now();
    const times = (this.callTimes.get(rule.key) ?? []).filter((at) => at > now - rule.windowMs);
    this.callTimes.set(rule.key, times);
    if (times.length >= rule.count) return Math.max(1, Math.ceil((times[0]! + rule.windowMs - now) / 1000));
    times.push(now);
    return undefined;
  }

  /** The conversation a channel argument designates: a user id is the bot's DM with that user, as on Slack. */
  private conversationOf(id: unknown): string {
    const text = String(id ?? '');
    return /^[UW][A-Z0-9]+$/.test(text) ? `D${text.slice(1)}` : text;
  }

  private deliver(handle: EnvelopeHandle, retry?: { attempt: number; reason: string }): EnvelopeHandle {
    if (!this.socket) throw new Error('fake Slack: no Socket Mode connection');
    this.sent.set(handle.envelopeId, { at: Date.now(), handle });
    this.socket.send(
      JSON.stringify({
        envelope_id: handle.envelopeId,
        type: handle.type,
        payload: handle.payload,
        accepts_response_payload: handle.type !== 'events_api',
        ...(handle.type === 'events_api' ? { retry_attempt: retry?.attempt ?? 0, retry_reason: retry?.reason ?? '' } : {}),
      }),
    );
    return handle;
  }

  /** The same envelope again, as Slack does when the ack was late (`retry_attempt` on events). */
  redeliver(handle: EnvelopeHandle): void {
    this.deliver(handle, { attempt: 1, reason: 'timeout' });
  }

  /** `/moderato <text>` typed by `user` in `channel` (the text as typed: Slack's encoding is applied here). */
  slashCommand(input: { user: FakeSlackUser; channel: string; text: string; command?: string }): EnvelopeHandle {
    this.know(input.user);
    const triggerId = this.trigger();
    const responseUrl = this.responseUrl(input.channel);
    return this.deliver({
      envelopeId: randomId('env-'),
      type: 'slash_commands',
      triggerId,
      responseUrl,
      payload: {
        token: 'verification-token',
        team_id: this.teamId,
        team_domain: 'promo',
        channel_id: input.channel,
        channel_name: input.channel.startsWith('D') ? 'directmessage' : 'formateurs',
        user_id: input.user.id,
        user_name: input.user.name,
        command: input.command ?? '/moderato',
        text: this.typed(input.text),
        api_app_id: this.appId,
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: triggerId,
      },
    });
  }

  /**
   * A click on a message or home-tab element. `message` is a posted message (its blocks give the
   * element); `state` the values of its inputs (checkboxes) as Slack sends them.
   */
  blockAction(input: { user: FakeSlackUser; actionId: string; message?: PostedMessage; home?: boolean; value?: string; selectedOption?: { value: string; text: string }; state?: Json }): EnvelopeHandle {
    this.know(input.user);
    const triggerId = this.trigger();
    const responseUrl = this.responseUrl(input.home ? undefined : input.message?.channel, input.home ? undefined : input.message?.ts);
    const element = this.findElement(input.message?.blocks ?? [], input.actionId);
    const action: Json = {
      type: (element?.type as string | undefined) ?? 'button',
      action_id: input.actionId,
      block_id: randomId('b'),
      action_ts: `${Date.now() / 1000}`,
      ...(element?.type === 'button' ? { text: element.text, value: element.value } : {}),
      ...(input.value !== undefined ? { value: input.value } : {}),
      ...(input.selectedOption ? { selected_option: { text: { type: 'plain_text', text: input.selectedOption.text }, value: input.selectedOption.value } } : {}),
    };
    const container = input.home
      ? { type: 'view', view_id: 'V0HOME' }
      : { type: 'message', message_ts: input.message?.ts, channel_id: input.message?.channel, is_ephemeral: Boolean(input.message?.ephemeralTo) };
    return this.deliver({
      envelopeId: randomId('env-'),
      type: 'interactive',
      triggerId,
      responseUrl,
      payload: {
        type: 'block_actions',
        user: { id: input.user.id, username: input.user.name, name: input.user.name, team_id: this.teamId },
        api_app_id: this.appId,
        token: 'verification-token',
        container,
        trigger_id: triggerId,
        team: { id: this.teamId, domain: 'promo' },
        enterprise: null,
        is_enterprise_install: false,
        ...(input.home ? { view: { id: 'V0HOME', type: 'home', blocks: [] } } : { channel: { id: input.message?.channel, name: 'directmessage' }, message: { type: 'message', ts: input.message?.ts, text: input.message?.text, blocks: input.message?.blocks } }),
        state: { values: input.state ?? {} },
        response_url: responseUrl,
        actions: [action],
      },
    });
  }

  /** Submits an opened modal with values `{ block_id: value }` (selects, dates, times, text). */
  viewSubmission(input: { user: FakeSlackUser; view: { id: string; view: Json }; values: Record<string, string> }): EnvelopeHandle {
    this.know(input.user);
    const state = this.viewState(input.view, input.values);
    const triggerId = this.trigger();
    return this.deliver({
      envelopeId: randomId('env-'),
      type: 'interactive',
      triggerId,
      payload: {
        type: 'view_submission',
        team: { id: this.teamId, domain: 'promo' },
        user: { id: input.user.id, username: input.user.name, name: input.user.name, team_id: this.teamId },
        api_app_id: this.appId,
        token: 'verification-token',
        trigger_id: triggerId,
        view: { ...input.view.view, id: input.view.id, team_id: this.teamId, hash: randomBytes(4).toString('hex'), state: { values: state }, app_id: this.appId, bot_id: 'B0BOT' },
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      },
    });
  }

  /** The user closes an opened modal (« Annuler » or ×) with `values` typed in it: Slack sends view_closed (notify_on_close). */
  viewClosed(input: { user: FakeSlackUser; view: { id: string; view: Json }; values: Record<string, string> }): EnvelopeHandle {
    this.know(input.user);
    const state = this.viewState(input.view, input.values);
    return this.deliver({
      envelopeId: randomId('env-'),
      type: 'interactive',
      payload: {
        type: 'view_closed',
        team: { id: this.teamId, domain: 'promo' },
        user: { id: input.user.id, username: input.user.name, name: input.user.name, team_id: this.teamId },
        api_app_id: this.appId,
        token: 'verification-token',
        view: { ...input.view.view, id: input.view.id, team_id: this.teamId, hash: randomBytes(4).toString('hex'), state: { values: state }, app_id: this.appId, bot_id: 'B0BOT' },
        is_cleared: false,
        is_enterprise_install: false,
        enterprise: null,
      },
    });
  }

  /** A modal's state as Slack reports it: `{ block_id: { action_id: entry } }`. */
  private viewState(view: { view: Json }, values: Record<string, string>): Json {
    const blocks = (view.view.blocks as Json[]) ?? [];
    const state: Json = {};
    for (const block of blocks) {
      // Only input blocks have a state (a section of text has none).
      if (block.type !== 'input') continue;
      const blockId = block.block_id as string;
      const element = block.element as Json;
      const value = values[blockId];
      const actionId = element.action_id as string;
      const type = element.type as string;
      let entry: Json;
      if (type === 'static_select') {
        const option = ((element.options as Json[]) ?? []).find((candidate) => candidate.value === value);
        entry = { type, selected_option: option ?? null };
      } else if (type === 'conversations_select') entry = { type, selected_conversation: value ?? null };
      else if (type === 'datepicker') entry = { type, selected_date: value ?? null };
      else if (type === 'timepicker') entry = { type, selected_time: value ?? null };
      else entry = { type, value: value ?? null };
      state[blockId] = { [actionId]: entry };
    }
    return state;
  }

  event(event: Json): EnvelopeHandle {
    return this.deliver({
      envelopeId: randomId('env-'),
      type: 'events_api',
      payload: {
        token: 'verification-token',
        team_id: this.teamId,
        api_app_id: this.appId,
        event: { event_ts: `${Date.now() / 1000}`, ...event },
        type: 'event_callback',
        event_id: randomId('Ev'),
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: this.teamId, user_id: this.botUserId, is_bot: true }],
      },
    });
  }

  /** The user edits their profile: users.info answers the new names, and a user_change event goes out. */
  userChanged(user: FakeSlackUser): EnvelopeHandle {
    this.users.set(user.id, user);
    const realName = user.realName ?? user.name;
    return this.event({ type: 'user_change', user: { id: user.id, team_id: this.teamId, name: user.name, real_name: realName, tz: user.tz ?? 'Europe/Paris', is_bot: false, profile: { display_name: user.displayName ?? '', real_name: realName } }, cache_ts: Math.floor(Date.now() / 1000) });
  }

  private findElement(blocks: Json[], actionId: string): Json | undefined {
    for (const block of blocks) {
      for (const element of [...((block.elements as Json[] | undefined) ?? []), ...(block.accessory ? [block.accessory as Json] : [])]) {
        if (element.action_id === actionId) return element;
      }
    }
    return undefined;
  }

  // ───────── waiting ─────────

  waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 3_000, what = 'a condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = (): boolean => {
        let value: T | undefined | null | false;
        try {
          value = check();
        } catch (error) {
          done();
          reject(error instanceof Error ? error : new Error(String(error)));
          return true;
        }
        if (value === undefined || value === null || value === false) return false;
        done();
        resolve(value);
        return true;
      };
      const poll = setInterval(attempt, 20);
      const timer = setTimeout(() => {
        done();
        reject(new Error(`fake Slack: timed out after ${timeoutMs} ms waiting for ${what}; unexpected: ${JSON.stringify(this.unexpected.map((call) => [call.method, call.response]))}`));
      }, timeoutMs);
      const watcher = () => void attempt();
      const done = () => {
        clearInterval(poll);
        clearTimeout(timer);
        this.watchers.delete(watcher);
      };
      this.watchers.add(watcher);
      attempt();
    });
  }

  waitForAck(envelopeId: string, timeoutMs = 3_000): Promise<Ack> {
    return this.waitFor(() => this.acks.find((ack) => ack.envelopeId === envelopeId), timeoutMs, `the ack of ${envelopeId}`);
  }

  waitForCall(method: string, predicate: (call: RecordedCall) => boolean = () => true, timeoutMs = 3_000): Promise<RecordedCall> {
    return this.waitFor(() => this.calls.find((call) => call.method === method && predicate(call)), timeoutMs, `a call to ${method}`);
  }

  private changed(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  // ───────── socket ─────────

  private onSocket(ws: WebSocket): void {
    this.socket?.terminate();
    this.socket = ws;
    this.connections += 1;
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', approximate_connection_time: 3600 }, connection_info: { app_id: this.appId } }));
    // Slack pings; the client disconnects after 30 s without one.
    clearInterval(this.ping);
    this.ping = setInterval(() => ws.ping(), PING_INTERVAL_MS);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Json };
      if (!message.envelope_id) return;
      const sent = this.sent.get(message.envelope_id);
      this.acks.push({ envelopeId: message.envelope_id, payload: message.payload ?? {}, latencyMs: sent ? Date.now() - sent.at : -1 });
      this.changed();
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
    this.changed();
  }

  // ───────── HTTP ─────────

  private async onHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', this.baseUrl);
    const json = (status: number, body: Json, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
      this.changed();
    };
    if (url.pathname.startsWith('/response/')) {
      const responseUrl = `${this.baseUrl}${url.pathname}`;
      const body = JSON.parse(raw.toString('utf8')) as Json;
      const source = this.responseSources.get(responseUrl);
      if (this.tierLimits && source) {
        source.uses += 1;
        if (source.uses > RESPONSE_URL_USES) return json(404, { ok: false, error: 'used_url' });
        if (Date.now() - source.at > RESPONSE_URL_LIFETIME_MS) return json(404, { ok: false, error: 'expired_url' });
      }
      // replace_original on a message's response_url edits that message, as chat.update would.
      const original = body.replace_original === true && source?.ts ? this.messages.find((message) => message.channel === source.channel && message.ts === source.ts && !message.ephemeralTo) : undefined;
      if (original) {
        const problems = blockProblems(body.blocks, 50);
        if (problems.length > 0) return json(400, { ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } });
        original.text = String(body.text ?? original.text);
        original.blocks = (body.blocks as Json[] | undefined) ?? original.blocks;
        original.updated = true;
      }
      this.responses.push({ responseUrl, body, channel: this.responseChannels.get(responseUrl) });
      json(200, { ok: true });
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      const pending = this.pendingUploads.get(fileId);
      if (!pending) {
        res.writeHead(404).end('unknown upload');
        return;
      }
      const { files } = await readArgs(req, raw);
      pending.data = files.values().next().value ?? raw;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${pending.data.length}`);
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404).end();
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    const latency = this.latencies.get(method);
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    const { args } = await readArgs(req, raw);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? (typeof args.token === 'string' ? args.token : undefined);
    const limit = this.rateLimits.findIndex((candidate) => candidate.method === method);
    const over = limit >= 0 ? undefined : this.overLimit(method, args);
    if (over !== undefined) {
      this.tierLimited += 1;
      this.calls.push({ method: `${method} (429)`, args, token, response: { ok: false, error: 'ratelimited' }, at: Date.now() });
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(over) });
      return;
    }
    if (limit >= 0) {
      const { retryAfter } = this.rateLimits.splice(limit, 1)[0]!;
      this.calls.push({ method: `${method} (429)`, args, token, response: { ok: false, error: 'ratelimited' }, at: Date.now() });
      json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      return;
    }
    const response = this.answer(method, args, token);
    const call: RecordedCall = { method, args, token, response, at: Date.now() };
    this.calls.push(call);
    // Slack has done what was asked; the caller has not heard back yet.
    for (const hook of this.beforeReplyHooks) hook(call);
    if (response.error === 'unknown_method') this.unexpected.push(call);
    json(200, response);
  }

  private answer(method: string, args: Json, token: string | undefined): Json {
    const wantsApp = method === 'apps.connections.open';
    if (token !== (wantsApp ? this.appToken : this.botToken)) return { ok: false, error: 'invalid_auth' };
    const invalid = (messages: string[], error = 'invalid_blocks') => ({ ok: false, error, response_metadata: { messages } });
    const missing = (needed: string) => ({ ok: false, error: 'missing_scope', needed, provided: [...this.scopes].join(',') });
    const needed = METHOD_SCOPES[method];
    if (needed && !this.scopes.has(needed)) return missing(needed);
    /** Whether the bot may write in the conversation: undefined when it may, else Slack's error. */
    const cannotWrite = (id: unknown): string | undefined => {
      const channel = typeof id === 'string' ? this.channel(id) : undefined;
      if (!channel || (!channel.botMember && channel.kind !== 'public')) return 'channel_not_found';
      return channel.botMember ? undefined : 'not_in_channel';
    };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://promo.slack.com/', team: 'Promo', user: 'moderato', team_id: this.teamId, user_id: this.botUserId, bot_id: 'B0BOT', is_enterprise_install: false };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${randomBytes(8).toString('hex')}` };
      case 'users.info': {
        const user = this.users.get(String(args.user ?? ''));
        if (!user) return { ok: false, error: 'user_not_found' };
        const tz = user.tz ?? 'Europe/Paris';
        const realName = user.realName ?? user.name;
        return {
          ok: true,
          user: { id: user.id, team_id: this.teamId, name: user.name, real_name: realName, tz, tz_label: tz, tz_offset: 0, is_bot: false, profile: { display_name: user.displayName ?? '', real_name: realName } },
        };
      }
      case 'conversations.info': {
        const channel = this.channel(String(args.channel ?? ''));
        // A conversation the bot is not in, unless public, does not exist for it.
        if (!channel || (!channel.botMember && channel.kind !== 'public')) return { ok: false, error: 'channel_not_found' };
        const scope = conversationScope(channel.kind, 'read');
        if (!this.scopes.has(scope)) return missing(scope);
        if (channel.kind === 'im') return { ok: true, channel: { id: channel.id, is_im: true, is_private: true, user: `U${channel.id.slice(1)}` } };
        return {
          ok: true,
          channel: { id: channel.id, name: channel.name, is_channel: channel.kind === 'public', is_group: channel.kind === 'private', is_im: false, is_mpim: channel.kind === 'mpim', is_private: channel.kind !== 'public', is_member: channel.botMember, is_archived: false },
        };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        // A user id as the channel of chat.postMessage: the bot's DM with them (Slack answers with the DM's id).
        if (method === 'chat.postMessage') args = { ...args, channel: this.conversationOf(args.channel) };
        const refused = cannotWrite(args.channel);
        if (refused) return { ok: false, error: refused };
        if (!args.text && !args.blocks) return { ok: false, error: 'no_text' };
        const problems = blockProblems(args.blocks, 50);
        if (problems.length > 0) return invalid(problems);
        if (method === 'chat.postEphemeral' && !args.user) return { ok: false, error: 'user_not_in_channel' };
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.counter).padStart(6, '0')}`;
        const metadata = args.metadata as Json | undefined;
        if (metadata !== undefined && (typeof metadata !== 'object' || typeof metadata.event_type !== 'string' || typeof metadata.event_payload !== 'object')) return { ok: false, error: 'invalid_metadata_format' };
        const message: PostedMessage = { channel: String(args.channel), ts, text: String(args.text ?? ''), blocks: (args.blocks as Json[]) ?? [], ...(method === 'chat.postEphemeral' ? { ephemeralTo: String(args.user) } : {}), ...(metadata && method === 'chat.postMessage' ? { metadata } : {}) };
        this.messages.push(message);
        return method === 'chat.postMessage' ? { ok: true, channel: message.channel, ts, message: { type: 'message', text: message.text, ts, blocks: message.blocks } } : { ok: true, message_ts: ts };
      }
      case 'conversations.history': {
        const channel = this.channel(String(args.channel ?? ''));
        if (!channel || (!channel.botMember && channel.kind !== 'public')) return { ok: false, error: 'channel_not_found' };
        const scope = conversationScope(channel.kind, 'history');
        if (!this.scopes.has(scope)) return missing(scope);
        // Newest first; metadata only when asked for (include_all_metadata), as Slack does.
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const limit = Number(args.limit ?? 100);
        const messages = this.messages.filter((message) => message.channel === args.channel && !message.ephemeralTo).reverse().slice(0, limit);
        return { ok: true, has_more: false, messages: messages.map((message) => ({ type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, bot_id: 'B0BOT', ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}) })) };
      }
      case 'chat.update': {
        const message = this.messages.find((candidate) => candidate.channel === args.channel && candidate.ts === args.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        const problems = blockProblems(args.blocks, 50);
        if (problems.length > 0) return invalid(problems);
        message.text = String(args.text ?? message.text);
        message.blocks = (args.blocks as Json[]) ?? message.blocks;
        message.updated = true;
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const view = args.view as Json | undefined;
        if (!view) return { ok: false, error: 'invalid_arguments' };
        if (method === 'views.open' || method === 'views.push') {
          const issued = this.triggers.get(String(args.trigger_id ?? ''));
          if (issued === undefined) return { ok: false, error: 'invalid_trigger_id' };
          if (Date.now() - issued > TRIGGER_LIFETIME_MS) return { ok: false, error: 'expired_trigger_id' };
          this.triggers.delete(String(args.trigger_id));
        }
        const problems = viewProblems(view);
        if (problems.length > 0) return invalid(problems);
        const id = randomId('V');
        this.views.push({ method, view, id, ...(typeof args.user_id === 'string' ? { userId: args.user_id } : {}) });
        return { ok: true, view: { ...view, id } };
      }
      case 'files.getUploadURLExternal': {
        if (!args.filename || !args.length) return { ok: false, error: 'invalid_arguments' };
        const fileId = randomId('F');
        this.pendingUploads.set(fileId, { filename: String(args.filename) });
        return { ok: true, upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        if (args.channel_id !== undefined) {
          const refused = cannotWrite(args.channel_id);
          if (refused) return { ok: false, error: refused };
        }
        const files = (args.files as Array<{ id: string; title?: string }>) ?? [];
        const done = [];
        for (const file of files) {
          const pending = this.pendingUploads.get(file.id);
          if (!pending?.data) return { ok: false, error: 'file_not_found' };
          this.files.push({ id: file.id, filename: pending.filename, title: file.title ?? pending.filename, channel: typeof args.channel_id === 'string' ? args.channel_id : undefined, data: pending.data });
          done.push({ id: file.id, title: file.title });
        }
        return { ok: true, files: done };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  // ───────── HTTP mode ─────────

  /** Posts a body to a Bolt HTTP receiver, signed like Slack (or not, to test refusals). */
  async signedPost(url: string, body: string, options: { secret?: string; timestamp?: number; contentType?: string } = {}): Promise<{ status: number; text: string }> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', options.secret ?? this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  /** A slash command payload, form-encoded, for HTTP mode. */
  slashCommandBody(input: { user: FakeSlackUser; channel: string; text: string }): string {
    this.know(input.user);
    return new URLSearchParams({
      token: 'verification-token', team_id: this.teamId, team_domain: 'promo', channel_id: input.channel, channel_name: 'formateurs', user_id: input.user.id, user_name: input.user.name,
      command: '/moderato', text: this.typed(input.text), api_app_id: this.appId, response_url: this.responseUrl(input.channel), trigger_id: this.trigger(),
    }).toString();
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlack(options);
  await fake.listen();
  return fake;
}
