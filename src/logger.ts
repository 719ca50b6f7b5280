import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

/**
 * Secrets must never reach the logs, even when a whole config or request object is logged.
 * Paths cover the settings object, raw environment and typical client options.
 */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.authorization',
  '*.*.token',
  '*.*.botToken',
  '*.*.appToken',
  '*.*.signingSecret',
  '*.*.authorization',
  '*.DISCORD_TOKEN',
  '*.SLACK_BOT_TOKEN',
  '*.SLACK_APP_TOKEN',
  '*.SLACK_SIGNING_SECRET',
  'headers.authorization',
  '*.headers.authorization',
];

/** Logs go to stderr so that stdout stays for command output (README, « Ligne de commande »). */
export function createLogger(level: LogLevel = 'info', destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      name: 'moderato',
      level,
      redact: { paths: REDACTED_PATHS, censor: '[secret]' },
    },
    destination,
  );
}

export type { Logger };
