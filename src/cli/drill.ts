import { userInfo } from 'node:os';
import { TerminalSession } from '../adapters/terminal/session.js';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { systemClock } from '../engine/clock.js';
import type { Inbound } from '../engine/views.js';
import type { Logger } from '../logger.js';
import { EXIT } from './output.js';

export interface DrillOptions {
  scenario: string | undefined;
  practice: boolean;
}

function localUser(): { userId: string; displayName: string } {
  try {
    const name = userInfo().username;
    return { userId: name, displayName: name };
  } catch {
    return { userId: 'local', displayName: 'local' };
  }
}

/** `drill [--scenario ID] [--practice]`, and `start` when no platform is configured: a drill in the terminal. */
export async function drillCommand(options: DrillOptions, config: Config, logger: Logger): Promise<number> {
  const app = await createApp({ config, logger });
  try {
    if (options.scenario && !app.scenarios.has(options.scenario)) {
      process.stderr.write(`Scénario « ${options.scenario} » introuvable ; disponibles : ${[...app.scenarios.keys()].join(', ')}\n`);
      return EXIT.error;
    }
    const session = new TerminalSession(app.engine, { input: process.stdin, output: process.stdout, tty: Boolean(process.stdin.isTTY && process.stdout.isTTY), documentsDir: process.cwd() }, localUser(), systemClock);
    // Registered like the chat adapters: the clock's messages (reading over, reminders, automatic submission) print here.
    app.register([session]);
    await session.start();
    app.restore();
    const first: Inbound = options.scenario
      ? { kind: 'command', name: 'start', args: [options.scenario, options.practice ? 'practice' : 'exam'] }
      : { kind: 'command', name: 'start' };
    await session.run(first);
    await session.stop();
    return EXIT.ok;
  } finally {
    app.close();
  }
}
