import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeDiscord } from '../fakes/discord.js';
import { startFakeSlack } from '../fakes/slack-server.js';
import { startBot } from '../helpers/bot-process.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** `moderato start` as an operator runs it; resolves with its exit code and what it printed on stderr. */
async function start(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const bot = startBot({ DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'moderato-start-')), 'm.db'), LOG_LEVEL: 'silent', ...env });
  const { code } = await bot.exited;
  return { code, stderr: bot.logs.map((line) => line.msg).join('\n') };
}

describe('start-up against a platform that refuses', () => {
  it('stops with one line per cause: a refused Discord token, a refused Slack token, an unreachable server', async () => {
    const discord = await startFakeDiscord();
    const slack = await startFakeSlack();
    cleanups.push(() => discord.close(), () => slack.close());

    expect(await start({ DISCORD_TOKEN: 'faux-jeton', DISCORD_APP_ID: discord.applicationId, DISCORD_API_URL: discord.apiUrl })).toEqual({ code: 1, stderr: 'Discord : connexion impossible — jeton refusé par Discord (DISCORD_TOKEN).' });
    expect(await start({ SLACK_BOT_TOKEN: 'xoxb-faux', SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.apiUrl })).toEqual({ code: 1, stderr: 'Slack : connexion impossible — jeton refusé par Slack (invalid_auth : SLACK_BOT_TOKEN, SLACK_APP_TOKEN).' });
    expect(await start({ SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: 'xapp-faux', SLACK_API_URL: slack.apiUrl })).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Slack : connexion impossible — jeton refusé par Slack/) });
    const unreachable = await start({ DISCORD_TOKEN: discord.token, DISCORD_APP_ID: discord.applicationId, DISCORD_API_URL: 'http://127.0.0.1:9/api' });
    expect(unreachable).toEqual({ code: 1, stderr: 'Discord : connexion impossible — serveur injoignable (connect ECONNREFUSED 127.0.0.1:9) : réseau, pare-feu ou DISCORD_API_URL.' });
  }, 60_000);
});
