import { calendarFormat, parseCalendar } from '../core/calendar/import.js';
import { NETWORK_LABELS, plural } from '../core/rubric/labels.js';
import { formatInstant, isValidZone, parseWhen } from '../core/time/when.js';
import type { CohortService } from './cohort-service.js';
import type { Desk, DeskContext } from './desk.js';
import type { Envelope } from './envelope.js';
import { CALENDAR_IMPORT_FORM, NUDGE_PROMPT, nudgeChoice, type NudgeChoice } from './nudge-ids.js';
import type { NudgeService } from './nudge-service.js';
import type { Inbound, View } from './views.js';
import { TEXT_LIMIT } from './input-limits.js';
import { PAUSE_AFTER_IGNORED } from '../core/nudges/plan.js';
import { snoozeEnd, type SnoozeLength } from '../core/nudges/message.js';
import { OUTDATED, refuse, refusalsAnswered, unlessTrainer } from './refusal.js';

/** Commands about calendars and nudges. « milestone » is for trainers. */
const COMMANDS = ['nudges', 'calendar', 'milestone'] as const;
type NudgeCommandName = (typeof COMMANDS)[number];

/** What the nudge desk recognised in an event. */
export type NudgeClaim =
  | { kind: 'command'; name: NudgeCommandName; args: string[] }
  /** A nudge's button; undefined when it is none we know (an old message). */
  | { kind: 'choice'; choice: NudgeChoice | undefined }
  | { kind: 'calendar'; text: string; filename: string | undefined };

function unknownZone(zone: string): View {
  return refuse(`Fuseau « ${zone} » inconnu : écrivez-le comme Europe/Paris, America/Montreal, Pacific/Noumea…`);
}

function info(text: string): View {
  return { kind: 'notice', tone: 'info', text };
}

function success(text: string): View {
  return { kind: 'notice', tone: 'success', text };
}

/**
 * The learner's side of nudges: opting in and out, snoozing, quiet hours, time zone, the calendar
 * import; and trainers' cohort milestones. Deciding what is due is the service's (and the planner's).
 */
export class NudgeDesk implements Desk<NudgeClaim> {
  constructor(
    private readonly nudges: NudgeService,
    private readonly cohorts: CohortService,
    private readonly now: () => number,
    private readonly defaultTimezone: string,
    /** A nudge's « practice » button starts a practice drill (the drill desk's). */
    private readonly practice: (context: DeskContext) => View[],
  ) {}

  claim(event: Inbound): NudgeClaim | undefined {
    if (event.kind === 'command' && (COMMANDS as readonly string[]).includes(event.name)) return { kind: 'command', name: event.name as NudgeCommandName, args: event.args ?? [] };
    if (event.kind === 'choice' && event.prompt === NUDGE_PROMPT) return { kind: 'choice', choice: nudgeChoice.parse(event.values[0] ?? '') };
    if (event.kind === 'form' && event.form === CALENDAR_IMPORT_FORM) return { kind: 'calendar', text: event.values.text ?? '', filename: event.values.filename };
    return undefined;
  }

  run(claim: NudgeClaim, context: DeskContext): View[] {
    return refusalsAnswered(() => {
      switch (claim.kind) {
        case 'command':
          return this.command(context.learnerId, context.envelope, claim.name, claim.args);
        case 'choice':
          return claim.choice ? this.choice(claim.choice, context) : [OUTDATED];
        case 'calendar':
          return this.importCalendar(context.learnerId, claim.text, claim.filename);
      }
    });
  }

  private zone(learnerId: number): string {
    return this.nudges.store.timezone(learnerId) ?? this.defaultTimezone;
  }

  /** Any inbound event: the learner is around, so the nudges before it were not ignored. */
  seen(learnerId: number): void {
    this.nudges.store.seen(learnerId);
  }

  private command(learnerId: number, envelope: Envelope, name: NudgeCommandName, args: string[]): View[] {
    if (name === 'calendar') return this.calendar(learnerId, args[0] ?? 'show');
    if (name === 'milestone') return this.milestone(envelope, args);
    return this.preferences(learnerId, envelope, args);
  }

  /** A nudge's buttons: the same as the commands typed, or a practice drill. */
  private choice(choice: NudgeChoice, context: DeskContext): View[] {
    const { learnerId, envelope } = context;
    switch (choice.kind) {
      case 'practice':
        return this.practice(context);
      case 'snooze':
        return this.preferences(learnerId, envelope, ['snooze', choice.span]);
      default:
        return this.preferences(learnerId, envelope, [choice.kind]);
    }
  }

  private preferences(learnerId: number, envelope: Envelope, [action = 'list', value = '']: string[]): View[] {
    const store = this.nudges.store;
    const now = this.now();
    const prefs = store.prefs(learnerId);
    const zone = this.zone(learnerId);
    switch (action) {
      case 'on': {
        // « on Zone »: the platform knows the learner's zone (Slack) or the learner gave it (Discord).
        if (value && !isValidZone(value)) return [unknownZone(value)];
        if (value) store.setTimezone(learnerId, value);
        store.setOptIn(learnerId, envelope.platform, envelope.userId, true, now);
        const prefsNow = store.prefs(learnerId)!;
        return [success(`Rappels activés (en message privé, fuseau ${value || zone}, heures calmes ${prefsNow.quietStart}–${prefsNow.quietEnd}). « nudges off » les arrête à tout moment ; « nudges timezone Zone » change le fuseau.`)];
      }
      case 'off':
        if (!prefs?.optedIn) return [info('Les rappels sont déjà arrêtés.')];
        store.setOptIn(learnerId, prefs.platform, prefs.userId, false, now);
        return [success('Rappels arrêtés. « nudges on » pour les reprendre.')];
      case 'resume':
        if (!prefs?.optedIn) return [info('Les rappels sont arrêtés : « nudges on » pour les reprendre.')];
        store.update(learnerId, { ignoredInARow: 0, snoozedUntil: null }, now);
        return [success('Rappels repris.')];
      case 'snooze': {
        if (!prefs?.optedIn) return [info('Les rappels sont arrêtés : rien à mettre en pause.')];
        const length = ({ '1h': '1h', tomorrow: 'tomorrow', demain: 'tomorrow', week: 'week', semaine: 'week' } as Record<string, SnoozeLength>)[value];
        const until = length && snoozeEnd(length, now, zone, prefs.quietEnd);
        if (!until) return [refuse('Pause de « 1h », « tomorrow » (demain) ou « week » (semaine).')];
        store.update(learnerId, { snoozedUntil: until }, now);
        return [success(`Rappels en pause jusqu’à ${formatInstant(until, zone)}.`)];
      }
      case 'quiet': {
        const match = /^(\d{1,2})[:h](\d{2})\s*[-–à]\s*(\d{1,2})[:h](\d{2})$/.exec(value.trim());
        if (!match || Number(match[1]) > 23 || Number(match[3]) > 23) return [refuse('Heures calmes au format « 21:00-08:00 ».')];
        if (!prefs) return [info('Activez d’abord les rappels : « nudges on ».')];
        const pad = (hours: string, minutes: string) => `${hours.padStart(2, '0')}:${minutes}`;
        store.update(learnerId, { quietStart: pad(match[1]!, match[2]!), quietEnd: pad(match[3]!, match[4]!) }, now);
        return [success(`Heures calmes : ${pad(match[1]!, match[2]!)}–${pad(match[3]!, match[4]!)} (${zone}).`)];
      }
      case 'timezone': {
        if (!isValidZone(value)) return [unknownZone(value)];
        store.setTimezone(learnerId, value);
        return [success(`Fuseau horaire : ${value}.`)];
      }
      default: {
        if (!prefs?.optedIn) return [info('Rappels arrêtés. « nudges on » les active : publications de votre calendrier, jalons et exercices de cohorte, reprise après 7 jours sans exercice, bilan mensuel des indicateurs.')];
        const coming = this.nudges.upcoming(learnerId);
        const paused = prefs.ignoredInARow >= PAUSE_AFTER_IGNORED ? ` — en pause après ${PAUSE_AFTER_IGNORED} rappels sans réponse (« nudges resume »)` : prefs.snoozedUntil && prefs.snoozedUntil > now ? ` — en pause jusqu’à ${formatInstant(prefs.snoozedUntil, zone)}` : '';
        return [info([`Rappels actifs (fuseau ${zone}, heures calmes ${prefs.quietStart}–${prefs.quietEnd})${paused}.`, ...(coming.length > 0 ? coming.map((entry) => `${formatInstant(entry.at, zone)} · ${entry.text}`) : ['Rien de prévu pour l’instant.'])].join('\n'))];
      }
    }
  }

  private calendar(learnerId: number, action: string): View[] {
    const store = this.nudges.store;
    if (action === 'clear') return [success(`Calendrier effacé (${plural(store.clearCalendar(learnerId), 'publication')}).`)];
    if (action === 'import') {
      return [{
        kind: 'form',
        id: CALENDAR_IMPORT_FORM,
        title: 'Importer mon calendrier',
        fields: [{ id: 'text', label: 'Collez votre calendrier (CSV date;heure;réseau;axe;titre, ou iCalendar)', multiline: true, required: true, maxLength: TEXT_LIMIT, hint: 'Une ligne d’en-tête puis une ligne par publication, sur un mois.' }],
      }];
    }
    const posts = store.calendar(learnerId);
    if (posts.length === 0) return [info('Aucun calendrier importé : « calendar import ».')];
    return [info([`Votre calendrier (${plural(posts.length, 'publication')}) :`, ...posts.map((post) => `${post.localDate} ${post.localTime} · ${NETWORK_LABELS[post.network]} · ${post.axis} · ${post.title}`)].join('\n'))];
  }

  /** The calendar import form: nothing changes unless the file has no error. */
  private importCalendar(learnerId: number, text: string, fileName?: string): View[] {
    const zone = this.zone(learnerId);
    const { posts, problems } = parseCalendar(text, { format: calendarFormat(fileName, text), timezone: zone });
    const errors = problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0 || posts.length === 0) {
      const lines = (errors.length > 0 ? errors : problems).slice(0, 15).map((problem) => problem.message);
      return [refuse([`Calendrier non importé (votre calendrier précédent est conservé) :`, ...lines, ...(errors.length > 15 ? [`… et ${plural(errors.length - 15, 'autre')}.`] : [])].join('\n'), 'text')];
    }
    this.nudges.store.replaceCalendar(learnerId, posts, this.now());
    const warnings = problems.map((problem) => `⚠ ${problem.message}`);
    const optedIn = this.nudges.store.prefs(learnerId)?.optedIn;
    return [success([`Calendrier importé : ${plural(posts.length, 'publication')}, du ${posts[0]!.localDate} au ${posts.at(-1)!.localDate} (${zone}).`, ...warnings, optedIn ? 'Un rappel arrivera 30 minutes avant chaque publication.' : '« nudges on » pour recevoir un rappel 30 minutes avant chaque publication.'].join('\n'))];
  }

  /** « milestone COHORT DATE TIME LABEL »: an exam date, a dossier deadline, an oral rehearsal. */
  private milestone(envelope: Envelope, [cohortName = '', date = '', time = '', ...label]: string[]): View[] {
    const refusal = unlessTrainer(envelope.trainer);
    if (refusal) return refusal;
    const cohort = this.cohorts.find(cohortName);
    const when = parseWhen(`${date} ${time}`, this.now(), cohort.timezone);
    if (!when.ok) return [refuse(when.message)];
    if (label.join(' ').trim() === '') return [refuse('Donnez un libellé : « milestone CODE 2027-01-15 09:00 Examen final ».')];
    this.nudges.store.addMilestone(cohort.id, label.join(' ').trim(), when.at, `${envelope.platform}:${envelope.userId}`, this.now());
    return [success(`Jalon « ${label.join(' ').trim()} » le ${formatInstant(when.at, cohort.timezone)} pour la cohorte « ${cohort.name} » : les membres qui ont activé les rappels seront prévenus à J-30, J-7 et J-1.`)];
  }
}
