import { z } from 'zod';

/** pino levels accepted by LOG_LEVEL. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An unset variable and an empty one mean the same: "not configured". */
const optionalText = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
  z.string().trim().optional(),
);

/** A number typed in the environment; empty or unset: not given. */
const numberFromText = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined);

/** A duration in minutes (decimals allowed, for rehearsals and tests). */
function minutes(fallback: number) {
  return z.preprocess(
    numberFromText,
    z.number({ error: 'nombre de minutes attendu' }).positive({ error: 'durée positive attendue' }).default(fallback),
  );
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const environmentSchema = z.object({
  DATABASE_PATH: optionalText.default('./data/moderato.db'),
  LOG_LEVEL: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined),
    z.enum(LOG_LEVELS).default('info'),
  ),
  DEFAULT_TIMEZONE: optionalText
    .default('Europe/Paris')
    .refine((value) => isTimeZone(value), { error: 'fuseau horaire IANA inconnu (exemple : Europe/Paris)' }),
  DISCORD_TOKEN: optionalText,
  DISCORD_APP_ID: optionalText,
  DISCORD_GUILD_ID: optionalText,
  DISCORD_TRAINER_ROLE: optionalText,
  DISCORD_API_URL: optionalText.default('https://discord.com/api').pipe(z.url({ error: 'adresse web attendue (http:// ou https://)' })),
  SLACK_BOT_TOKEN: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_TRAINER_IDS: optionalText,
  SLACK_PORT: z.preprocess(
    numberFromText,
    z.number({ error: 'numéro de port attendu' }).int({ error: 'numéro de port attendu' }).min(1, { error: 'port entre 1 et 65535' }).max(65535, { error: 'port entre 1 et 65535' }).default(3000),
  ),
  SLACK_API_URL: optionalText.default('https://slack.com/api/').pipe(z.url({ error: 'adresse web attendue (http:// ou https://)' })),
  RETENTION_DAYS: z.preprocess(
    numberFromText,
    z.number({ error: 'nombre de jours attendu' }).int({ error: 'nombre entier de jours attendu' }).min(30, { error: 'au moins 30 jours' }).optional(),
  ),
  EXAM_READING_MINUTES: minutes(5),
  EXAM_WRITING_MINUTES: minutes(15),
  EXAM_REVIEW_MINUTES: minutes(10),
});

/** Every environment variable moderato reads, for documentation checks. */
export const SETTING_NAMES: readonly string[] = Object.keys(environmentSchema.shape);

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface DiscordSettings {
  token: string;
  appId: string;
  guildId: string | undefined;
  trainerRole: string | undefined;
  apiUrl: string;
}

export interface SlackSettings {
  botToken: string;
  /** Socket Mode when set, else HTTP mode with the signing secret. */
  appToken: string | undefined;
  signingSecret: string | undefined;
  trainerIds: string[];
  apiUrl: string;
  /** HTTP mode only: the port Slack's requests arrive on (behind the operator's HTTPS proxy). */
  port: number;
}

export interface Config {
  databasePath: string;
  logLevel: LogLevel;
  defaultTimezone: string;
  /** Present only when both DISCORD_TOKEN and DISCORD_APP_ID are set. */
  discord: DiscordSettings | undefined;
  /** Drills and logs older than this many days are deleted daily; undefined: kept. */
  retentionDays: number | undefined;
  /** M1.3 phase durations of an exam drill. */
  exam: { readingMinutes: number; writingMinutes: number; reviewMinutes: number };
  /** Present only when SLACK_BOT_TOKEN and either SLACK_APP_TOKEN or SLACK_SIGNING_SECRET are set. */
  slack: SlackSettings | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Discord needs its token and app id together; Slack its bot token with an app token or a signing secret. */
function pairingProblems(environment: NodeJS.ProcessEnv): string[] {
  const set = (name: string) => (environment[name] ?? '').trim() !== '';
  const problems: string[] = [];
  if (set('DISCORD_TOKEN') !== set('DISCORD_APP_ID')) problems.push('DISCORD_TOKEN et DISCORD_APP_ID vont ensemble : définissez les deux pour démarrer Discord, ou aucun.');
  const anySlack = set('SLACK_BOT_TOKEN') || set('SLACK_APP_TOKEN') || set('SLACK_SIGNING_SECRET');
  if (anySlack && !(set('SLACK_BOT_TOKEN') && (set('SLACK_APP_TOKEN') || set('SLACK_SIGNING_SECRET')))) {
    problems.push('Slack demande SLACK_BOT_TOKEN avec SLACK_APP_TOKEN (Socket Mode) ou SLACK_SIGNING_SECRET (mode HTTP).');
  }
  return problems;
}

/** Reads and validates the settings (README, « Configuration »). Throws ConfigError listing every problem. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  // Settings that go together are checked on the raw values too, so one run lists every problem.
  const problems = pairingProblems(environment);
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    throw new ConfigError([
      ...parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '');
        if (issue.code === 'invalid_value') {
          return `${name} : valeur invalide ; attendu : ${issue.values.map(String).join(', ')}`;
        }
        return `${name} : ${issue.message}`;
      }),
      ...problems,
    ]);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;

  let discord: DiscordSettings | undefined;
  if (env.DISCORD_TOKEN && env.DISCORD_APP_ID) {
    discord = {
      token: env.DISCORD_TOKEN,
      appId: env.DISCORD_APP_ID,
      guildId: env.DISCORD_GUILD_ID,
      trainerRole: env.DISCORD_TRAINER_ROLE,
      apiUrl: env.DISCORD_API_URL,
    };
  }

  let slack: SlackSettings | undefined;
  if (env.SLACK_BOT_TOKEN && (env.SLACK_APP_TOKEN || env.SLACK_SIGNING_SECRET)) {
    slack = {
      botToken: env.SLACK_BOT_TOKEN,
      appToken: env.SLACK_APP_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      trainerIds: (env.SLACK_TRAINER_IDS ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== ''),
      apiUrl: env.SLACK_API_URL,
      port: env.SLACK_PORT,
    };
  }

  return {
    databasePath: env.DATABASE_PATH,
    logLevel: env.LOG_LEVEL,
    defaultTimezone: env.DEFAULT_TIMEZONE,
    retentionDays: env.RETENTION_DAYS,
    exam: { readingMinutes: env.EXAM_READING_MINUTES, writingMinutes: env.EXAM_WRITING_MINUTES, reviewMinutes: env.EXAM_REVIEW_MINUTES },
    discord,
    slack,
  };
}
