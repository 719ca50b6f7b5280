import { DateTime } from 'luxon';
import { NETWORK_LABELS } from '../rubric/labels.js';
import type { Network } from '../scenario/schema.js';

export type NudgePayload =
  | { kind: 'post'; title: string; network: Network; axis: string; postAt: number; checklist: string[] }
  | { kind: 'milestone'; cohort: string; label: string; at: number; daysBefore: number }
  | { kind: 'cohort_drill'; cohort: string; scenarioTitle: string; startsAt: number; before: '24h' | '15min' }
  | { kind: 'inactivity'; days: number }
  | { kind: 'kpi'; month: string };

/** One reminder to one learner at one instant. The key is unique per learner, nudge and occurrence. */
export interface NudgeOccurrence {
  key: string;
  learnerId: number;
  dueAt: number;
  payload: NudgePayload;
}

export const POST_LEAD_MINUTES = 30;
export const MILESTONE_DAYS = [30, 7, 1] as const;
/** Countdowns and monthly reminders arrive at this local hour. */
export const MORNING = { hour: 9, minute: 0 } as const;
export const INACTIVITY_DAYS = 7;

/** What to check before publishing on a network (Cr4.1, Cr4.2): its elements and its length limit. */
export function publicationChecklist(network: Network, lengthLimits: Record<Network, number>): string[] {
  const hashtags: Record<Network, string> = {
    x: '1 ou 2 hashtags au plus',
    tiktok: '3 à 5 hashtags',
    linkedin: '3 hashtags au plus',
    instagram: '5 à 10 hashtags ciblés',
    facebook: '1 ou 2 hashtags au plus',
    youtube: '3 hashtags au plus (dans la description)',
  };
  return [
    `texte relu, sans faute, de ${lengthLimits[network].toLocaleString('fr-FR')} caractères au plus sur ${NETWORK_LABELS[network]}`,
    'média (photo, vidéo, sondage…) avec son texte alternatif ou ses sous-titres',
    `${hashtags[network]}, en CamelCase pour les lecteurs d’écran`,
    'mention des comptes concernés',
    'lien utile, s’il y en a un',
    'émojis qui accompagnent les mots sans les remplacer',
  ];
}

export function postNudges(learnerId: number, posts: Array<{ id: number; at: number; network: Network; axis: string; title: string }>, lengthLimits: Record<Network, number>, leadMinutes = POST_LEAD_MINUTES): NudgeOccurrence[] {
  return posts.map((post) => ({
    key: `post:${post.id}:${post.at}`,
    learnerId,
    dueAt: post.at - leadMinutes * 60_000,
    payload: { kind: 'post', title: post.title, network: post.network, axis: post.axis, postAt: post.at, checklist: publicationChecklist(post.network, lengthLimits) },
  }));
}

/** The morning of the calendar day `days` before `at`, in the zone (a day is a calendar day: DST-safe). */
function morningBefore(at: number, days: number, zone: string): number {
  return DateTime.fromMillis(at, { zone }).startOf('day').minus({ days }).set(MORNING).toMillis();
}

export function milestoneNudges(learnerId: number, zone: string, milestones: Array<{ id: number; cohort: string; label: string; at: number }>): NudgeOccurrence[] {
  return milestones.flatMap((milestone) =>
    MILESTONE_DAYS.map((days) => ({
      key: `milestone:${milestone.id}:J-${days}`,
      learnerId,
      dueAt: morningBefore(milestone.at, days, zone),
      payload: { kind: 'milestone' as const, cohort: milestone.cohort, label: milestone.label, at: milestone.at, daysBefore: days },
    })),
  );
}

export function cohortDrillNudges(learnerId: number, drills: Array<{ id: string; cohort: string; scenarioTitle: string; startsAt: number }>): NudgeOccurrence[] {
  return drills.flatMap((drill) =>
    ([['24h', 24 * 60], ['15min', 15]] as const).map(([before, minutes]) => ({
      key: `cohort_drill:${drill.id}:${before}`,
      learnerId,
      dueAt: drill.startsAt - minutes * 60_000,
      payload: { kind: 'cohort_drill' as const, cohort: drill.cohort, scenarioTitle: drill.scenarioTitle, startsAt: drill.startsAt, before },
    })),
  );
}

/** One nudge per quiet stretch: the key names the last activity it follows. */
export function inactivityNudge(learnerId: number, lastActivityAt: number): NudgeOccurrence {
  return { key: `inactivity:${lastActivityAt}`, learnerId, dueAt: lastActivityAt + INACTIVITY_DAYS * 86_400_000, payload: { kind: 'inactivity', days: INACTIVITY_DAYS } };
}

/** The KPI reporting reminder (Cr5.2): first working day of the month of `now`, 09:00 local. */
export function kpiNudge(learnerId: number, now: number, zone: string): NudgeOccurrence {
  let day = DateTime.fromMillis(now, { zone }).startOf('month');
  while (day.weekday > 5) day = day.plus({ days: 1 });
  const month = day.toFormat('yyyy-LL');
  return { key: `kpi:${month}`, learnerId, dueAt: day.set(MORNING).toMillis(), payload: { kind: 'kpi', month } };
}
