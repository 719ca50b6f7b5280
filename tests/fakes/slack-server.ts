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
 * Block Kit limits, trigger ids that expire after 3 s, one ack per envelope. Everything is recorded.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export type Json = Record<string, unknown>;

export interface FakeSlackUser {
  id: string;
  name: string;
  tz?: string;
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
  readonly responses: Array<{ responseUrl: string; body: Json }> = [];
  readonly files: UploadedFile[] = [];
  readonly acks: Ack[] = [];
  readonly views: Array<{ method: string; view: Json; id: string; userId?: string }> = [];
  /** Users `users.info` knows (id → name and time zone). */
  readonly users = new Map<string, FakeSlackUser>();
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

  constructor() {
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

  private responseUrl(): string {
    return `${this.baseUrl}/response/${randomBytes(6).toString('hex')}`;
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

  slashCommand(input: { user: FakeSlackUser; channel: string; text: string; command?: string }): EnvelopeHandle {
    const triggerId = this.trigger();
    const responseUrl = this.responseUrl();
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
        text: input.text,
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
    const triggerId = this.trigger();
    const responseUrl = this.responseUrl();
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
    const blocks = (input.view.view.blocks as Json[]) ?? [];
    const state: Json = {};
    for (const block of blocks) {
      const blockId = block.block_id as string;
      const element = block.element as Json;
      const value = input.values[blockId];
      const actionId = element.action_id as string;
      const type = element.type as string;
      let entry: Json;
      if (type === 'static_select') {
        const option = ((element.options as Json[]) ?? []).find((candidate) => candidate.value === value);
        entry = { type, selected_option: option ?? null };
      } else if (type === 'datepicker') entry = { type, selected_date: value ?? null };
      else if (type === 'timepicker') entry = { type, selected_time: value ?? null };
      else entry = { type, value: value ?? null };
      state[blockId] = { [actionId]: entry };
    }
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
      this.responses.push({ responseUrl: `${this.baseUrl}${url.pathname}`, body: JSON.parse(raw.toString('utf8')) as Json });
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
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://promo.slack.com/', team: 'Promo', user: 'moderato', team_id: this.teamId, user_id: this.botUserId, bot_id: 'B0BOT', is_enterprise_install: false };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${this.port}/socket?ticket=${randomBytes(8).toString('hex')}` };
      case 'users.info': {
        const user = this.users.get(String(args.user ?? ''));
        if (!user) return { ok: false, error: 'user_not_found' };
        const tz = user.tz ?? 'Europe/Paris';
        return { ok: true, user: { id: user.id, team_id: this.teamId, name: user.name, real_name: user.name, tz, tz_label: tz, tz_offset: 0, is_bot: false } };
      }
      case 'conversations.open': {
        const users = String(args.users ?? '');
        if (!users) return { ok: false, error: 'users_list_not_supplied' };
        return { ok: true, channel: { id: `D${users.replace(/^U/, '')}` } };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        if (!args.channel) return { ok: false, error: 'channel_not_found' };
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
    return new URLSearchParams({
      token: 'verification-token', team_id: this.teamId, team_domain: 'promo', channel_id: input.channel, channel_name: 'formateurs', user_id: input.user.id, user_name: input.user.name,
      command: '/moderato', text: input.text, api_app_id: this.appId, response_url: this.responseUrl(), trigger_id: this.trigger(),
    }).toString();
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const fake = new FakeSlack();
  await fake.listen();
  return fake;
}
