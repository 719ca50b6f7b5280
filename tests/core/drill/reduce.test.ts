import { describe, expect, it } from 'vitest';
import { applyEvent, decide, dueEvents, nextDeadline, replay } from '../../../src/core/drill/reduce.js';
import { DrillError, M13_TIMING, type DrillEvent, type DrillState } from '../../../src/core/drill/types.js';

const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const MIN = 60_000;
const COMMENTS = new Set(['c1', 'c2']);

function exam(): DrillState {
  return replay('d1', [{ type: 'started', at: T0, scenarioId: 's', mode: 'exam', timing: M13_TIMING }]);
}

function advance(state: DrillState, now: number): { state: DrillState; events: DrillEvent[] } {
  const events = dueEvents(state, now);
  return { state: events.reduce((current, event) => applyEvent(current, event), state), events };
}

describe('exam drill (M1.3 timing)', () => {
  it('hides comments while reading, then opens 15 minutes of writing after 5 minutes', () => {
    const reading = exam();
    expect(reading.phase).toBe('reading');
    expect(() => decide(reading, { type: 'answer', answer: { comment: 'c1', needs_action: true, actions: ['reply'] } }, T0 + MIN, COMMENTS)).toThrow(DrillError);
    expect(nextDeadline(reading)).toBe(T0 + 5 * MIN);
    const { state, events } = advance(reading, T0 + 5 * MIN);
    expect(events).toEqual([{ type: 'writing_started', at: T0 + 5 * MIN }]);
    expect(state.writingEndsAt).toBe(T0 + 20 * MIN);
  });

  it('reminds at 5 and 1 minutes left, once each, then submits automatically at the deadline', () => {
    let state = advance(exam(), T0 + 5 * MIN).state;
    expect(nextDeadline(state)).toBe(T0 + 15 * MIN);
    let step = advance(state, T0 + 15 * MIN);
    expect(step.events).toEqual([{ type: 'reminded', at: T0 + 15 * MIN, minutesLeft: 5 }]);
    state = step.state;
    expect(advance(state, T0 + 16 * MIN).events).toEqual([]);
    state = applyEvent(state, decide(state, { type: 'answer', answer: { comment: 'c1', needs_action: true, actions: ['reply'] } }, T0 + 18 * MIN, COMMENTS)[0]!);
    step = advance(state, T0 + 19 * MIN);
    expect(step.events).toEqual([{ type: 'reminded', at: T0 + 19 * MIN, minutesLeft: 1 }]);
    step = advance(step.state, T0 + 20 * MIN);
    expect(step.events).toEqual([{ type: 'submitted', at: T0 + 20 * MIN, automatic: true }]);
    expect(step.state.phase).toBe('review');
    expect([...step.state.answers.keys()]).toEqual(['c1']);
    expect(() => decide(step.state, { type: 'answer', answer: { comment: 'c2', needs_action: false, actions: ['none'] } }, T0 + 21 * MIN, COMMENTS)).toThrow(/déjà rendue/);
    const closed = advance(step.state, T0 + 30 * MIN);
    expect(closed.events).toEqual([{ type: 'closed', at: T0 + 30 * MIN }]);
  });

  it('catches up after downtime with events dated when they were due', () => {
    const { events, state } = advance(exam(), T0 + 60 * MIN);
    expect(events.map((event) => [event.type, event.at])).toEqual([
      ['writing_started', T0 + 5 * MIN],
      ['submitted', T0 + 20 * MIN],
      ['closed', T0 + 30 * MIN],
    ]);
    expect(state.automaticSubmission).toBe(true);
  });

  it('lets the candidate start writing early and change an answer before submitting', () => {
    let state = exam();
    state = applyEvent(state, decide(state, { type: 'begin_writing' }, T0 + 2 * MIN, COMMENTS)[0]!);
    expect(state.writingEndsAt).toBe(T0 + 17 * MIN);
    for (const actions of [['reply'], ['hide']] as const) {
      state = applyEvent(state, decide(state, { type: 'answer', answer: { comment: 'c1', needs_action: true, actions: [...actions] } }, T0 + 3 * MIN, COMMENTS)[0]!);
    }
    expect(state.answers.get('c1')?.actions).toEqual(['hide']);
    expect(() => decide(state, { type: 'answer', answer: { comment: 'c9', needs_action: true, actions: ['hide'] } }, T0 + 3 * MIN, COMMENTS)).toThrow(/inconnu/);
  });
});

describe('practice drill', () => {
  it('has no clock and closes on submission', () => {
    let state = replay('p1', [{ type: 'started', at: T0, scenarioId: 's', mode: 'practice' }]);
    expect(state.phase).toBe('practice');
    expect(nextDeadline(state)).toBeUndefined();
    expect(dueEvents(state, T0 + 1000 * MIN)).toEqual([]);
    state = applyEvent(state, decide(state, { type: 'submit' }, T0 + 3 * MIN, COMMENTS)[0]!);
    expect(state.phase).toBe('closed');
  });
});
