import { DiscordBot } from '../adapters/discord/bot.js';
import { registerCommands } from '../adapters/discord/register.js';
import { SlackBot } from '../adapters/slack/bot.js';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from '../scenarios/load.js';
import type { Logger } from '../logger.js';
import { EXIT, type Output } from './output.js';
import { writeHeartbeat } from '../store/health.js';
import { plural } from '../core/rubric/labels.js';

/** Within Docker's default 10 s between SIGTERM and SIGKILL. */
const GRACE_MS = 8_000;

/** A chat platform refused or could not be reached at start-up: one line for the operator. */
export class PlatformStartError extends Error {
  constructor(platform: string, error: unknown) {
    super(`${platform} : connexion impossible — ${explainStartError(platform, error)}`);
    this.name = 'PlatformStartError';
  }
}

function explainStartError(platform: string, error: unknown): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const detail = String((error as { data?: { error?: unknown } }).data?.error ?? (error instanceof Error ? error.message : error));
  if (code === 'TokenInvalid' || /invalid_auth|not_authed|token_revoked|account_inactive/.test(detail)) {
    return platform === 'Discord' ? 'jeton refusé par Discord (DISCORD_TOKEN).' : `jeton refusé par Slack (${detail} : SLACK_BOT_TOKEN, SLACK_APP_TOKEN).`;
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(`${code} ${detail}`)) return `serveur injoignable (${detail}) : réseau, pare-feu ou ${platform === 'Discord' ? 'DISCORD_API_URL' : 'SLACK_API_URL'}.`;
  return detail;
}

async function startAdapter(platform: string, start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    throw new PlatformStartError(platform, error);
  }
}

/** `start` with platform settings: the chat adapters run until SIGINT or SIGTERM. */
export async function runPlatforms(config: Config, logger: Logger): Promise<number> {
  const app = await createApp({ config, logger });
  const stops: Array<() => Promise<void>> = [];
  const status: Record<string, () => boolean> = {};
  try {
    if (config.discord) {
      const bot = new DiscordBot(app.engine, config.discord, logger);
      stops.push(() => bot.stop());
      await startAdapter('Discord', () => bot.start());
      status.discord = () => bot.client.isReady();
    }
    if (config.slack) {
      const bot = new SlackBot(app.engine, config.slack, logger);
      stops.push(() => bot.stop());
      await startAdapter('Slack', () => bot.start());
      status.slack = () => bot.connected;
    }
  } catch (error) {
    // Nothing half-started stays behind: the other adapter disconnects, the database closes.
    for (const stop of stops) await stop().catch(() => undefined);
    app.close();
    throw error;
  }
  // A heartbeat every 30 s for « moderato health » (a container's HEALTHCHECK).
  const beat = () => writeHeartbeat(app.db, { at: Date.now(), adapters: Object.fromEntries(Object.entries(status).map(([name, connected]) => [name, connected()])) });
  beat();
  const heartbeat = setInterval(beat, 30_000);
  heartbeat.unref();
  stops.unshift(async () => clearInterval(heartbeat));
  // After the adapters: what restarts (reminders, cohort launches) has somewhere to go.
  app.restore();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('arrêt demandé : plus de nouvelles actions, fin de celles en cours');
  const { left } = await app.stop(GRACE_MS);
  if (left > 0) logger.warn({ left }, 'arrêt : des envois en cours n’ont pas fini à temps (les rappels non délivrés partiront au redémarrage)');
  for (const stop of stops) await stop();
  // Stopped on purpose: health says so at once rather than after the heartbeat goes stale.
  writeHeartbeat(app.db, { at: Date.now(), adapters: Object.fromEntries(Object.keys(status).map((name) => [name, false])) });
  app.close();
  logger.info('arrêté proprement');
  return EXIT.ok;
}

/** `discord register`: the slash commands, with the scenario bank as choices. */
export async function discordRegister(config: Config, output: Output): Promise<number> {
  if (!config.discord) {
    output.err('DISCORD_TOKEN et DISCORD_APP_ID sont nécessaires pour enregistrer les commandes.');
    return EXIT.error;
  }
  const bank = await loadScenarioDir(BUNDLED_SCENARIO_DIR);
  const { scope, count } = await registerCommands(config.discord, bank.scenarios.map(({ scenario }) => scenario));
  output.out(`${plural(count, 'commande enregistrée', 'commandes enregistrées')} (${scope}).`);
  return EXIT.ok;
}
