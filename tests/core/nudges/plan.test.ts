import { describe, expect, it } from 'vitest';
import { describeNudge, snoozeEnd } from '../../../src/core/nudges/message.js';
import { cohortDrillNudges, inactivityNudge, kpiNudge, milestoneNudges, postNudges, type NudgeOccurrence } from '../../../src/core/nudges/occurrences.js';
import { deliveryKey, plan, releaseAt, type NudgePrefs } from '../../../src/core/nudges/plan.js';

const LIMITS = { x: 280, tiktok: 150, linkedin: 1250, instagram: 2200, facebook: 8000, youtube: 10000 };
const prefs = (overrides: Partial<NudgePrefs> = {}): NudgePrefs => ({ optedIn: true, timezone: 'Europe/Paris', quietStart: '21:00', quietEnd: '08:00', ignoredInARow: 0, ...overrides });
const iso = (instant: number | undefined) => (instant === undefined ? undefined : new Date(instant).toISOString());
const post = (at: string, id = 1) => postNudges(7, [{ id, at: Date.parse(at), network: 'instagram', axis: 'Coulisses', title: 'Le fournil' }], LIMITS)[0]!;

function run(now: string, occurrences: NudgeOccurrence[], learner: NudgePrefs = prefs(), delivered: string[] = []) {
  return plan(Date.parse(now), { occurrences, prefs: new Map([[7, learner]]), delivered: new Set(delivered) });
}

describe('releaseAt: quiet hours and snooze, in the learner’s zone', () => {
  it.each([
    ['afternoon: at once', '2026-12-03T13:00:00Z', prefs(), '2026-12-03T13:00:00.000Z'],
    ['22:30 Paris: the next morning at 08:00', '2026-12-03T21:30:00Z', prefs(), '2026-12-04T07:00:00.000Z'],
    ['02:00 Paris: the same morning at 08:00', '2026-12-04T01:00:00Z', prefs(), '2026-12-04T07:00:00.000Z'],
    ['07:59 Paris: one minute later', '2026-12-04T06:59:00Z', prefs(), '2026-12-04T07:00:00.000Z'],
    ['22:30 in Montréal (03:30 UTC)', '2026-12-04T03:30:00Z', prefs({ timezone: 'America/Montreal' }), '2026-12-04T13:00:00.000Z'],
    ['Nouméa, quiet hours not wrapping (12:00–14:00)', '2026-12-04T01:30:00Z', prefs({ timezone: 'Pacific/Noumea', quietStart: '12:00', quietEnd: '14:00' }), '2026-12-04T03:00:00.000Z'],
    ['snoozed until 18:00 Paris', '2026-12-03T13:00:00Z', prefs({ snoozedUntil: Date.parse('2026-12-03T17:00:00Z') }), '2026-12-03T17:00:00.000Z'],
    ['snoozed into the night: after the night', '2026-12-03T13:00:00Z', prefs({ snoozedUntil: Date.parse('2026-12-03T22:00:00Z') }), '2026-12-04T07:00:00.000Z'],
    ['spring-forward night (28/03/2027): 02:30 local does not exist, quiet until 08:00 CEST', '2027-03-28T00:45:00Z', prefs(), '2027-03-28T06:00:00.000Z'],
    ['fall-back night (31/10/2027): quiet until 08:00 CET', '2027-10-31T00:30:00Z', prefs(), '2027-10-31T07:00:00.000Z'],
  ])('%s', (_what, dueAt, learner, expected) => {
    expect(iso(releaseAt(Date.parse(dueAt), learner))).toBe(expected);
  });
});

describe('plan', () => {
  it('sends a post reminder 30 minutes ahead, once', () => {
    const nudge = post('2026-12-03T13:30:00Z');
    expect(iso(nudge.dueAt)).toBe('2026-12-03T13:00:00.000Z');
    expect(run('2026-12-03T12:59:00Z', [nudge]).send).toEqual([]);
    expect(run('2026-12-03T12:59:00Z', [nudge]).nextWakeAt).toBe(nudge.dueAt);
    expect(run('2026-12-03T13:00:00Z', [nudge]).send).toEqual([{ occurrence: nudge, sendAt: nudge.dueAt, late: false, lateMinutes: 0 }]);
    expect(run('2026-12-03T13:01:00Z', [nudge], prefs(), [deliveryKey(nudge)]).send).toEqual([]);
  });

  it('catches up a nudge missed by at most two hours, saying it is late, and skips older ones', () => {
    const nudge = cohortDrillNudges(7, [{ id: 'cd1', cohort: 'Promo', scenarioTitle: 'Fermeture', startsAt: Date.parse('2026-12-04T13:00:00Z') }])[0]!;
    expect(run('2026-12-03T14:59:00Z', [nudge]).send[0]).toMatchObject({ late: true, lateMinutes: 119 });
    expect(run('2026-12-03T15:01:00Z', [nudge]).skip).toEqual([{ occurrence: nudge, reason: 'manqué de 121 min (plus de 2 h) : pas envoyé' }]);
    expect(run('2026-12-03T13:03:00Z', [nudge]).send[0]).toMatchObject({ late: false, lateMinutes: 3 });
  });

  it('skips a reminder held back past its event (a 07:00 post in quiet hours)', () => {
    const nudge = post('2026-12-04T06:00:00Z');
    expect(run('2026-12-04T05:30:00Z', [nudge]).send).toEqual([]);
    expect(run('2026-12-04T06:01:00Z', [nudge]).skip[0]?.reason).toBe('retenu (heures calmes ou pause) jusqu’après l’échéance : pas envoyé');
  });

  it('sends nothing to learners who did not opt in, stopped, or are paused after three ignored nudges', () => {
    const nudge = post('2026-12-03T13:30:00Z');
    expect(run('2026-12-03T13:00:00Z', [nudge], prefs({ optedIn: false })).send).toEqual([]);
    const paused = run('2026-12-03T13:00:00Z', [nudge], prefs({ ignoredInARow: 3 }));
    expect(paused.send).toEqual([]);
    expect([...paused.paused]).toEqual([7]);
    expect(run('2026-12-03T13:00:00Z', [nudge], prefs({ ignoredInARow: 2 })).send).toHaveLength(1);
    expect(plan(Date.parse('2026-12-03T13:00:00Z'), { occurrences: [nudge], prefs: new Map(), delivered: new Set() }).send).toEqual([]);
  });

  it('counts milestone days as calendar days in the zone, across the DST change', () => {
    // Exam on Monday 2 November 2026, 14:00 Paris (after the 25 October change).
    const [d30, d7, d1] = milestoneNudges(7, 'Europe/Paris', [{ id: 4, cohort: 'Promo', label: 'Examen', at: Date.parse('2026-11-02T13:00:00Z') }]);
    expect([iso(d30!.dueAt), iso(d7!.dueAt), iso(d1!.dueAt)]).toEqual(['2026-10-03T07:00:00.000Z', '2026-10-26T08:00:00.000Z', '2026-11-01T08:00:00.000Z']);
    expect([d30!.key, d7!.key, d1!.key]).toEqual(['milestone:4:J-30', 'milestone:4:J-7', 'milestone:4:J-1']);
  });

  it('gives each post its own key, so a repeated local hour (fall-back night) cannot send twice', () => {
    // 01:30 local happens twice on 25 October 2026 in Paris: two different instants, two posts.
    const first = post('2026-10-24T23:30:00Z', 1);
    const second = post('2026-10-25T00:30:00Z', 2);
    expect(first.key).not.toBe(second.key);
    const always = prefs({ quietStart: '00:00', quietEnd: '00:00' });
    const firstTick = run('2026-10-24T23:05:00Z', [first, second], always).send.map((entry) => deliveryKey(entry.occurrence));
    expect(firstTick).toEqual([deliveryKey(first)]);
    const secondTick = run('2026-10-25T00:05:00Z', [first, second], always, firstTick).send.map((entry) => deliveryKey(entry.occurrence));
    expect(secondTick).toEqual([deliveryKey(second)]);
    expect(run('2026-10-25T00:06:00Z', [first, second], always, [...firstTick, ...secondTick]).send).toEqual([]);
  });

  it('places the KPI reminder on the first working day of the month and the inactivity one 7 days after the last drill', () => {
    expect(iso(kpiNudge(7, Date.parse('2026-11-15T10:00:00Z'), 'Europe/Paris').dueAt)).toBe('2026-11-02T08:00:00.000Z');
    expect(kpiNudge(7, Date.parse('2026-11-15T10:00:00Z'), 'Europe/Paris').key).toBe('kpi:2026-11');
    expect(iso(kpiNudge(7, Date.parse('2026-12-15T10:00:00Z'), 'Europe/Paris').dueAt)).toBe('2026-12-01T08:00:00.000Z');
    expect(iso(inactivityNudge(7, Date.parse('2026-12-01T10:00:00Z')).dueAt)).toBe('2026-12-08T10:00:00.000Z');
  });
});

describe('minute ticks across the Europe/Paris change nights', () => {
  /** Ticks every minute from `from` to `to`, recording what is sent: what a day of cron would do. */
  function tickEveryMinute(occurrences: NudgeOccurrence[], from: string, to: string): number[] {
    const delivered = new Set<string>();
    const sentAt: number[] = [];
    const always = prefs({ quietStart: '00:00', quietEnd: '00:00' });
    for (let now = Date.parse(from); now <= Date.parse(to); now += 60_000) {
      for (const entry of plan(now, { occurrences, prefs: new Map([[7, always]]), delivered }).send) {
        delivered.add(deliveryKey(entry.occurrence));
        sentAt.push(now);
      }
    }
    return sentAt;
  }

  it('a reminder at 02:30 local for a 03:00 post runs once on the March night (02:30 does not exist)', () => {
    // 03:00 CEST on 28 March 2027 is 01:00 UTC; its reminder is 00:30 UTC, i.e. 01:30 CET, before the jump.
    const sent = tickEveryMinute([post('2027-03-28T01:00:00Z')], '2027-03-27T22:00:00Z', '2027-03-28T04:00:00Z');
    expect(sent.map((at) => new Date(at).toISOString())).toEqual(['2027-03-28T00:30:00.000Z']);
  });

  it('a reminder at 01:30 local is not sent twice on the October night (01:30 happens twice)', () => {
    // A post at 02:00 CEST (00:00 UTC) on 31 October 2027: reminder at 01:30 CEST = 23:30 UTC the day before.
    const sent = tickEveryMinute([post('2027-10-31T00:00:00Z')], '2027-10-30T21:00:00Z', '2027-10-31T04:00:00Z');
    expect(sent).toHaveLength(1);
  });
});

describe('describeNudge', () => {
  it('writes the publication checklist of the network and says when it is late', () => {
    const paris = { zone: 'Europe/Paris', quietEnd: '08:00', now: Date.parse('2026-12-01T09:00:00Z') };
    const message = describeNudge(post('2026-12-03T13:30:00Z'), paris, { late: true, lateMinutes: 42 });
    expect(message.text).toContain('📅 Publication prévue à 14:30 sur Instagram : « Le fournil » (axe Coulisses).');
    expect(message.text).toContain('☐ texte relu, sans faute, de 2');
    expect(message.text).toContain('texte alternatif');
    expect(message.text).toContain('(Envoyé avec 42 min de retard : le bot était indisponible.)');
    // Two days ahead of the publication: a week's pause would end after it.
    expect(message.choices.map((choice) => choice.value)).toEqual(['snooze:1h', 'snooze:tomorrow', 'off']);
    expect(describeNudge(inactivityNudge(7, 0), paris, { late: false, lateMinutes: 0 }).choices.map((choice) => choice.value)).toEqual(['practice', 'snooze:1h', 'snooze:tomorrow', 'snooze:week', 'off']);
  });

  it('offers only the pauses that end before the publication it is about', () => {
    const reader = (now: string) => ({ zone: 'Europe/Paris', quietEnd: '08:00', now: Date.parse(now) });
    const choices = (now: string) => describeNudge(post('2026-12-03T13:30:00Z'), reader(now), { late: false, lateMinutes: 0 }).choices.map((choice) => choice.label);
    // The usual reminder, 30 minutes before: no « Plus tard (1 h) », only stopping.
    expect(choices('2026-12-03T13:00:00Z')).toEqual(['Arrêter les rappels']);
    expect(choices('2026-12-03T12:29:00Z')).toEqual(['Plus tard (1 h)', 'Arrêter les rappels']);
    // The evening before, « Demain » ends at 08:00 local, before the 14:30 publication.
    expect(choices('2026-12-02T19:00:00Z')).toEqual(['Plus tard (1 h)', 'Demain', 'Arrêter les rappels']);
  });

  it('« Demain » ends when the learner’s quiet hours end, in their zone', () => {
    expect(new Date(snoozeEnd('tomorrow', Date.parse('2026-12-02T19:00:00Z'), 'Europe/Paris', '07:30')).toISOString()).toBe('2026-12-03T06:30:00.000Z');
    expect(snoozeEnd('1h', 0, 'Europe/Paris', '08:00')).toBe(3_600_000);
  });
});
