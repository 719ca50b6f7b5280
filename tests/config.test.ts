import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      databasePath: './data/moderato.db',
      logLevel: 'info',
      defaultTimezone: 'Europe/Paris',
      exam: { readingMinutes: 5, writingMinutes: 15, reviewMinutes: 10 },
      discord: undefined,
      slack: undefined,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_PATH: '', LOG_LEVEL: ' ', DISCORD_TOKEN: '' }).databasePath).toBe('./data/moderato.db');
  });

  it('starts Discord only when token and app id are both set', () => {
    const config = loadConfig({ DISCORD_TOKEN: 't0ken', DISCORD_APP_ID: '123', DISCORD_API_URL: 'http://127.0.0.1:9999/api' });
    expect(config.discord).toEqual({ token: 't0ken', appId: '123', guildId: undefined, trainerRole: undefined, apiUrl: 'http://127.0.0.1:9999/api' });
    expect(() => loadConfig({ DISCORD_TOKEN: 't0ken' })).toThrow(/DISCORD_TOKEN et DISCORD_APP_ID vont ensemble/);
  });

  it('chooses Socket Mode with an app token and HTTP mode with a signing secret', () => {
    const socket = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_TRAINER_IDS: 'U1, U2,,' });
    expect(socket.slack).toMatchObject({ appToken: 'xapp-1', signingSecret: undefined, trainerIds: ['U1', 'U2'], apiUrl: 'https://slack.com/api/' });
    const http = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's3cret' });
    expect(http.slack).toMatchObject({ appToken: undefined, signingSecret: 's3cret' });
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(ConfigError);
  });

  it('lists every invalid setting in one error', () => {
    try {
      loadConfig({ LOG_LEVEL: 'loud', DEFAULT_TIMEZONE: 'Europe/Toulouse', DISCORD_API_URL: 'pas une url' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toBe('LOG_LEVEL : valeur invalide ; attendu : fatal, error, warn, info, debug, trace, silent');
      expect(problems.join('\n')).toContain('DEFAULT_TIMEZONE : fuseau horaire IANA inconnu');
      expect(problems.join('\n')).toContain('DISCORD_API_URL : adresse web attendue');
    }
  });

  it('lists a missing partner setting with the invalid values, not on a second run', () => {
    expect(() => loadConfig({ DEFAULT_TIMEZONE: 'Mars/Olympus', DISCORD_TOKEN: 't0ken', SLACK_APP_TOKEN: 'xapp-1' })).toThrow(
      new ConfigError([
        'DEFAULT_TIMEZONE : fuseau horaire IANA inconnu (exemple : Europe/Paris)',
        'DISCORD_TOKEN et DISCORD_APP_ID vont ensemble : définissez les deux pour démarrer Discord, ou aucun.',
        'Slack demande SLACK_BOT_TOKEN avec SLACK_APP_TOKEN (Socket Mode) ou SLACK_SIGNING_SECRET (mode HTTP).',
      ]),
    );
  });
});

describe('logger', () => {
  it('never writes a secret, even when the whole configuration is logged', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    const config = loadConfig({ DISCORD_TOKEN: 'discord-secret', DISCORD_APP_ID: '1', SLACK_BOT_TOKEN: 'xoxb-secret', SLACK_APP_TOKEN: 'xapp-secret' });
    logger.info({ config }, 'démarrage');
    logger.info({ env: { DISCORD_TOKEN: 'discord-secret', SLACK_SIGNING_SECRET: 'signing-secret' } }, 'environnement');
    logger.info({ request: { headers: { authorization: 'Bot discord-secret' } } }, 'requête');
    const output = lines.join('');
    expect(output).toContain('démarrage');
    expect(output).toContain('[secret]');
    for (const secret of ['discord-secret', 'xoxb-secret', 'xapp-secret', 'signing-secret']) expect(output).not.toContain(secret);
  });
});
