import { describe, expect, it } from 'vitest';
import { renderMessages as discordMessages, discordIds } from '../../src/adapters/discord/render.js';
import { renderMessages as slackMessages, slackIds } from '../../src/adapters/slack/render.js';
import { plain, renderView } from '../../src/adapters/terminal/render.js';
import type { View } from '../../src/engine/views.js';

/** Issue 17: every surface shows the model answer after the feedback, the second attempt, and the retry choice. */

const DRILL = '3f2b8c1e-9a4d-4c7b-8e21-5d6f7a8b9c0d';
const LONG_REPLY = Array.from({ length: 700 }, (_, index) => `mot${index}`).join(' ');

function feedback(reply: string): Extract<View, { kind: 'feedback' }> {
  return {
    kind: 'feedback',
    title: 'Retour sur ce commentaire — 2e essai',
    comments: [{
      comment: 'c1',
      heading: 'Commentaire 1/9 — maeva : « Trop bon ! » (éloge)',
      name: 'commentaire 1 (maeva)',
      answered: true,
      checks: [
        { id: 'signature', criterion: 'Cr7.2', passed: true, message: 'Signée.' },
        { id: 'register', criterion: 'Cr7.2', passed: false, message: 'Vouvoiement au lieu du tutoiement.', evidence: 'vous' },
      ],
      attempt: { number: 2, improved: ['signature'], worsened: [] },
      model: { actions: ['réaction (like ou emoji)', 'réponse publique'], justification: 'Un compliment : on remercie.', reply, privateMessage: 'À bientôt <@everyone> & merci' },
    }],
  };
}

const RETRY: View = {
  kind: 'prompt',
  id: `retry:${DRILL}:c1`,
  text: 'Des vérifications n’ont pas réussi. Réécrire seulement ce qui n’a pas marché ?',
  choices: [{ value: 'retry', label: 'Réécrire ce qui n’a pas marché' }, { value: 'next', label: 'Commentaire suivant' }],
  progress: 'Commentaire 1/9',
};

const words = (text: string) => text.split(/\s+/).filter((word) => /^mot\d+$/.test(word));

describe('the model answer and the second attempt on each surface', () => {
  it('terminal: after the checks, « 2e essai » and the model answer line by line', () => {
    const text = renderView(feedback('Merci Maeva ! La team Chez Lulu'), plain, 0);
    const lines = text.split('\n');
    const at = (start: string) => lines.findIndex((line) => line.startsWith(start));
    expect(at('  ✗ Registre (tu/vous)')).toBeGreaterThan(0);
    expect(at('  2e essai (le seul possible pour ce commentaire) : réussi cette fois : Signature.')).toBeGreaterThan(at('  ✓ Signature'));
    expect(lines.slice(at('  Réponse modèle'))).toEqual([
      '  Réponse modèle — actions : réaction (like ou emoji), réponse publique',
      '  Justification : Un compliment : on remercie.',
      '  Réponse : Merci Maeva ! La team Chez Lulu',
      '  Message privé : À bientôt <@everyone> & merci',
    ]);
    expect(renderView(RETRY, plain, 0)).toContain('  1. Réécrire ce qui n’a pas marché\n  2. Commentaire suivant');
  });

  it('Discord: the model answer in embeds of its own, whole and within limits, a long reply cut between words', () => {
    const messages = discordMessages(feedback(LONG_REPLY));
    const embeds = messages.flatMap((message) => message.embeds ?? []);
    for (const embed of embeds) expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
    for (const message of messages) expect((message.embeds ?? []).reduce((sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0), 0)).toBeLessThanOrEqual(6000);
    const descriptions = embeds.map((embed) => embed.description ?? '').join('\n');
    expect(embeds.length).toBeGreaterThan(2);
    expect(descriptions).toContain('Réponse modèle — actions : réaction (like ou emoji), réponse publique');
    expect(descriptions).toContain('**2e essai (le seul possible pour ce commentaire) : réussi cette fois : Signature.**');
    expect(words(descriptions)).toEqual(words(LONG_REPLY));
    expect(messages.every((message) => message.allowedMentions.parse.length === 0)).toBe(true);
    const [retry] = discordMessages(RETRY);
    expect(retry!.components![0]!.components.map((button) => ('label' in button ? button.label : undefined))).toEqual(['Réécrire ce qui n’a pas marché', 'Commentaire suivant']);
    expect(retry!.components![0]!.components.map((button) => ('custom_id' in button ? discordIds.decode(button.custom_id) : undefined))).toEqual([
      { kind: 'button', prompt: `retry:${DRILL}:c1`, value: 'retry' },
      { kind: 'button', prompt: `retry:${DRILL}:c1`, value: 'next' },
    ]);
  });

  it('Slack: the model answer in sections under 3,000 characters, escaped, a long reply cut between words', () => {
    const messages = slackMessages([feedback(LONG_REPLY)]);
    const texts = messages.flatMap((message) => message.blocks).flatMap((block) => (block.type === 'section' && block.text ? [block.text.text] : []));
    for (const text of texts) expect(text.length).toBeLessThanOrEqual(3000);
    const all = texts.join('\n');
    expect(all).toContain('Réponse modèle — actions : réaction (like ou emoji), réponse publique');
    expect(all).toContain('*2e essai (le seul possible pour ce commentaire) : réussi cette fois : Signature.*');
    expect(all).toContain('Message privé : À bientôt &lt;@everyone&gt; &amp; merci');
    expect(words(all)).toEqual(words(LONG_REPLY));
    const retry = slackMessages([RETRY])[0]!.blocks.find((block) => block.type === 'actions')!;
    expect(retry.type === 'actions' && retry.elements.map((element) => (element.type === 'button' ? [element.text.text, slackIds.decode(element.action_id ?? '')] : undefined))).toEqual([
      ['Réécrire ce qui n’a pas marché', { kind: 'button', prompt: `retry:${DRILL}:c1`, value: 'retry' }],
      ['Commentaire suivant', { kind: 'button', prompt: `retry:${DRILL}:c1`, value: 'next' }],
    ]);
  });

  it('a comment without a model answer shows no model line anywhere', () => {
    const { model: _model, attempt: _attempt, ...bare } = feedback('x').comments[0]!;
    const view: View = { kind: 'feedback', title: 'Retour sur ce commentaire', comments: [bare] };
    expect(renderView(view, plain, 0)).not.toContain('Réponse modèle');
    expect(JSON.stringify(discordMessages(view))).not.toContain('Réponse modèle');
    expect(JSON.stringify(slackMessages([view]))).not.toContain('Réponse modèle');
  });
});
