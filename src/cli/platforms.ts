import { registerCommands } from '../adapters/discord/register.js';
import type { ChatAdapter } from '../adapters/port.js';
import { configuredAdapters, createApp } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { EXIT, type Output } from './output.js';
import { writeHeartbeat } from '../store/health.js';
import { plural } from '../core/rubric/labels.js';
import type { Platform } from '../store/learners.js';

/** Within Docker's default 10 s between SIGTERM and SIGKILL. */
const GRACE_MS = 8_000;

/** What the operator reads of a platform that refuses at start-up: its name, and the settings to check. */
const START_ERRORS: Partial<Record<Platform, { name: string; tokenRefused(detail: string): string; address: string }>> = {
  discord: { name: 'Discord', tokenRefused: () => 'jeton refusé par Discord (DISCORD_TOKEN).', address: 'DISCORD_API_URL' },
  slack: { name: 'Slack', tokenRefused: (detail) => `jeton refusé par Slack (${detail} : SLACK_BOT_TOKEN, SLACK_APP_TOKEN).`, address: 'SLACK_API_URL' },
};

/** A chat platform refused or could not be reached at start-up: one line for the operator. */
export class PlatformStartError extends Error {
  constructor(platform: Platform, error: unknown) {
    super(`${START_ERRORS[platform]?.name ?? platform} : connexion impossible — ${explainStartError(platform, error)}`);
    this.name = 'PlatformStartError';
  }
}

function explainStartError(platform: Platform, error: unknown): string {
  const code = String((error as { code?: unknown }).code ?? '');
  const detail = String((error as { data?: { error?: unknown } }).data?.error ?? (error instanceof Error ? error.message : error));
  const settings = START_ERRORS[platform];
  if (!settings) return detail;
  if (code === 'TokenInvalid' || /invalid_auth|not_authed|token_revoked|account_inactive/.test(detail)) return settings.tokenRefused(detail);
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET/.test(`${code} ${detail}`)) return `serveur injoignable (${detail}) : réseau, pare-feu ou ${settings.address}.`;
  return detail;
}

/** Each adapter connected or not, by platform: the heartbeat « moderato health » reads. */
function beat(db: Parameters<typeof writeHeartbeat>[0], adapters: readonly ChatAdapter[], connected: (adapter: ChatAdapter) => boolean): void {
  writeHeartbeat(db, { at: Date.now(), adapters: Object.fromEntries(adapters.map((adapter) => [adapter.platform, connected(adapter)])) });
}

/** `start` with platform settings: the chat adapters run until SIGINT or SIGTERM. */
export async function runPlatforms(config: Config, logger: Logger): Promise<number> {
  // A cohort answers at once: their commits share one fsync, off the event loop.
  const app = await createApp({ config, logger, groupCommit: true });
  const adapters = await configuredAdapters(config, app.engine, logger);
  app.register(adapters);
  const started: ChatAdapter[] = [];
  try {
    for (const adapter of adapters) {
      started.push(adapter);
      await adapter.start().catch((error: unknown) => {
        throw new PlatformStartError(adapter.platform, error);
      });
    }
  } catch (error) {
    // Nothing half-started stays behind: the other adapters disconnect, the database closes.
    for (const adapter of started) await adapter.stop().catch(() => undefined);
    app.close();
    throw error;
  }
  // A heartbeat every 30 s for « moderato health » (a container's HEALTHCHECK).
  beat(app.db, adapters, (adapter) => adapter.connected());
  const heartbeat = setInterval(() => beat(app.db, adapters, (adapter) => adapter.connected()), 30_000);
  heartbeat.unref();
  // After the adapters: what restarts (reminders, cohort launches) has somewhere to go.
  app.restore();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  logger.info('arrêt demandé : plus de nouvelles actions, fin de celles en cours');
  const { left } = await app.stop(GRACE_MS);
  if (left > 0) logger.warn({ left }, 'arrêt : des envois en cours n’ont pas fini à temps (les rappels non délivrés partiront au redémarrage)');
  clearInterval(heartbeat);
  for (const adapter of adapters) await adapter.stop();
  // Stopped on purpose: health says so at once rather than after the heartbeat goes stale.
  beat(app.db, adapters, () => false);
  app.close();
  logger.info('arrêté proprement');
  return EXIT.ok;
}

/** `discord register`: the slash commands (cases are offered by autocomplete, from the bank the bot runs with). */
export async function discordRegister(config: Config, output: Output): Promise<number> {
  if (!config.discord) {
    output.err('DISCORD_TOKEN et DISCORD_APP_ID sont nécessaires pour enregistrer les commandes.');
    return EXIT.error;
  }
  const { scope, count } = await registerCommands(config.discord);
  output.out(`${plural(count, 'commande enregistrée', 'commandes enregistrées')} (${scope}).`);
  return EXIT.ok;
}
