import { describe, expect, it } from 'vitest';
import { describeNudge, PAUSE_MESSAGE } from '../../src/core/nudges/message.js';
import { inactivityNudge } from '../../src/core/nudges/occurrences.js';
import { ARTEFACT_KINDS, artefactForm, checklistPrompt } from '../../src/engine/coach-ids.js';
import { joinPrompt } from '../../src/engine/cohort-ids.js';
import { nudgeChoice, type NudgeChoice } from '../../src/engine/nudge-ids.js';

describe('cohort ids', () => {
  it('carry the join code of an invitation, and nothing else', () => {
    expect(joinPrompt.parse(joinPrompt.format('K7MQ2X'))).toBe('K7MQ2X');
    expect(joinPrompt.format('K7MQ2X')).toBe('join:K7MQ2X');
    for (const malformed of ['join', 'join:', 'join:K7MQ2X:x', 'JOIN:K7MQ2X', 'coach:C3', '']) expect(joinPrompt.parse(malformed), malformed).toBeUndefined();
  });
});

describe('coach ids', () => {
  it('carry the competency of a checklist prompt', () => {
    expect(checklistPrompt.parse(checklistPrompt.format('C3'))).toBe('C3');
    expect(checklistPrompt.format('C3')).toBe('coach:C3');
    for (const malformed of ['coach', 'coach:', 'coach:C3:x', 'join:C3']) expect(checklistPrompt.parse(malformed), malformed).toBeUndefined();
  });

  it('carry an artefact kind we check, and refuse any other', () => {
    for (const kind of ARTEFACT_KINDS) expect(artefactForm.parse(artefactForm.format(kind))).toBe(kind);
    expect(artefactForm.format('editorial-line')).toBe('artefact:editorial-line');
    for (const malformed of ['artefact', 'artefact:', 'artefact:cv', 'artefact:reporting:x', 'texts:reporting']) expect(artefactForm.parse(malformed), malformed).toBeUndefined();
  });
});

describe('nudge choices', () => {
  it('read back every button', () => {
    const choices: NudgeChoice[] = [{ kind: 'off' }, { kind: 'resume' }, { kind: 'practice' }, { kind: 'snooze', span: '1h' }, { kind: 'snooze', span: 'tomorrow' }];
    for (const choice of choices) expect(nudgeChoice.parse(nudgeChoice.format(choice))).toEqual(choice);
    for (const unknown of ['', 'on', 'snooze', 'snooze:', 'snooze:1h:x']) expect(nudgeChoice.parse(unknown), unknown).toBeUndefined();
  });

  it('understand the buttons the nudges are sent with', () => {
    const inactivity = describeNudge(inactivityNudge(1, 0), { zone: 'Europe/Paris', quietEnd: '08:00', now: 0 }, { late: false, lateMinutes: 0 });
    const values = [...inactivity.choices, ...PAUSE_MESSAGE.choices].map((choice) => choice.value);
    expect(values).toEqual(expect.arrayContaining(['practice', 'snooze:1h', 'off', 'resume']));
    for (const value of values) expect(nudgeChoice.parse(value), value).toBeDefined();
  });
});
