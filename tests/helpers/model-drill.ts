import { modelAnswers } from '../../src/core/scenario/models.js';
import type { Scenario } from '../../src/core/scenario/schema.js';
import type { Inbound, View } from '../../src/engine/views.js';
import { TestPlatform } from './test-adapter.js';

/** Plays a scenario's model answers in the learner's open drill, comment by comment, then hands the copy in. */
export function playModelAnswers(platform: TestPlatform, user: string, drillId: string, scenario: Scenario): View[] {
  // A candidate's pace: the flood guard lets a burst of 20 actions through, then one a second.
  const send = (event: Inbound) => {
    platform.clock.advance(1_000);
    return platform.send(user, event);
  };
  // The case is read first, as a candidate does.
  if (platform.drills.store.load(drillId)?.state.phase === 'reading') send({ kind: 'choice', prompt: `ready:${drillId}`, values: ['go'] });
  for (const answer of modelAnswers(scenario)) {
    const needs = send({ kind: 'choice', prompt: `needs:${drillId}:${answer.comment}`, values: [answer.needs_action ? 'yes' : 'no'] });
    if (!answer.needs_action) continue;
    const actions = TestPlatform.question(needs);
    const form = TestPlatform.question(send({ kind: 'choice', prompt: actions.id, values: answer.actions.filter((action) => action !== 'none') }));
    const values: Record<string, string> = { justification: answer.justification ?? '' };
    if (answer.reply !== undefined) values.reply = answer.reply;
    if (answer.private_message !== undefined) values.private_message = answer.private_message;
    send({ kind: 'form', form: form.id, values });
  }
  return send({ kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] });
}
