import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ROOT } from './cli.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface BotProcess {
  readonly child: ChildProcess;
  /** pino's JSON lines (stderr), parsed, in order. */
  readonly logs: Array<{ msg?: string; level?: number } & Record<string, unknown>>;
  /** What the process printed on stdout (command output). */
  readonly stdout: string[];
  /** Resolves with the first log line whose message contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The built CLI (`moderato start`) as its own process, the way an operator or a container runs it. */
export function startBot(env: NodeJS.ProcessEnv, options: { args?: string[]; cwd?: string; cli?: string; uid?: number; gid?: number } = {}): BotProcess {
  const { args = ['start'], cwd = ROOT, cli = CLI, uid, gid } = options;
  // Nothing of the developer's own configuration leaks in: only what the test sets.
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(DISCORD|SLACK|DATABASE|RETENTION|EXAM|LOG)_/.test(name)));
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...base, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'], ...(uid !== undefined ? { uid } : {}), ...(gid !== undefined ? { gid } : {}) });
  const logs: BotProcess['logs'] = [];
  const stdout: string[] = [];
  const waiters: Array<{ text: string; resolve: (line: Record<string, unknown>) => void }> = [];
  let buffer = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const raw = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let line: BotProcess['logs'][number];
      try {
        line = JSON.parse(raw) as BotProcess['logs'][number];
      } catch {
        line = { msg: raw };
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (String(line.msg ?? '').includes(waiter.text)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    logs,
    stdout,
    exited,
    waitForLog(text, timeoutMs = 20_000) {
      const found = logs.find((line) => String(line.msg ?? '').includes(text));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`pas de « ${text} » dans les journaux du bot après ${timeoutMs} ms :\n${logs.map((line) => line.msg).join('\n')}\n${stdout.join('')}`)), timeoutMs);
        waiters.push({ text, resolve: (line) => { clearTimeout(timer); resolve(line); } });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`le bot s’est arrêté sans « ${text} » :\n${logs.map((line) => line.msg).join('\n')}\n${stdout.join('')}`));
        });
      });
    },
  };
}
