import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { TerminalSession } from '../../src/adapters/terminal/session.js';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/engine/clock.js';
import type { Inbound } from '../../src/engine/views.js';
import { createLogger } from '../../src/logger.js';

export const SCENARIO = 'boutique-en-ligne-retard';
export const T0 = Date.UTC(2026, 0, 26, 9, 0, 0);
export const MINUTE = 60_000;

/** Colours, cursor moves and line clearing removed: the text a candidate reads. */
export function visible(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/**
 * The screen a terminal would show for this output: carriage returns, cursor moves and clearing
 * applied (one row per line, no wrapping: readline is given no width unless a test sets one).
 */
export function emulate(output: string): string[] {
  const rows: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = () => (rows[row] ??= []);
  for (let index = 0; index < output.length; index += 1) {
    const char = output[index]!;
    if (char === '\u001b' && output[index + 1] === '[') {
      const match = /^\u001b\[([0-9;?]*)([A-Za-z])/.exec(output.slice(index));
      if (!match) continue;
      index += match[0].length - 1;
      const n = Number(match[1] || '0');
      switch (match[2]) {
        case 'G': col = Math.max(0, (n || 1) - 1); break;
        case 'A': row = Math.max(0, row - (n || 1)); break;
        case 'B': row += n || 1; break;
        case 'C': col += n || 1; break;
        case 'D': col = Math.max(0, col - (n || 1)); break;
        case 'K':
          if (n === 0) line().length = Math.min(line().length, col);
          else if (n === 1) for (let c = 0; c < col; c += 1) line()[c] = ' ';
          else rows[row] = [];
          break;
        case 'J':
          line().length = Math.min(line().length, col);
          rows.length = row + 1;
          break;
        default: // colours
      }
      continue;
    }
    if (char === '\n') {
      row += 1;
      col = 0;
      line();
      continue;
    }
    if (char === '\r') {
      col = 0;
      continue;
    }
    const current = line();
    while (current.length < col) current.push(' ');
    current[col] = char;
    col += 1;
  }
  return Array.from(rows, (cells) => (cells ?? []).join('').trimEnd());
}

export function databasePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'moderato-term-')), 'm.db');
}

export interface TerminalOptions {
  tty: boolean;
  databasePath?: string;
  clock?: ManualClock;
  /** The terminal's width on a TTY (`output.columns`). */
  columns?: number;
  env?: Record<string, string>;
}

/**
 * A terminal drill in this process: the app on a manual clock, a session reading a PassThrough as
 * its keyboard (readline in terminal mode when `tty`) and writing to a PassThrough as its screen.
 */
export class TerminalHarness {
  private screen = '';
  private mark = 0;
  private running: Promise<void> | undefined;

  private constructor(
    readonly app: App,
    readonly session: TerminalSession,
    readonly clock: ManualClock,
    readonly tty: boolean,
    readonly input: PassThrough,
    readonly output: PassThrough & { columns?: number },
  ) {}

  static async open(options: TerminalOptions): Promise<TerminalHarness> {
    const clock = options.clock ?? new ManualClock(T0);
    const config = loadConfig({ DATABASE_PATH: options.databasePath ?? databasePath(), ...options.env });
    const app = await createApp({ config, logger: createLogger('silent'), clock, scheduler: clock });
    const input = new PassThrough();
    const output = new PassThrough() as PassThrough & { columns?: number };
    if (options.columns !== undefined) output.columns = options.columns;
    const session = new TerminalSession(app.engine, { input, output, tty: options.tty }, { userId: 'ana', displayName: 'Ana' }, clock, clock);
    const harness = new TerminalHarness(app, session, clock, options.tty, input, output);
    output.setEncoding('utf8').on('data', (chunk: string) => (harness.screen += chunk));
    app.register([session]);
    app.restore();
    return harness;
  }

  start(first: Inbound): void {
    this.running = this.session.run(first);
  }

  /** Everything written so far, as read on screen. */
  text(): string {
    return visible(this.screen);
  }

  /** The lines on screen, as a terminal would show them (cleared lines gone, overwritten text replaced). */
  screenLines(): string[] {
    return emulate(this.screen);
  }

  /** Exactly what was written so far, escape sequences included. */
  raw(): string {
    return this.screen;
  }

  /** What was written since the last call to `fresh()`. */
  fresh(): string {
    const text = this.screen.slice(this.mark);
    this.mark = this.screen.length;
    return visible(text);
  }

  /** Keys typed, without Enter. */
  keys(text: string): void {
    this.input.write(text);
  }

  /** A line typed and Enter pressed. */
  line(text: string): void {
    this.input.write(`${text}${this.tty ? '\r' : '\n'}`);
  }

  /** Waits (by turns of the event loop, not by time) until the screen shows what is expected. */
  async until(expected: string | RegExp | (() => boolean), what = String(expected)): Promise<void> {
    const met = () => (typeof expected === 'function' ? expected() : typeof expected === 'string' ? this.text().includes(expected) : expected.test(this.text()));
    for (let turn = 0; turn < 5000; turn += 1) {
      if (met()) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`jamais vu à l’écran : ${what}\n--- écran ---\n${this.text()}`);
  }

  /** Waits until the session reads its next line (everything typed before was handled). */
  async settled(): Promise<void> {
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Closes the keyboard (end of input, Ctrl-D) and waits for the session to end. */
  async end(): Promise<void> {
    this.input.end();
    await this.running;
  }

  async finished(): Promise<void> {
    await this.running;
  }

  close(): void {
    this.app.close();
  }
}
