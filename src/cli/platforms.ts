import { DiscordBot } from '../adapters/discord/bot.js';
import { registerCommands } from '../adapters/discord/register.js';
import { SlackBot } from '../adapters/slack/bot.js';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from '../scenarios/load.js';
import type { Logger } from '../logger.js';
import { EXIT, type Output } from './output.js';
import { writeHeartbeat } from '../store/health.js';

/** Within Docker's default 10 s between SIGTERM and SIGKILL. */
const GRACE_MS = 8_000;

/** `start` with platform settings: the chat adapters run until SIGINT or SIGTERM. */
export async function runPlatforms(config: Config, logger: Logger): Promise<number> {
  const app = await createApp({ config, logger });
  const stops: Array<() => Promise<void>> = [];
  const status: Record<string, () => boolean> = {};
  if (config.discord) {
    const bot = new DiscordBot(app.engine, config.discord, logger);
    await bot.start();
    stops.push(() => bot.stop());
    status.discord = () => bot.client.isReady();
  }
  if (config.slack) {
    const bot = new SlackBot(app.engine, config.slack, logger);
    await bot.start();
    stops.push(() => bot.stop());
    status.slack = () => bot.connected;
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
  output.out(`${count} commande(s) enregistrée(s) (${scope}).`);
  return EXIT.ok;
}
