import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { EXIT, processOutput, type Output } from './output.js';
import { scenariosCheck } from './scenarios-check.js';

export const USAGE = `Utilisation : moderato <commande>

Commandes :
  scenarios check [DOSSIER] [--json]   valide chaque scénario du dossier (par défaut : scenarios/)
  score --scenario FICHIER_OU_ID --answers FICHIER [--json]
                                       évalue un fichier de réponses (Cr7.1, Cr7.2)
  start                                démarre les adaptateurs configurés
  help                                 affiche cette aide`;

async function start(output: Output): Promise<number> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  logger.info({ discord: Boolean(config.discord), slack: Boolean(config.slack) }, 'configuration chargée');
  output.err("Aucun adaptateur n'est encore disponible dans cette version : l'exercice en terminal arrive avec le moteur de conversation.");
  return EXIT.error;
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
  if (command === 'start') return start(output);
  output.err(`Commande inconnue : ${positionals.join(' ')}\n\n${USAGE}`);
  return EXIT.badInput;
}

