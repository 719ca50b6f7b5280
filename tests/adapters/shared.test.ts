import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { continuesInDm, isPrivateCommand, isRefusal } from '../../src/adapters/shared/answers.js';
import { componentIds } from '../../src/adapters/shared/component-id.js';
import { feedbackText } from '../../src/adapters/shared/feedback.js';
import { splitText } from '../../src/adapters/shared/text.js';
import type { View } from '../../src/engine/views.js';

describe('splitting a text for a platform’s limits', () => {
  it('keeps every character, in order, each piece within the limit', () => {
    const texts = fc.array(fc.oneof(fc.constantFrom(' ', '\n', '…', '😀'), fc.string({ maxLength: 30 })), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(fc.property(texts, fc.integer({ min: 4, max: 50 }), (text, limit) => {
      const pieces = splitText(text, limit);
      for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(limit);
      // Only the whitespace where a piece ends may go: every other character arrives.
      expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }));
  });

  it('cuts at line breaks first, then between words', () => {
    expect(splitText('un deux\ntrois quatre', 12)).toEqual(['un deux', 'trois quatre']);
    expect(splitText('un deux trois quatre', 12)).toEqual(['un deux', 'trois quatre']);
  });
});

describe('one component-id codec, a length limit per platform', () => {
  it('reads back what it writes, and refuses an id longer than the platform allows', () => {
    const short = componentIds(100);
    const ids = [
      { kind: 'button', prompt: 'needs:d1:c1', value: 'yes' },
      { kind: 'button', prompt: 'join:K7MQ2X', value: 'join', shared: true },
      { kind: 'select', prompt: 'actions:d1:c1' },
      { kind: 'checkboxes', prompt: 'actions:d1:c1' },
      { kind: 'validate', prompt: 'actions:d1:c1' },
      { kind: 'modal', form: 'texts:d1:c1:r' },
    ] as const;
    for (const id of ids) expect(short.decode(short.encode(id))).toEqual(id);
    const long = { kind: 'modal', form: 'x'.repeat(150) } as const;
    expect(() => short.encode(long)).toThrow(/trop long/);
    expect(componentIds(255).encode(long)).toBe(`f|${'x'.repeat(150)}`);
    expect(short.decode('nimporte|quoi')).toBeUndefined();
    expect(short.decode('b|sans-valeur')).toBeUndefined();
  });
});

describe('the feedback text every platform shows', () => {
  const view: Extract<View, { kind: 'feedback' }> = {
    kind: 'feedback',
    title: 'Retour',
    comments: [{
      comment: 'c1',
      heading: 'Commentaire 1/2',
      name: 'commentaire 1 (Julie)',
      answered: true,
      checks: [
        { id: 'civility', criterion: 'Cr7.2', passed: false, critical: true, message: 'Ton inapproprié.', evidence: 'bande de nuls' },
        { id: 'detection', criterion: 'Cr7.1', passed: true, message: 'Repéré.' },
        { id: 'action', criterion: 'Cr7.1', passed: true, message: 'Bonnes actions.' },
      ],
    }],
    criteria: [{ id: 'Cr7.2', title: 'Rédiger', result: { score: 0.5, passed: 1, evaluated: 2, verdict: 'not_met', critical_failures: [{ comment: 'c1', check: 'civility' }] }, notes: ['Réponses écrites : 1 sur 2'] }],
  };

  it('gives the failed checks by their French names with message and evidence, the passed ones on a line, and each criterion, the critical failure named by its comment', () => {
    const { comments, criteria } = feedbackText(view, { text: (text) => text, strong: (text) => `*${text}*`, quote: (text) => `«${text}»` });
    expect(comments).toEqual([{ heading: 'Commentaire 1/2', answered: true, outcome: 'critical', lines: ['✗ *Civilité* (critique) : Ton inapproprié.\n  › «bande de nuls»', '✓ Détection, Choix des actions'], model: [] }]);
    expect(criteria).toEqual([{ heading: 'Cr7.2 — Rédiger', met: false, result: '50\u00a0% (1/2) — *non atteint*\nÉchec critique : commentaire 1 (Julie) : Civilité\nRéponses écrites : 1 sur 2' }]);
  });

  it('lets a platform name checks its own way', () => {
    const { comments } = feedbackText(view, { text: (text) => text, strong: (text) => text, quote: (text) => text, checkName: (id) => id.toUpperCase() });
    expect(comments[0]!.lines).toEqual(['✗ CIVILITY (critique) : Ton inapproprié.\n  › bande de nuls', '✓ DETECTION, ACTION']);
  });
});

describe('what every adapter decides alike', () => {
  const notice = (tone: 'info' | 'success' | 'warning' | 'error'): View => ({ kind: 'notice', tone, text: tone });

  it('a refusal is notices only, at least one an error or a warning', () => {
    expect(isRefusal([notice('error')])).toBe(true);
    expect(isRefusal([notice('warning'), notice('info')])).toBe(true);
    expect(isRefusal([notice('info')])).toBe(false);
    expect(isRefusal([])).toBe(false);
    expect(isRefusal([notice('error'), { kind: 'prompt', id: 'p', text: '?', choices: [] }])).toBe(false);
  });

  it('privacy and the oral are the person’s alone; the export, the erasure and a rehearsal go on in their DM', () => {
    expect(['privacy', 'oral'].every(isPrivateCommand)).toBe(true);
    expect(isPrivateCommand('history')).toBe(false);
    const command = (name: string, ...args: string[]) => ({ kind: 'command' as const, name, args });
    expect([command('privacy', 'export'), command('privacy', 'erase'), command('oral'), command('oral', 'start')].map(continuesInDm)).toEqual([true, true, true, true]);
    expect([command('privacy'), command('oral', 'stop'), command('history')].map(continuesInDm)).toEqual([false, false, false]);
  });
});
