import type { DrillMode } from '../core/drill/types.js';
import { CHECK_LABELS, NETWORK_LABELS, CATEGORY_LABELS, MODE_LABELS, plural, verdictLabel } from '../core/rubric/labels.js';
import type { CheckId } from '../core/rubric/types.js';
import type { Scenario } from '../core/scenario/schema.js';
import { formatInstant, parseWhen } from '../core/time/when.js';
import { groupBy } from '../core/util/group-by.js';
import type { CohortResultRow } from '../store/cohort-reports.js';
import type { Cohort, CohortDrill } from '../store/cohorts.js';
import type { DrillOrigin } from '../store/drills.js';
import { PLATFORMS, type Platform } from '../store/learners.js';
import { spreadsheetDateTime } from '../render/csv.js';
import type { CohortNotification, CohortService, NamedChannel } from './cohort-service.js';
import type { DrillService } from './drill-service.js';
import { joinPrompt, LAUNCH_FORM } from './cohort-ids.js';
import type { Desk, DeskContext } from './desk.js';
import type { Envelope } from './envelope.js';
import type { Inbound, View } from './views.js';
import { refuse, refusalsAnswered, unlessTrainer } from './refusal.js';
import { modelAnswersNotice } from './present.js';

/** How results become documents: the CSV and PNG renderers, injected so the desk stays testable. */
export interface ResultDocuments {
  csv(header: string[], rows: Array<Array<string | number | null>>): string;
  chart(input: { title: string; subtitle?: string; threshold?: number; bars: Array<{ label: string; passRate: number; total: number; criterion: 'Cr7.1' | 'Cr7.2' }> }): Uint8Array;
}

/** Commands about cohorts: « cohort-join » is for everyone, the others for trainers. */
const COMMANDS = ['cohort-join', 'cohort-create', 'cohort-create-here', 'cohort-bind', 'cohort-list', 'cohort-show', 'launch', 'launch-form', 'drill-status', 'results'] as const;
type CohortCommandName = (typeof COMMANDS)[number];

/** What the cohort desk recognised in an event. */
export type CohortClaim =
  | { kind: 'command'; name: CohortCommandName; args: string[] }
  /** The invitation's button, carrying the cohort's join code. */
  | { kind: 'join'; code: string }
  /** The launch form's answers (a Slack modal). */
  | { kind: 'launch'; values: Record<string, string> };

const pct = (value: number | null) => (value === null ? '—' : `${Math.round(value * 100)} %`);
const PLATFORM_LABELS: Record<(typeof PLATFORMS)[number], string> = { discord: 'Discord', slack: 'Slack', terminal: 'terminal' };
/** A platform as trainers read it; one added outside src/ (the tests') by its own name. */
function platformLabel(platform: string): string {
  return (PLATFORM_LABELS as Record<string, string>)[platform] ?? platform;
}

function members(count: number): string {
  return plural(count, 'membre');
}

function copies(count: number): string {
  return plural(count, 'copie rendue', 'copies rendues');
}

/** `<#C0123>` (or `<#C0123|nom>`): a channel as Slack and Discord write a mention of it. */
const CHANNEL_MENTION = /^<#([A-Za-z0-9]+)(?:\|[^>]*)?>$/;

/** The words of a command without the channel mentioned among them, and that channel's id. */
function withoutChannel(args: string[]): { words: string[]; channelId?: string } {
  const index = args.findIndex((arg) => CHANNEL_MENTION.test(arg));
  if (index < 0) return { words: args };
  return { words: args.filter((_, position) => position !== index), channelId: CHANNEL_MENTION.exec(args[index]!)![1]! };
}

export interface CohortDeskDeps {
  cohorts: CohortService;
  drills: DrillService;
  scenarios: ReadonlyMap<string, Scenario>;
  now: () => number;
  documents: ResultDocuments;
  passScore: number;
}

/**
 * The cohort use-cases as conversations: learners join, trainers create, bind, launch and read
 * results. Every trainer command is refused unless the platform vouched for the trainer.
 */
export class CohortDesk implements Desk<CohortClaim> {
  constructor(private readonly deps: CohortDeskDeps) {}

  claim(event: Inbound): CohortClaim | undefined {
    if (event.kind === 'command' && (COMMANDS as readonly string[]).includes(event.name)) return { kind: 'command', name: event.name as CohortCommandName, args: event.args ?? [] };
    if (event.kind === 'choice') {
      const code = joinPrompt.parse(event.prompt);
      return code === undefined ? undefined : { kind: 'join', code };
    }
    if (event.kind === 'form' && event.form === LAUNCH_FORM) return { kind: 'launch', values: event.values };
    return undefined;
  }

  run(claim: CohortClaim, context: DeskContext): View[] {
    return refusalsAnswered(() => {
      switch (claim.kind) {
        case 'command':
          return this.command(context, claim.name, claim.args);
        case 'join':
          return this.join(context.learnerId, context.envelope, claim.code);
        case 'launch':
          return this.submitLaunchForm(context.origin, claim.values, context.trainer);
      }
    });
  }

  /** The launch form, for a trainer (their home page's « launch » button). */
  openLaunchForm(trainer: boolean): View[] {
    return unlessTrainer(trainer) ?? this.launchForm();
  }

  private command({ learnerId, envelope, origin, trainer }: DeskContext, name: CohortCommandName, args: string[]): View[] {
    const { cohorts } = this.deps;
    if (name === 'cohort-join') return this.join(learnerId, envelope, args[0]);
    const refusal = unlessTrainer(trainer);
    if (refusal) return refusal;
    switch (name) {
      case 'cohort-create':
      case 'cohort-create-here': {
        const cohort = cohorts.create(args.join(' '), `${envelope.platform}:${envelope.userId}`);
        const bound = name === 'cohort-create-here' && envelope.channelId !== undefined;
        if (bound) cohorts.bind(cohort, envelope.platform, envelope.channelId!);
        return [
          { kind: 'notice', tone: 'success', text: `Cohorte « ${cohort.name} » créée${bound ? ' et liée à ce salon' : ''}. Code d’inscription : ${cohort.joinCode} (les apprenants le donnent à « cohort join »).` },
          this.invitation(cohort),
        ];
      }
      case 'cohort-bind': {
        if (!envelope.channelId) return [refuse('Liez la cohorte depuis le salon où elle travaillera.')];
        const cohort = cohorts.find(args.join(' '));
        cohorts.bind(cohort, envelope.platform, envelope.channelId);
        return [{ kind: 'notice', tone: 'success', text: `Ce salon est lié à la cohorte « ${cohort.name} » : les exercices lancés ici ouvrent un fil privé par membre.` }];
      }
      case 'cohort-list':
        return [this.list()];
      case 'cohort-show':
        return [this.show(cohorts.find(args.join(' ')))];
      case 'launch': {
        const { words, channelId } = withoutChannel(args);
        const [scenarioId = '', when, mode = 'exam'] = words;
        const reports = channelId ? this.reportsChannel(envelope.platform, channelId) : undefined;
        if (reports && 'refusal' in reports) return [reports.refusal];
        return this.launch(cohorts.boundTo(envelope.platform, envelope.channelId), origin, scenarioId, when, mode, undefined, reports?.channel);
      }
      case 'launch-form':
        return this.launchForm();
      case 'drill-status':
        return [this.status(args.length > 0 ? cohorts.find(args.join(' ')) : undefined)];
      case 'results':
        return this.results(envelope.platform, args);
    }
  }

  /** The launch form's answers (a Slack modal): cohort, scenario, date and time, mode, window. */
  private submitLaunchForm(origin: DrillOrigin, values: Record<string, string>, trainer: boolean): View[] {
    const refusal = unlessTrainer(trainer);
    if (refusal) return refusal;
    const cohort = this.deps.cohorts.store.byId(Number(values.cohort));
    if (!cohort) return [refuse('Choisissez une cohorte.', 'cohort')];
    const when = values.date ? `${values.date} ${values.time || '09:00'}` : 'maintenant';
    const window = values.window ? Number(values.window) : undefined;
    if (window !== undefined && (!Number.isInteger(window) || window < 10 || window > 14 * 24 * 60)) {
      return [refuse('Durée en minutes, entre 10 et 20160 (14 jours).', 'window')];
    }
    const named = values.reports?.trim();
    const reports = named ? this.reportsChannel(origin.platform, CHANNEL_MENTION.exec(named)?.[1] ?? named, 'reports') : undefined;
    if (reports && 'refusal' in reports) return [reports.refusal];
    return this.launch(cohort, origin, values.scenario ?? '', when, values.mode || 'exam', window, reports?.channel);
  }

  /**
   * The channel a trainer named for results or reports, when the platform verified that it is
   * private, that the bot is in it and that it is no cohort's channel; otherwise why it is refused.
   * Results and reports name learners and carry their scores: without a channel named, they go to
   * the trainer alone.
   */
  private reportsChannel(platform: Platform, channelId: string, field?: string): { channel: NamedChannel } | { refusal: View } {
    const described = this.deps.cohorts.describeChannel(platform, channelId);
    const label = described?.name ? `#${described.name}` : 'ce salon';
    const subject = described?.name ? label : 'Ce salon';
    const refused = (text: string): { refusal: View } => ({ refusal: refuse(text, field) });
    const otherwise = 'ou n’en nommez aucun pour tout recevoir en message direct';
    if (!described || described.access === 'unknown') return refused(`Je ne vois pas ${label} : s’il est privé, invitez-y moderato (« /invite @moderato »), ${otherwise}.`);
    if (described.access !== 'private') return refused(`${subject} n’est pas un salon privé : les résultats nomment les apprenants et donnent leurs notes. Nommez un salon privé où moderato est invité, ${otherwise}.`);
    if (this.deps.cohorts.store.byChannel(platform, channelId)) return refused(`${subject} est le salon d’une cohorte, que ses apprenants lisent : nommez un salon réservé aux formateurs, ${otherwise}.`);
    return { channel: described };
  }

  private join(learnerId: number, envelope: Envelope, code: string | undefined): View[] {
    if (!code) return [refuse('Donnez le code d’inscription que votre formateur vous a transmis.')];
    const { cohort, isNew, members: count } = this.deps.cohorts.join(code, learnerId, envelope.platform, envelope.channelId);
    return [{
      kind: 'notice',
      tone: 'success',
      text: isNew
        ? `Bienvenue dans la cohorte « ${cohort.name} » (${members(count)}). Les exercices lancés par vos formateurs vous arriveront ici à l’heure prévue.`
        : `Vous faites déjà partie de la cohorte « ${cohort.name} » ; vos exercices arriveront désormais ici.`,
    }];
  }

  /** What learners see to join: a button where the platform has one, and the code for the others. */
  private invitation(cohort: Cohort): View {
    return {
      kind: 'prompt',
      id: joinPrompt.format(cohort.joinCode),
      text: `Rejoignez la cohorte « ${cohort.name} » : bouton ci-dessous sur Slack, ou « /cohort join ${cohort.joinCode} » sur Discord.`,
      choices: [{ value: 'join', label: 'Rejoindre la cohorte' }],
      audience: 'channel',
    };
  }

  private launch(cohort: Cohort, origin: DrillOrigin, scenarioId: string, when: string | undefined, mode: string, practiceWindowMinutes?: number, reportsTo?: NamedChannel): View[] {
    const { cohorts, drills, now } = this.deps;
    const scenario = drills.scenario(scenarioId);
    if (mode !== 'exam' && mode !== 'practice') return [refuse('Mode inconnu : « exam » ou « practice ».', 'mode')];
    const start = parseWhen(when, now(), cohort.timezone);
    if (!start.ok) return [refuse(start.message, 'date')];
    const count = cohorts.store.members(cohort.id).length;
    if (count === 0 && start.immediate) {
      return [refuse(`La cohorte « ${cohort.name} » n’a encore aucun membre : donnez-leur le code ${cohort.joinCode}, ou programmez l’exercice plus tard.`, 'cohort')];
    }
    // Reports name learners and carry scores: to the trainer alone (their DM), never to the channel
    // the launch was typed in, which may be public; only to a private channel they named.
    const launchedBy: DrillOrigin = { platform: origin.platform, userId: origin.userId, ...(reportsTo ? { channelId: reportsTo.id } : {}) };
    cohorts.launch({ cohort, scenarioId: scenario.id, mode: mode as DrillMode, startsAt: start.at, launchedBy, ...(practiceWindowMinutes ? { practiceWindowMinutes } : {}) });
    const startText = start.immediate ? 'maintenant' : formatInstant(start.at, cohort.timezone);
    const reports = reportsTo ? `le bilan sera publié dans le salon privé #${reportsTo.name}` : 'le bilan vous sera envoyé en privé';
    return [{
      kind: 'notice',
      tone: 'success',
      text: `« ${scenario.title} » (${MODE_LABELS[mode as DrillMode]}) lancé pour la cohorte « ${cohort.name} » : début ${startText}, ${members(count)}${count === 0 ? ' pour l’instant (ceux qui rejoignent avant le début le recevront)' : ''}. Chacun reçoit son propre fil ; ${reports}.`,
    }];
  }

  private launchForm(): View[] {
    const cohorts = this.deps.cohorts.store.all();
    if (cohorts.length === 0) return [refuse('Aucune cohorte pour l’instant : créez-en une (« cohort create Nom »).')];
    const scenarios = [...this.deps.scenarios.values()];
    return [{
      kind: 'form',
      id: LAUNCH_FORM,
      title: 'Lancer un exercice',
      fields: [
        {
          id: 'scenario', label: 'Cas', input: 'select', multiline: false, required: true, maxLength: 100,
          options: scenarios.map((scenario) => ({ value: scenario.id, label: `${scenario.title} · ${NETWORK_LABELS[scenario.network]}` })),
          hint: scenarios.map((scenario) => `${scenario.title} : ${[...new Set(scenario.comments.map((comment) => CATEGORY_LABELS[comment.category]))].join(', ')}`).join(' — ').slice(0, 1900),
        },
        { id: 'cohort', label: 'Cohorte', input: 'select', multiline: false, required: true, maxLength: 100, options: cohorts.map((cohort) => ({ value: String(cohort.id), label: cohort.name })) },
        { id: 'date', label: 'Date de début (vide : maintenant)', input: 'date', multiline: false, required: false, maxLength: 10, hint: 'Heure lue dans le fuseau de la cohorte.' },
        { id: 'time', label: 'Heure de début', input: 'time', multiline: false, required: false, maxLength: 5 },
        { id: 'mode', label: 'Mode', input: 'select', multiline: false, required: true, maxLength: 10, value: 'exam', options: [{ value: 'exam', label: 'Examen (M1.3 chronométré)' }, { value: 'practice', label: 'Entraînement (sans chrono)' }] },
        { id: 'window', label: 'Durée avant le bilan, en minutes (entraînement)', multiline: false, required: false, maxLength: 5, hint: 'Par défaut 1440 (24 h). En examen, le bilan suit la fin de l’épreuve.' },
        { id: 'reports', label: 'Salon des bilans (privé)', input: 'channel', multiline: false, required: false, maxLength: 100, hint: 'Vide : le bilan, qui nomme les apprenants, vous arrive en message direct. Sinon, un salon privé où moderato est invité.' },
      ],
    }];
  }

  list(): View {
    const cohorts = this.deps.cohorts.store.all();
    if (cohorts.length === 0) return { kind: 'notice', tone: 'info', text: 'Aucune cohorte pour l’instant : « cohort create Nom » en crée une.' };
    const lines = cohorts.map((cohort) => {
      const all = this.deps.cohorts.store.members(cohort.id);
      const byPlatform = [...groupBy(all, (member) => member.platform)].map(([platform, list]) => `${list.length} ${platformLabel(platform)}`);
      return `« ${cohort.name} » · code ${cohort.joinCode} · ${members(all.length)}${byPlatform.length > 0 ? ` (${byPlatform.join(', ')})` : ''} · ${plural(this.deps.cohorts.store.drillsOf(cohort.id).length, 'exercice lancé', 'exercices lancés')}`;
    });
    return { kind: 'notice', tone: 'info', text: ['Cohortes :', ...lines].join('\n') };
  }

  private show(cohort: Cohort): View {
    const activity = this.deps.cohorts.reports.memberActivity(cohort.id);
    const lines = [`Cohorte « ${cohort.name} » · code ${cohort.joinCode} · fuseau ${cohort.timezone} · ${members(activity.length)}`];
    // The shipped platforms first, in their order, then any other (one added outside src/).
    const platforms = [...new Set<string>([...PLATFORMS, ...activity.map((member) => member.platform)])];
    for (const platform of platforms) {
      const list = activity.filter((member) => member.platform === platform);
      if (list.length === 0) continue;
      lines.push(`${platformLabel(platform)} :`, ...list.map((member) => `  ${member.displayName} — ${plural(member.submitted, 'exercice rendu', 'exercices rendus')} sur ${member.started}`));
    }
    if (activity.length === 0) lines.push(`Aucun membre : donnez le code ${cohort.joinCode}.`);
    return { kind: 'notice', tone: 'info', text: lines.join('\n') };
  }

  /** Who started and who submitted, for the cohort's latest drills (or every cohort's). */
  status(only?: Cohort): View {
    const store = this.deps.cohorts.store;
    const cohorts = only ? [only] : store.all();
    const lines: string[] = [];
    for (const cohort of cohorts) {
      for (const cohortDrill of store.drillsOf(cohort.id).slice(0, 3)) {
        const rows = this.deps.cohorts.reports.progress(cohortDrill.id, cohort.id);
        const started = rows.filter((row) => row.drillId !== null);
        const submitted = rows.filter((row) => row.cr71 !== null);
        const notStarted = rows.filter((row) => row.drillId === null).map((row) => row.displayName);
        const working = started.filter((row) => row.cr71 === null).map((row) => row.displayName);
        lines.push(
          `${this.drillTitle(cohort, cohortDrill)} · ${cohortDrill.startsAt > this.deps.now() ? `prévu ${formatInstant(cohortDrill.startsAt, cohort.timezone)}` : `démarré ${started.length}/${rows.length}, rendu ${submitted.length}/${rows.length}`}`,
          ...(working.length > 0 ? [`  en cours : ${working.join(', ')}`] : []),
          ...(notStarted.length > 0 && cohortDrill.startsAt <= this.deps.now() ? [`  pas démarré : ${notStarted.join(', ')}`] : []),
        );
      }
    }
    return { kind: 'notice', tone: 'info', text: lines.length > 0 ? ['État des exercices :', ...lines].join('\n') : 'Aucun exercice lancé pour l’instant.' };
  }

  /** Cohort drills still to start, for a trainer's home page. */
  upcoming(): View[] {
    const store = this.deps.cohorts.store;
    const drills = store.upcomingDrills(this.deps.now());
    if (drills.length === 0) return [{ kind: 'notice', tone: 'info', text: 'Aucun exercice programmé.' }];
    return [{
      kind: 'notice',
      tone: 'info',
      text: ['Exercices programmés :', ...drills.map((cohortDrill) => {
        const cohort = store.byId(cohortDrill.cohortId)!;
        return `${formatInstant(cohortDrill.startsAt, cohort.timezone)} · ${this.drillTitle(cohort, cohortDrill)}`;
      })].join('\n'),
    }];
  }

  private drillTitle(cohort: Cohort, cohortDrill: CohortDrill): string {
    return `« ${this.deps.drills.scenario(cohortDrill.scenarioId).title} » (${MODE_LABELS[cohortDrill.mode]}, ${cohortDrill.id.slice(0, 8)}) — cohorte « ${cohort.name} »`;
  }

  /**
   * « results COHORT » or « results DRILL-ID »: per learner verdicts and weak checks, the CSV and the
   * chart, for the trainer alone; « results COHORT #salon » publishes them in that private channel.
   */
  private results(platform: Platform, args: string[]): View[] {
    const store = this.deps.cohorts.store;
    const { words, channelId } = withoutChannel(args);
    const target = words.join(' ');
    const publish = channelId ? this.reportsChannel(platform, channelId) : undefined;
    if (publish && 'refusal' in publish) return [publish.refusal];
    if (!target.trim()) return [refuse('Précisez la cohorte (nom ou code) ou l’exercice (identifiant affiché par « drill status »).')];
    const byDrill = /^[0-9a-f-]{8,36}$/i.test(target.trim()) ? store.findDrillByPrefix(target.trim()) : undefined;
    const cohort = byDrill ? store.byId(byDrill.cohortId)! : this.deps.cohorts.find(target);
    const drillId = byDrill?.id ?? null;
    const reports = this.deps.cohorts.reports;
    const rows = reports.results(cohort.id, drillId);
    const scope = byDrill ? this.drillTitle(cohort, byDrill) : `cohorte « ${cohort.name} »`;
    const erased = reports.anonymousSubmissions(cohort.id, drillId);
    if (rows.length === 0 && erased.submitted === 0) return [{ kind: 'notice', tone: 'info', text: `Aucun exercice démarré pour ${scope}.` }];
    const failures = reports.failuresByLearner(cohort.id, drillId);
    const lines = [`Résultats — ${scope} : ${copies(rows.filter((row) => row.cr71 !== null).length)} sur ${rows.length}.`];
    if (erased.submitted > 0) {
      lines.push(`Et ${plural(erased.submitted, 'copie')} d’apprenants qui ont effacé leurs données, ${erased.submitted > 1 ? 'comptées' : 'comptée'} anonymement dans les taux : Cr7.1 atteint ${erased.cr71Met}/${erased.submitted}, Cr7.2 atteint ${erased.cr72Met}/${erased.submitted}.`);
    }
    for (const [learnerId, learnerRows] of groupBy(rows, (row) => row.learnerId)) {
      const scored = learnerRows.filter((row) => row.cr71 !== null);
      const latest = scored.at(-1);
      const weak = failures.filter((failure) => failure.learnerId === learnerId).slice(0, 3).map((failure) => `${CHECK_LABELS[failure.checkId as CheckId] ?? failure.checkId} (${failure.failed}/${failure.total})`);
      lines.push(
        `${learnerRows[0]!.displayName} (${learnerRows[0]!.platform ? platformLabel(learnerRows[0]!.platform) : '—'}) : ` +
          (latest ? `Cr7.1 ${pct(latest.cr71)} ${verdictLabel(latest.cr71Verdict)} · Cr7.2 ${pct(latest.cr72)} ${verdictLabel(latest.cr72Verdict)}${scored.length > 1 ? ` (dernier de ${scored.length})` : ''}` : 'aucune copie rendue') +
          (weak.length > 0 ? ` · à travailler : ${weak.join(', ')}` : ''),
      );
    }
    const slug = cohort.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'cohorte';
    // The model answers of each case, to go through the copies with the group.
    const models = [...new Set(byDrill ? [byDrill.scenarioId] : rows.map((row) => row.scenarioId))].flatMap((scenarioId) => {
      const scenario = this.deps.scenarios.get(scenarioId);
      const notice = scenario ? modelAnswersNotice(scenario) : undefined;
      return notice ? [notice] : [];
    });
    const views: View[] = [
      { kind: 'notice', tone: 'info', text: lines.join('\n') },
      ...models,
      { kind: 'file', filename: `resultats-${slug}.csv`, title: `Résultats — ${scope} (CSV)`, contentType: 'text/csv', data: new TextEncoder().encode(this.csv(cohort, rows)) },
      { kind: 'file', filename: `reussite-${slug}.png`, title: `Taux de réussite par vérification — ${scope}`, contentType: 'image/png', data: this.chart(cohort, drillId, scope, rows, erased.submitted) },
    ];
    if (!publish) return views;
    return [
      { kind: 'notice', tone: 'success', text: `Résultats, export CSV et graphique publiés dans le salon privé #${publish.channel.name}.` },
      ...views.map((view): View => (view.kind === 'notice' || view.kind === 'file' ? { ...view, publishIn: publish.channel.id } : view)),
    ];
  }

  private csv(cohort: Cohort, rows: CohortResultRow[]): string {
    const at = (instant: string | null) => spreadsheetDateTime(instant, cohort.timezone);
    return this.deps.documents.csv(
      ['cohorte', 'exercice', 'cas', 'mode', 'début', 'apprenant', 'plateforme', 'état', 'Cr7.1 score', 'Cr7.1 verdict', 'Cr7.2 score', 'Cr7.2 verdict', 'rendu le'],
      rows.map((row) => [
        // The exercise's whole id, not the 8 characters « drill status » shows: those are hex digits
        // that Excel turns into a number (« 12345678 », « 00012345 » loses its zeros) or into
        // scientific notation (« 1e100000 »). The whole id has dashes, so no spreadsheet reads it
        // as a number or a date; it begins with the short id, and « results » accepts it as typed.
        // The case by its title, as trainers know it (not its file name).
        // (A prefix would have to be removed before « results »; `="…"` is a formula, which the
        // injection guard rightly refuses.)
        cohort.name, row.cohortDrillId, this.deps.drills.scenario(row.scenarioId).title, MODE_LABELS[row.mode], at(row.startsAt), row.displayName, row.platform ? platformLabel(row.platform) : '',
        row.cr71 !== null ? 'rendu' : 'pas rendu', row.cr71, row.cr71 === null ? null : verdictLabel(row.cr71Verdict), row.cr72, row.cr72 === null ? null : verdictLabel(row.cr72Verdict), at(row.scoredAt),
      ]),
    );
  }

  private chart(cohort: Cohort, drillId: string | null, scope: string, rows: CohortResultRow[], erased: number): Uint8Array {
    const rates = new Map(this.deps.cohorts.reports.passRateByCheck(cohort.id, drillId).map((rate) => [rate.checkId, rate]));
    const bars = (Object.keys(CHECK_LABELS) as CheckId[]).flatMap((checkId) => {
      const rate = rates.get(checkId);
      return rate ? [{ label: CHECK_LABELS[checkId], passRate: rate.passRate, total: rate.total, criterion: rate.criterion as 'Cr7.1' | 'Cr7.2' }] : [];
    });
    const learners = new Set(rows.map((row) => row.learnerId)).size;
    const submitted = rows.filter((row) => row.cr71 !== null).length + erased;
    return this.deps.documents.chart({
      title: `${scope} — taux de réussite par vérification`,
      subtitle: `${plural(learners, 'apprenant')} · ${copies(submitted)} · au ${formatInstant(this.deps.now(), cohort.timezone)}`,
      threshold: this.deps.passScore,
      bars,
    });
  }

  /** Reports to the trainer who launched: how the launch went, then the summary at the close. */
  trainerReport(notification: Exclude<CohortNotification, { kind: 'member_started' }>): View[] {
    const { cohort, cohortDrill } = notification;
    const title = `« ${this.deps.drills.scenario(cohortDrill.scenarioId).title} » — cohorte « ${cohort.name} »`;
    if (notification.kind === 'launch_report') {
      const lines = [`${title} : ${plural(notification.started, 'membre démarré', 'membres démarrés')}.`];
      if (notification.failed.length > 0) lines.push(`Impossible de joindre : ${notification.failed.map((member) => member.displayName).join(', ')} (nouvel essai pendant 15 minutes ; vérifiez que le bot voit le salon de la cohorte).`);
      return [{ kind: 'notice', tone: notification.failed.length > 0 ? 'warning' : 'success', text: lines.join('\n') }];
    }
    const rows = this.deps.cohorts.reports.progress(cohortDrill.id, cohort.id);
    const submitted = rows.filter((row) => row.cr71 !== null);
    const lines = [
      `Bilan ${title} : ${submitted.length}/${rows.length} ${rows.length > 1 ? 'copies rendues' : 'copie rendue'}.`,
      ...rows.map((row) =>
        row.cr71 === null
          ? `${row.displayName} : ${row.drillId ? 'pas rendu' : 'pas démarré'}`
          : `${row.displayName} : Cr7.1 ${pct(row.cr71)} ${verdictLabel(row.cr71Verdict)} · Cr7.2 ${pct(row.cr72)} ${verdictLabel(row.cr72Verdict)}`,
      ),
      `Détail, export CSV et graphique : « results ${cohortDrill.id.slice(0, 8)} ».`,
    ];
    const models = modelAnswersNotice(this.deps.drills.scenario(cohortDrill.scenarioId));
    return [{ kind: 'notice', tone: 'info', text: lines.join('\n') }, ...(models ? [models] : [])];
  }
}
