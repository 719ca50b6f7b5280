import { ApplicationCommandOptionType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { Scenario } from '../../core/scenario/schema.js';

/** The same English text for both English locales Discord knows. */
function english(text: string): { 'en-US': string; 'en-GB': string } {
  return { 'en-US': text, 'en-GB': text };
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
          options: [
            {
              type: ApplicationCommandOptionType.String,
              name: 'scenario',
              name_localizations: { fr: 'cas' },
              description: 'Le cas à travailler (au hasard sinon)',
              description_localizations: english('The case to work on (random otherwise)'),
              required: false,
              // Discord allows 25 choices; a larger bank would need autocomplete.
              choices: scenarios.slice(0, 25).map((scenario) => ({ name: `${scenario.title} — ${scenario.brand.name}`.slice(0, 100), value: scenario.id })),
            },
            {
              type: ApplicationCommandOptionType.String,
              name: 'mode',
              description: 'Examen chronométré ou entraînement',
              description_localizations: english('Timed exam or practice'),
              required: false,
              choices: [
                { name: 'Examen (M1.3)', name_localizations: english('Exam (M1.3)'), value: 'exam' },
                { name: 'Entraînement', name_localizations: english('Practice'), value: 'practice' },
              ],
            },
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
  ];
}
