import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/** The same English text for both English locales Discord knows. */
function english(text: string): { 'en-US': string; 'en-GB': string } {
  return { 'en-US': text, 'en-GB': text };
}

function scenarioOption() {
  return {
    type: ApplicationCommandOptionType.String as const,
    name: 'scenario',
    name_localizations: { fr: 'cas' },
    description: 'Le cas à travailler (au hasard sinon)',
    description_localizations: english('The case to work on (random otherwise)'),
    required: false,
    // Any bank size: the cases matching what is typed are asked of the engine as the learner types (see bot.ts).
    autocomplete: true as const,
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

/**
 * Where a command may be used (Discord's `contexts`, replacing the deprecated `dm_permission`):
 * in a server only, or in a server and in a DM with the bot. The app is installed on servers only
 * (`integration_types`), so a user's other DMs are never a context. Both are for global commands;
 * a guild registration leaves them out (see register.ts).
 */
const SERVER_ONLY = { contexts: [InteractionContextType.Guild], integration_types: [ApplicationIntegrationType.GuildInstall] };
const SERVER_AND_BOT_DM = { contexts: [InteractionContextType.Guild, InteractionContextType.BotDM], integration_types: [ApplicationIntegrationType.GuildInstall] };

/**
 * The slash commands: English base names (scripts and the README use them), French
 * localisations — accents included, which Discord allows in names — and English descriptions.
 */
export function slashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      name: 'drill',
      description: 'Exercices de modération (épreuve M1.3)',
      description_localizations: english('Moderation drills (M1.3 test)'),
      ...SERVER_ONLY,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'start',
          name_localizations: { fr: 'commencer' },
          description: 'Commencer un exercice dans un fil privé',
          description_localizations: english('Start a drill in a private thread'),
          options: [scenarioOption(), modeOption()],
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
      ...SERVER_ONLY,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'join',
          name_localizations: { fr: 'rejoindre' },
          description: 'Rejoindre une cohorte avec le code du formateur',
          description_localizations: english('Join a cohort with the trainer’s code'),
          options: [codeOption('Le code d’inscription (6 caractères)', 'The join code (6 characters)')],
        },
      ],
    },
    {
      // Shown by default to members who may manage the server; a server's admins can open it to
      // the trainers' role (Server settings › Integrations). moderato checks the trainer itself.
      name: 'trainer',
      name_localizations: { fr: 'formateur' },
      description: 'Formateurs : cohortes, lancements d’exercices et jalons',
      description_localizations: english('Trainers: cohorts, drill launches and milestones'),
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      ...SERVER_ONLY,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'create',
          name_localizations: { fr: 'créer' },
          description: 'Créer une cohorte liée à ce salon',
          description_localizations: english('Create a cohort bound to this channel'),
          options: [{ type: ApplicationCommandOptionType.String, name: 'name', name_localizations: { fr: 'nom' }, description: 'Nom de la cohorte', description_localizations: english('Cohort name'), required: true, min_length: 2, max_length: 60 }],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'bind',
          name_localizations: { fr: 'lier' },
          description: 'Lier ce salon à une cohorte existante (créée sur Slack par exemple)',
          description_localizations: english('Bind this channel to an existing cohort (created in Slack, say)'),
          options: [codeOption('Le code d’inscription de la cohorte', 'The cohort’s join code')],
        },
        {
          type: ApplicationCommandOptionType.Subcommand,
          name: 'launch',
          name_localizations: { fr: 'lancer' },
          description: 'Lancer un exercice pour la cohorte liée à ce salon',
          description_localizations: english('Launch a drill for the cohort bound to this channel'),
          options: [
            { ...scenarioOption(), description: 'Le cas à faire travailler', description_localizations: english('The case to work on'), required: true },
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
          name: 'milestone',
          name_localizations: { fr: 'jalon' },
          description: 'Un jalon de la cohorte (examen, dossier, oral), rappelé à J-30, J-7 et J-1',
          description_localizations: english('A cohort milestone (exam, file, oral), reminded 30, 7 and 1 days before'),
          options: [
            codeOption('Le code d’inscription de la cohorte', 'The cohort’s join code'),
            { type: ApplicationCommandOptionType.String, name: 'date', description: 'Date (2027-01-15 ou 15/01/2027)', description_localizations: english('Date (2027-01-15 or 15/01/2027)'), required: true, max_length: 10 },
            { type: ApplicationCommandOptionType.String, name: 'time', name_localizations: { fr: 'heure' }, description: 'Heure (09:00)', description_localizations: english('Time (09:00)'), required: true, max_length: 5 },
            { type: ApplicationCommandOptionType.String, name: 'label', name_localizations: { fr: 'libellé' }, description: 'Examen, remise du dossier, oral blanc…', description_localizations: english('Exam, file due, mock oral…'), required: true, max_length: 100 },
          ],
        },
      ],
    },
    {
      name: 'nudges',
      name_localizations: { fr: 'rappels' },
      description: 'Vos rappels : publications, jalons, exercices de cohorte',
      description_localizations: english('Your reminders: posts, milestones, cohort drills'),
      ...SERVER_AND_BOT_DM,
      options: [
        {
          type: ApplicationCommandOptionType.Subcommand, name: 'on', name_localizations: { fr: 'activer' }, description: 'Activer les rappels (en message privé)', description_localizations: english('Turn reminders on (by DM)'),
          options: [{ type: ApplicationCommandOptionType.String, name: 'timezone', name_localizations: { fr: 'fuseau' }, description: 'Votre fuseau (Europe/Paris par défaut, America/Montreal…)', description_localizations: english('Your time zone (Europe/Paris by default)'), required: false, max_length: 40 }],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: 'off', name_localizations: { fr: 'arrêter' }, description: 'Arrêter les rappels, tout de suite', description_localizations: english('Stop reminders at once') },
        { type: ApplicationCommandOptionType.Subcommand, name: 'list', name_localizations: { fr: 'liste' }, description: 'Les prochains rappels', description_localizations: english('Upcoming reminders') },
        {
          type: ApplicationCommandOptionType.Subcommand, name: 'snooze', name_localizations: { fr: 'pause' }, description: 'Mettre les rappels en pause', description_localizations: english('Snooze reminders'),
          options: [{ type: ApplicationCommandOptionType.String, name: 'for', name_localizations: { fr: 'durée' }, description: 'Durée', description_localizations: english('How long'), required: true, choices: [{ name: '1 heure', name_localizations: english('1 hour'), value: '1h' }, { name: 'Jusqu’à demain', name_localizations: english('Until tomorrow'), value: 'tomorrow' }, { name: 'Une semaine', name_localizations: english('A week'), value: 'week' }] }],
        },
        { type: ApplicationCommandOptionType.Subcommand, name: 'resume', name_localizations: { fr: 'reprendre' }, description: 'Reprendre les rappels', description_localizations: english('Resume reminders') },
        {
          type: ApplicationCommandOptionType.Subcommand, name: 'quiet', name_localizations: { fr: 'calme' }, description: 'Heures calmes (21:00-08:00 par défaut)', description_localizations: english('Quiet hours (21:00-08:00 by default)'),
          options: [{ type: ApplicationCommandOptionType.String, name: 'hours', name_localizations: { fr: 'plage' }, description: '21:00-08:00', description_localizations: english('21:00-08:00'), required: true, max_length: 11 }],
        },
        {
          type: ApplicationCommandOptionType.Subcommand, name: 'timezone', name_localizations: { fr: 'fuseau' }, description: 'Votre fuseau horaire', description_localizations: english('Your time zone'),
          options: [{ type: ApplicationCommandOptionType.String, name: 'zone', description: 'Europe/Paris, America/Montreal, Pacific/Noumea…', description_localizations: english('Europe/Paris, America/Montreal…'), required: true, max_length: 40 }],
        },
      ],
    },
    {
      name: 'calendar',
      name_localizations: { fr: 'calendrier' },
      description: 'Votre calendrier éditorial d’un mois (Cr3.3)',
      description_localizations: english('Your one-month editorial calendar'),
      ...SERVER_AND_BOT_DM,
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: 'import', name_localizations: { fr: 'importer' }, description: 'Coller un calendrier CSV (date;heure;réseau;axe;titre) ou iCalendar', description_localizations: english('Paste a CSV or iCalendar calendar') },
        { type: ApplicationCommandOptionType.Subcommand, name: 'show', name_localizations: { fr: 'voir' }, description: 'Voir votre calendrier', description_localizations: english('Show your calendar') },
        { type: ApplicationCommandOptionType.Subcommand, name: 'clear', name_localizations: { fr: 'effacer' }, description: 'Effacer votre calendrier', description_localizations: english('Clear your calendar') },
      ],
    },
    {
      name: 'coach',
      description: 'Préparer le dossier et l’oral : fiches C1 à C7, ce qui est fait, la suite',
      description_localizations: english('Prepare the file and the oral: C1–C7 checklists, progress, next step'),
      ...SERVER_AND_BOT_DM,
      options: [
        {
          type: ApplicationCommandOptionType.String, name: 'competency', name_localizations: { fr: 'compétence' }, description: 'Une compétence (sinon : votre préparation d’ensemble)', description_localizations: english('A competency (otherwise: your overall readiness)'), required: false,
          choices: ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'].map((id) => ({ name: id, value: id })),
        },
        {
          type: ApplicationCommandOptionType.String, name: 'tool', name_localizations: { fr: 'outil' }, description: 'Modèles et vérifications de vos livrables', description_localizations: english('Templates and checks of your artefacts'), required: false,
          choices: [
            { name: 'Modèle de ligne éditoriale', name_localizations: english('Editorial line template'), value: 'template ligne' },
            { name: 'Vérifier ma ligne éditoriale et mon calendrier', name_localizations: english('Check my editorial line and calendar'), value: 'check ligne' },
            { name: 'Modèle de publication', name_localizations: english('Publication template'), value: 'template publication' },
            { name: 'Vérifier une publication', name_localizations: english('Check a publication'), value: 'check publication' },
            { name: 'Modèle du tableau de suivi des indicateurs', name_localizations: english('KPI reporting table template'), value: 'template indicateurs' },
            { name: 'Vérifier mon tableau de suivi', name_localizations: english('Check my KPI reporting table'), value: 'check indicateurs' },
            { name: 'Modèle de plan d’action', name_localizations: english('Action plan template'), value: 'template plan' },
            { name: 'Vérifier mon plan d’action et ses résultats', name_localizations: english('Check my action plan and results'), value: 'check plan' },
            { name: 'Modèle des actions d’amélioration', name_localizations: english('Improvement actions template'), value: 'template actions' },
            { name: 'Vérifier mes actions d’amélioration', name_localizations: english('Check my improvement actions'), value: 'check actions' },
          ],
        },
        { type: ApplicationCommandOptionType.String, name: 'cohort', name_localizations: { fr: 'cohorte' }, description: 'Formateurs : la préparation d’une cohorte (nom ou code)', description_localizations: english('Trainers: a cohort’s readiness (name or code)'), required: false, max_length: 60 },
      ],
    },
    {
      name: 'oral',
      description: 'Oral blanc (M1.2) : 15 min de présentation minutée, puis 10 min de questions du jury',
      description_localizations: english('Mock oral (M1.2): a timed 15-minute presentation, then 10 minutes of jury questions'),
      ...SERVER_AND_BOT_DM,
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: 'start', name_localizations: { fr: 'commencer' }, description: 'Commencer (les jalons et les questions arrivent en message privé)', description_localizations: english('Start (milestones and questions come by DM)') },
        { type: ApplicationCommandOptionType.Subcommand, name: 'stop', name_localizations: { fr: 'arrêter' }, description: 'Arrêter l’oral blanc', description_localizations: english('Stop the mock oral') },
      ],
    },
    {
      name: 'privacy',
      name_localizations: { fr: 'données' },
      description: 'Vos données : les exporter (JSON) ou les effacer',
      description_localizations: english('Your data: export it (JSON) or erase it'),
      ...SERVER_AND_BOT_DM,
      options: [
        { type: ApplicationCommandOptionType.Subcommand, name: 'export', name_localizations: { fr: 'exporter' }, description: 'Recevoir tout ce que moderato garde sur vous', description_localizations: english('Get everything moderato keeps about you') },
        { type: ApplicationCommandOptionType.Subcommand, name: 'erase', name_localizations: { fr: 'effacer' }, description: 'Tout effacer (avec confirmation)', description_localizations: english('Erase everything (with confirmation)') },
      ],
    },
  ];
}
