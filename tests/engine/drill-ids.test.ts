import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../src/core/scenario/schema.js';
import { drillPrompt, submitChoice, textsForm, type DrillPrompt } from '../../src/engine/drill-ids.js';

/** Ids as the bot makes them: UUIDs, comment ids (LOCAL_ID_PATTERN), scenario ids; never a « : ». */
const id = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,35}$/);
const prompt: fc.Arbitrary<DrillPrompt> = fc.oneof(
  fc.constant({ kind: 'scenario' as const }),
  id.map((scenarioId) => ({ kind: 'mode' as const, scenarioId })),
  fc.tuple(fc.constantFrom('resume' as const, 'ready' as const, 'submit' as const, 'review' as const), id).map(([kind, drillId]) => ({ kind, drillId })),
  fc.tuple(fc.constantFrom('needs' as const, 'actions' as const), id, id).map(([kind, drillId, commentId]) => ({ kind, drillId, commentId })),
);
const actions = fc.uniqueArray(fc.constantFrom(...ACTIONS.filter((action): action is Exclude<Action, 'none'> => action !== 'none')), { maxLength: 8 });

describe('drill prompt ids', () => {
  it('read back what they were made from', () => {
    fc.assert(fc.property(prompt, (value) => {
      expect(drillPrompt.parse(drillPrompt.format(value))).toEqual(value);
    }), { numRuns: 500 });
  });

  it('are the ids the platforms already carry', () => {
    expect(drillPrompt.format({ kind: 'needs', drillId: 'd1', commentId: 'c1' })).toBe('needs:d1:c1');
    expect(drillPrompt.parse('actions:d1:c2')).toEqual({ kind: 'actions', drillId: 'd1', commentId: 'c2' });
    expect(drillPrompt.parse('submit:d1')).toEqual({ kind: 'submit', drillId: 'd1' });
    expect(drillPrompt.parse('mode:boutique-en-ligne-retard')).toEqual({ kind: 'mode', scenarioId: 'boutique-en-ligne-retard' });
    expect(drillPrompt.parse('scenario')).toEqual({ kind: 'scenario' });
  });

  it('refuse what no prompt of ours looks like: another kind, a part missing, empty or extra', () => {
    for (const malformed of ['', 'bogus:1', 'home', 'nudge', 'needs:d1', 'needs::c1', 'needs:d1:', 'needs:d1:c1:x', 'submit', 'submit:', 'submit:d1:x', 'mode:', 'scenario:x', 'texts:d1:c1:r', 'Needs:d1:c1']) {
      expect(drillPrompt.parse(malformed), malformed).toBeUndefined();
    }
  });
});

describe('texts form ids', () => {
  it('read back the drill, the comment and the actions, one letter each', () => {
    fc.assert(fc.property(id, id, actions, (drillId, commentId, chosen) => {
      expect(textsForm.parse(textsForm.format({ drillId, commentId, actions: chosen }))).toEqual({ drillId, commentId, actions: chosen });
    }), { numRuns: 500 });
    expect(textsForm.format({ drillId: 'd1', commentId: 'c1', actions: ['reply', 'private_message'] })).toBe('texts:d1:c1:rp');
  });

  it('drop unknown and repeated letters, and refuse an id without its drill, comment or action part', () => {
    expect(textsForm.parse('texts:d1:c1:rzr')).toEqual({ drillId: 'd1', commentId: 'c1', actions: ['reply'] });
    expect(textsForm.parse('texts:d1:c1:')).toEqual({ drillId: 'd1', commentId: 'c1', actions: [] });
    for (const malformed of ['texts', 'texts:d1', 'texts:d1:c1', 'texts::c1:r', 'texts:d1::r', 'texts:d1:c1:r:x', 'artefact:reporting', 'needs:d1:c1']) {
      expect(textsForm.parse(malformed), malformed).toBeUndefined();
    }
  });
});

describe('submission choices', () => {
  it('read back submit, continue and the comment to edit; anything else is unknown', () => {
    for (const choice of [{ kind: 'submit' }, { kind: 'continue' }, { kind: 'edit', commentId: 'c3' }] as const) expect(submitChoice.parse(submitChoice.format(choice))).toEqual(choice);
    expect(submitChoice.format({ kind: 'edit', commentId: 'c3' })).toBe('edit:c3');
    for (const unknown of ['', 'bogus', 'edit', 'edit:', 'edit:c1:c2']) expect(submitChoice.parse(unknown), unknown).toBeUndefined();
  });
});
