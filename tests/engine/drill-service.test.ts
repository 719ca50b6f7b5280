import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { M13_TIMING } from '../../src/core/drill/types.js';
import { ManualClock } from '../../src/engine/clock.js';
import { DrillService, NotYourDrillError, type DrillNotification } from '../../src/engine/drill-service.js';
import { openDatabase, type Db } from '../../src/store/database.js';
import { learnerFor } from '../../src/store/learners.js';
import { fixtureScenario, scoringResources } from '../helpers/scoring.js';

const scenario = fixtureScenario();
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const MIN = 60_000;
const open: Db[] = [];

async function service(path: string, clock: ManualClock, notifications: DrillNotification[] = []) {
  const db = openDatabase(path);
  open.push(db);
  const drills = new DrillService({
    db,
    clock,
    scheduler: clock,
    scenarios: new Map([[scenario.id, scenario]]),
    resources: await scoringResources(),
    timing: M13_TIMING,
    notify: (notification) => notifications.push(notification),
  });
  return { db, drills, notifications };
}

/** An exam whose writing began at T0 (deadline T0 + 15 min), with c1 answered, on a file that is then closed. */
async function examAnsweredThenStopped(path: string, extra: Array<typeof answerC1 | { comment: string; needs_action: boolean; actions: ['none'] }> = []) {
  const first = await service(path, new ManualClock(T0));
  const learner = learnerFor(first.db, 'test', 'u1', 'Camille', new Date(T0));
  const drill = first.drills.start(learner.id, { platform: 'test', userId: 'u1' }, scenario.id, 'exam');
  first.drills.beginWriting(learner.id, drill.id);
  first.drills.answer(learner.id, drill.id, answerC1);
  for (const answer of extra) first.drills.answer(learner.id, drill.id, answer);
  first.db.close();
  open.length = 0;
  return { learner, drill };
}

afterEach(() => {
  while (open.length > 0) open.pop()!.close();
});

const answerC1 = { comment: 'c1', needs_action: true, actions: ['reply' as const], justification: 'Réclamation d’une cliente mécontente.', reply: 'Bonjour Julie, nous sommes désolés. Réouverture le mardi 12 mars à 7 h. L’équipe Martin' };

describe('drill service on a real SQLite file', () => {
  it('runs a whole exam: reading, reminders, automatic submission, review', async () => {
    const clock = new ManualClock(T0);
    const { db, drills, notifications } = await service(join(mkdtempSync(join(tmpdir(), 'moderato-')), 'm.db'), clock);
    const learner = learnerFor(db, 'test', 'u1', 'Camille', new Date(T0));
    const drill = drills.start(learner.id, { platform: 'test', userId: 'u1' }, scenario.id, 'exam');
    expect(() => drills.answer(learner.id, drill.id, answerC1)).toThrow(/fin du temps de lecture/);

    clock.advance(5 * MIN);
    expect(notifications.map((n) => n.kind)).toEqual(['writing_started']);
    drills.answer(learner.id, drill.id, answerC1);
    clock.advance(10 * MIN);
    clock.advance(4 * MIN);
    expect(notifications.filter((n) => n.kind === 'reminder').map((n) => (n.kind === 'reminder' ? n.minutesLeft : 0))).toEqual([5, 1]);
    clock.advance(1 * MIN);
    const submitted = notifications.find((n) => n.kind === 'submitted');
    expect(submitted).toMatchObject({ automatic: true });
    if (submitted?.kind !== 'submitted') return;
    expect(submitted.score.comments.filter((comment) => comment.answered).map((comment) => comment.comment)).toEqual(['c1']);
    expect(drills.store.score(drill.id)).toEqual(submitted.score);
    clock.advance(10 * MIN);
    expect(notifications.at(-1)?.kind).toBe('closed');
    expect(drills.get(learner.id, drill.id).state.phase).toBe('closed');
  });

  it('loses no answer across a restart and submits at the stored deadline', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-')), 'm.db');
    const { learner, drill } = await examAnsweredThenStopped(path, [{ comment: 'c5', needs_action: false, actions: ['none'] }]);

    // Back 5 minutes before the deadline: the due reminder goes out, the next one is re-armed, the answers are there.
    const clock = new ManualClock(T0 + 10 * MIN);
    const second = await service(path, clock);
    expect(second.drills.restore()).toBe(1);
    expect(second.notifications.map((n) => n.kind)).toEqual(['reminder']);
    expect(clock.scheduled()).toEqual([{ key: drill.id, when: T0 + 14 * MIN }]);
    expect([...second.drills.get(learner.id, drill.id).state.answers.keys()]).toEqual(['c1', 'c5']);
    clock.advance(5 * MIN);
    expect(second.notifications.find((n) => n.kind === 'submitted')).toMatchObject({ automatic: true });
  });

  it('catches up a drill whose deadline passed while the process was down', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-')), 'm.db');
    const { learner, drill } = await examAnsweredThenStopped(path);
    const second = await service(path, new ManualClock(T0 + 3 * 60 * MIN));
    second.drills.restore();
    const state = second.drills.get(learner.id, drill.id).state;
    expect(state.phase).toBe('closed');
    expect(state.submittedAt).toBe(T0 + 15 * MIN);
    expect(second.drills.store.score(drill.id)?.comments.find((comment) => comment.comment === 'c1')?.answered).toBe(true);
  });

  it('gives practice feedback per comment and keeps learners apart', async () => {
    const clock = new ManualClock(T0);
    const { db, drills } = await service(':memory:', clock);
    const alice = learnerFor(db, 'test', 'alice', 'Alice', new Date(T0));
    const bob = learnerFor(db, 'test', 'bob', 'Bob', new Date(T0));
    const drill = drills.start(alice.id, { platform: 'test', userId: 'alice' }, scenario.id, 'practice');
    const { checks } = drills.answer(alice.id, drill.id, answerC1);
    expect(checks?.find((check) => check.id === 'coverage')).toMatchObject({ passed: true });
    expect(() => drills.get(bob.id, drill.id)).toThrow(NotYourDrillError);
    expect(() => drills.answer(bob.id, drill.id, answerC1)).toThrow(NotYourDrillError);
  });
});
