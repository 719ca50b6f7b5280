import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../src/engine/envelope.js';
import { floodGuard, tooLarge, whileStopping } from '../../src/engine/guards.js';
import { RateLimiter } from '../../src/engine/rate-limit.js';
import type { Inbound } from '../../src/engine/views.js';

const envelope = (event: Inbound, platform: Envelope['platform'] = 'discord'): Envelope => ({ eventId: 'e1', platform, userId: 'u1', displayName: 'Lou', event });
const form: Inbound = { kind: 'form', form: 'texts:d1:c1:r', values: { justification: 'Texte' } };

describe('guards', () => {
  it('refuse everything while stopping, nothing otherwise', () => {
    let stopping = false;
    const guard = whileStopping(() => stopping);
    expect(guard(envelope({ kind: 'text', text: 'bonjour' }))).toBeUndefined();
    stopping = true;
    expect(guard(envelope({ kind: 'text', text: 'bonjour' }))).toEqual([{ kind: 'notice', tone: 'error', text: expect.stringContaining('Le bot redémarre') }]);
  });

  it('refuse a text over its limit', () => {
    expect(tooLarge(envelope({ kind: 'text', text: 'x'.repeat(3000) }))).toBeUndefined();
    expect(tooLarge(envelope({ kind: 'text', text: 'x'.repeat(3001) }))).toEqual([{ kind: 'notice', tone: 'error', text: expect.stringContaining('Texte trop long') }]);
  });

  it('slow a flooding user down, keep a refused form\'s texts as a draft under their own id, and never limit the terminal', () => {
    const drafts: Envelope[] = [];
    const guard = floodGuard(() => 0, (draft) => drafts.push(draft) > 0, new RateLimiter(1, 1));
    expect(guard(envelope({ kind: 'command', name: 'history' }))).toBeUndefined();
    expect(guard(envelope({ kind: 'command', name: 'history' }))).toEqual([{ kind: 'notice', tone: 'warning', text: expect.stringContaining('Réessayez dans un instant') }]);
    expect(drafts).toEqual([]);
    expect(guard(envelope(form))).toEqual([{ kind: 'notice', tone: 'warning', text: expect.stringContaining('Vos textes sont gardés') }]);
    expect(drafts).toEqual([{ ...envelope(form), eventId: 'e1#draft', event: { ...form, draft: true } }]);
    for (let index = 0; index < 5; index += 1) expect(guard(envelope(form, 'terminal'))).toBeUndefined();
  });

  it('say so when the texts could not be kept', () => {
    const guard = floodGuard(() => 0, () => false, new RateLimiter(0, 1));
    expect(guard(envelope(form))).toEqual([{ kind: 'notice', tone: 'warning', text: expect.stringContaining('Réessayez dans un instant') }]);
  });
});
