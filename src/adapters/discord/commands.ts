import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Scenario } from '../../core/scenario/schema.js';

/** The same English text for both English locales Discord knows. */
function english(text: string): { 'en-US': string; 'en-GB': string } {
  return { 'en-US': text, 'en-GB': text };
}

function scenarioOption(scenarios: Scenario[]) {
  return {
    type: ApplicationCommandOptionType.String as const,
    name: 'scenario',
    name_localizations: { fr: 'cas' },
    description: 'Le cas à travailler (au hasard sinon)',
    description_localizations: english('The case to work on (random otherwise)'),
    required: false,
    // Discord allows 25 choices; a larger bank would need autocomplete.
    choices: scenarios.slice(0, 25).map((scenario) => ({ name: `${scenario.title} — ${scenario.brand.name}`.slice(0, 100), value: scenario.id })),
  };
}

function modeOption() {
  return {
    type: ApplicationCommandOptionType.String as const,
    name: 'mode',
    description: 'Examen chronométré ou entraînement',
    description_localizations: english('Timed exam or practice'),
    required: false,
    choices: [
      { name: 'Examen (M1.3)', name_localizations: english('Exam (M1.3)'), value: 'exam' },
      { name: 'Entraînement', name_localizations: english('Practice'), value: 'practice' },
    ],
  };
}

function codeOption(description: string, englishText: string) {
  return { type: ApplicationCommandOptionType.String as const, name: 'code', description, description_localizations: english(englishText), required: true, min_length: 6, max_length: 12 };
}

/** The slash commands, French first with English localisations. */
export function slashCommands(scenarios: Scenario[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      name: 'drill',
      description: 'Exercices de modération (épreuve M1.3)',
      description_localizations: english('Moderation drills (M1.3 test)'),
      dm_permission: false,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'start',
          name_localizations: { fr: 'commencer' },
          description: 'Commencer un exercice dans un fil privé',
          description_localizations: english('Start a drill in a private thread'),
          options: [scenarioOption(scenarios), modeOption()],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'launch',
          name_localizations: { fr: 'lancer' },
          description: 'Formateurs : lancer un exercice pour la cohorte liée à ce salon',
          description_localizations: english('Trainers: launch a drill for the cohort bound to this channel'),
          options: [
            { ...scenarioOption(scenarios), description: 'Le cas à faire travailler', description_localizations: english('The case to work on'), required: true },
            {
              type: ApplicationCommandOptionType.String,
              name: 'when',
              name_localizations: { fr: 'quand' },
              description: 'Début : maintenant, 14:30, demain 9h, 01/12 14:00… (fuseau de la cohorte)',
              description_localizations: english('Start: now, 14:30, tomorrow 9h, 01/12 14:00… (cohort time zone)'),
              required: false,
              max_length: 40,
            },
            modeOption(),
          ],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'resume',
          name_localizations: { fr: 'reprendre' },
          description: 'Reprendre l’exercice en cours',
          description_localizations: english('Resume the drill in progress'),
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'history',
          name_localizations: { fr: 'historique' },
          description: 'Vos résultats et votre progression',
          description_localizations: english('Your results and progress'),
        },
      ],
    },
    {
      name: 'cohort',
      name_localizations: { fr: 'cohorte' },
      description: 'Votre cohorte de formation',
      description_localizations: english('Your training cohort'),
      dm_permission: false,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'join',
          name_localizations: { fr: 'rejoindre' },
          description: 'Rejoindre une cohorte avec le code du formateur',
          description_localizations: english('Join a cohort with the trainer’s code'),
          options: [codeOption('Le code d’inscription (6 caractères)', 'The join code (6 characters)')],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'create',
          name_localizations: { fr: 'creer' },
          description: 'Formateurs : créer une cohorte liée à ce salon',
          description_localizations: english('Trainers: create a cohort bound to this channel'),
          options: [{ type: ApplicationCommandOptionType.String, name: 'name', name_localizations: { fr: 'nom' }, description: 'Nom de la cohorte', description_localizations: english('Cohort name'), required: true, min_length: 2, max_length: 60 }],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'bind',
          name_localizations: { fr: 'lier' },
          description: 'Formateurs : lier ce salon à une cohorte existante (créée sur Slack par exemple)',
          description_localizations: english('Trainers: bind this channel to an existing cohort (created in Slack, say)'),
          options: [codeOption('Le code d’inscription de la cohorte', 'The cohort’s join code')],
        },
      ],
    },
  ];
}
