import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord.js';
import { startBot } from '../helpers/bot-process.js';
import { ROOT } from '../helpers/cli.js';
import { hostPath, replayDockerfile } from '../helpers/dockerfile-replay.js';

const cleanups: Array<() => Promise<void> | void> = [];
/** The « node » user of the official Node images. */
const NODE_UID = 1000;
afterAll(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

describe('the Dockerfile, replayed step by step without a Docker engine', () => {
  it('gives an image of production dependencies that starts as a non-root user, passes its HEALTHCHECK and stops cleanly on SIGTERM', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'moderato-image-'));
    // The packages come from npm's cache when CI's own install filled it (same lockfile).
    const stages = await replayDockerfile(ROOT, workspace, { runEnv: { npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false' } });
    expect(stages.map((stage) => stage.image)).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    const [build, runtime] = stages as [(typeof stages)[0], (typeof stages)[0]];

    // Build stage: native toolchain for better-sqlite3, npm 11, install with dev dependencies, then prune them.
    expect(build.system).toEqual([expect.stringMatching(/apt-get install .*python3 make g\+\+/), 'npm install -g npm@11.19.1']);
    expect(build.replayed).toEqual(['npm ci --no-audit --no-fund', 'npm prune --omit=dev --no-audit --no-fund']);

    // Run stage: what an operator relies on.
    expect(runtime.user).toBe('node');
    expect(runtime.volumes).toEqual(['/data']);
    expect(runtime.env).toMatchObject({ NODE_ENV: 'production', DATABASE_PATH: '/data/moderato.db' });
    expect(runtime.system).toEqual(['mkdir -p /data && chown node:node /data && ln -s /data /app/data']);
    expect(runtime.healthcheck?.command).toEqual(['node', 'dist/cli.js', 'health']);
    expect(runtime.stopSignal).toBe('SIGTERM');
    expect(runtime.cmd).toEqual(['node', 'dist/cli.js', 'start']);
    const app = join(runtime.root, runtime.workdir);
    for (const devOnly of ['typescript', 'vitest', 'vite', 'tsx', 'fast-check', 'dockerfile-ast', '@types/better-sqlite3', '@types/luxon']) expect(existsSync(join(app, 'node_modules', devOnly)), devOnly).toBe(false);
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(existsSync(join(app, 'tests'))).toBe(false);

    // The system step above, done by hand: the volume's mount point, owned by the image's « node »
    // user (uid 1000 in the official image), and the link the app writes through.
    mkdirSync(hostPath(runtime, '/data'), { recursive: true });
    symlinkSync(hostPath(runtime, '/data'), join(app, 'data'));
    // USER node: as root here, the container's processes run as uid 1000 like in the image; the
    // image's files stay root's and only readable, /data is theirs.
    const asImageUser = process.getuid?.() === 0 ? { uid: NODE_UID, gid: NODE_UID } : {};
    if (process.getuid?.() === 0) {
      chownSync(hostPath(runtime, '/data'), NODE_UID, NODE_UID);
      chmodSync(workspace, 0o755);
    }
    // The container starts as the README says: `--env-file .env`, a copy of .env.example with the
    // tokens filled in. Docker's env-file takes each KEY=VALUE line as is, over the image's ENV.
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const guild = fake.addGuild({ name: 'Promo CM', channels: [{ name: 'entrainement' }] });
    const envFile = Object.fromEntries(readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n').filter((line) => /^[A-Z_]+=/.test(line)).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const operator = { ...envFile, DISCORD_TOKEN: fake.token, DISCORD_APP_ID: fake.applicationId, DISCORD_GUILD_ID: guild.id, DISCORD_API_URL: fake.apiUrl };
    const env = { ...runtime.env, ...operator };
    const [program, cli, ...args] = runtime.cmd!;
    expect(program).toBe('node');
    const bot = startBot(env, { cli: join(app, cli!), args, cwd: app, ...asImageUser });
    cleanups.push(async () => {
      if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill('SIGKILL');
      await bot.exited;
    });
    const ready = await bot.waitForLog('moteur prêt', 30_000);
    // Every scenario of the bank made it into the image.
    expect(ready.scenarios).toBe(readdirSync(join(ROOT, 'scenarios')).filter((name) => name.endsWith('.yaml')).length);
    // The database is on the volume, whatever DATABASE_PATH the env-file gave, written by the image's user.
    const database = join(hostPath(runtime, '/data'), 'moderato.db');
    expect(existsSync(database)).toBe(true);
    expect(statSync(database).uid).toBe(process.getuid?.() === 0 ? NODE_UID : process.getuid?.());

    const healthcheck = () => spawnSync(process.execPath, runtime.healthcheck!.command.slice(1), { cwd: app, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', timeout: 10_000, ...asImageUser });
    const healthy = healthcheck();
    expect(healthy.stderr).toBe('');
    expect(healthy.status).toBe(0);
    expect(healthy.stdout).toBe('base : accessible en écriture\nmigrations : à jour\ndiscord : connecté\n');

    bot.child.kill(runtime.stopSignal as NodeJS.Signals);
    expect((await bot.exited).code).toBe(0);
    expect(bot.logs.map((line) => line.msg)).toContain('arrêté proprement');
    const stopped = healthcheck();
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toContain('discord : déconnecté');
  }, 300_000);
});
