import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { EXIT, processOutput, type Output } from './output.js';
import { scenariosCheck } from './scenarios-check.js';

export const USAGE = `Utilisation : moderato <commande>

Commandes :
  scenarios check [DOSSIER_OU_FICHIER] [--json]
                                       valide chaque scénario du dossier (par défaut : scenarios/),
                                       ou un seul fichier de scénario
  score --scenario FICHIER_OU_ID --answers FICHIER [--json]
                                       évalue un fichier de réponses (Cr7.1, Cr7.2)
  drill [--scenario ID] [--practice]   exercice de modération dans le terminal (examen M1.3 ou entraînement)
  start                                démarre les adaptateurs configurés (le terminal par défaut)
  discord register                     enregistre les commandes slash Discord
  backup FICHIER                       sauvegarde à chaud de la base SQLite
  health                               état : base inscriptible, migrations, bot et adaptateurs connectés
  help                                 affiche cette aide`;

async function drill(options: { scenario: string | undefined; practice: boolean }, command: 'drill' | 'start'): Promise<number> {
  const config = loadConfig();
  // The terminal drill shares the screen with the logs: only warnings unless LOG_LEVEL says otherwise.
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  if (command === 'start' && (config.discord || config.slack)) {
    const { runPlatforms } = await import('./platforms.js');
    return runPlatforms(config, createLogger(config.logLevel));
  }
  const { drillCommand } = await import('./drill.js');
  return drillCommand(options, config, logger);
}

export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      scenario: { type: 'string' },
      answers: { type: 'string' },
      practice: { type: 'boolean', default: false },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    output.out(USAGE);
    return command === undefined && !values.help ? EXIT.badInput : EXIT.ok;
  }
  if (command === 'scenarios' && sub === 'check' && rest.length <= 1) {
    return scenariosCheck(rest[0], values.json, output);
  }
  if (command === 'score' && sub === undefined) {
    // Loaded on demand: the dictionary and lexicons are not needed by other commands.
    const { scoreCommand } = await import('./score.js');
    return scoreCommand({ scenario: values.scenario, answers: values.answers, json: values.json }, output);
  }
  if (command === 'discord' && sub === 'register' && rest.length === 0) {
    const { discordRegister } = await import('./platforms.js');
    return discordRegister(loadConfig(), output);
  }
  if (command === 'health' && sub === undefined) {
    const { healthCommand } = await import('./health.js');
    return healthCommand(loadConfig(), output);
  }
  if (command === 'backup' && rest.length === 0) {
    const { backupCommand } = await import('./backup.js');
    return backupCommand(sub, loadConfig(), output);
  }
  if ((command === 'start' || command === 'drill') && sub === undefined) {
    return drill({ scenario: values.scenario, practice: values.practice }, command);
  }
  output.err(`Commande inconnue : ${positionals.join(' ')}\n\n${USAGE}`);
  return EXIT.badInput;
}

