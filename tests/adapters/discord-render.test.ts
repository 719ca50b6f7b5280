import { describe, expect, it } from 'vitest';
import { discordIds, modalFor, renderMessages } from '../../src/adapters/discord/render.js';
import type { View } from '../../src/engine/views.js';

const DRILL = '3f2b8c1e-9a4d-4c7b-8e21-5d6f7a8b9c0d';

describe('Discord component ids', () => {
  it('carry the drill and the comment, within 100 characters, both ways', () => {
    const ids = [
      { kind: 'button' as const, prompt: `needs:${DRILL}:c10`, value: 'yes' },
      { kind: 'select' as const, prompt: `actions:${DRILL}:c10` },
      { kind: 'modal' as const, form: `texts:${DRILL}:c10:rphdsbel` },
      { kind: 'button' as const, prompt: 'join:K7MQ2X', value: 'join', shared: true as const },
      { kind: 'select' as const, prompt: 'join:K7MQ2X', shared: true as const },
    ];
    for (const id of ids) {
      const encoded = discordIds.encode(id);
      expect(encoded.length).toBeLessThanOrEqual(100);
      expect(discordIds.decode(encoded)).toEqual(id);
    }
    expect(discordIds.decode('nimporte|quoi')).toBeUndefined();
  });
});

describe('Discord rendering of views', () => {
  it('turns a yes/no prompt into buttons and a multiple choice into a select menu', () => {
    const [yesNo] = renderMessages({ kind: 'prompt', id: `needs:${DRILL}:c1`, text: 'Action ?', choices: [{ value: 'yes', label: 'Oui' }, { value: 'no', label: 'Non' }], progress: 'Commentaire 1/8', deadline: Date.UTC(2026, 10, 28, 9, 20) });
    expect(yesNo!.content).toBe(`**Commentaire 1/8** · ⏱ fin <t:${Date.UTC(2026, 10, 28, 9, 20) / 1000}:R>\nAction ?`);
    expect(yesNo!.components![0]!.components.map((component) => component.type)).toEqual([2, 2]);
    const [actions] = renderMessages({ kind: 'prompt', id: `actions:${DRILL}:c1`, text: 'Actions ?', multiple: true, choices: ['like', 'reply', 'hide'].map((value) => ({ value, label: value })) });
    expect(actions!.components![0]!.components[0]).toMatchObject({ type: 3, min_values: 1, max_values: 3 });
  });

  it('never lets a message ping, and escapes learner text quoted as evidence', () => {
    const view: View = {
      kind: 'feedback',
      title: 'Retour',
      comments: [{ comment: 'c1', heading: 'Commentaire 1/8', name: 'commentaire 1 (Julie)', answered: true, checks: [{ id: 'civility', criterion: 'Cr7.2', passed: false, critical: true, message: 'Ton inapproprié.', evidence: '**@everyone** _bande de nuls_' }] }],
    };
    const [message] = renderMessages(view);
    expect(message!.allowedMentions).toEqual({ parse: [] });
    expect(message!.embeds![0]!.description).toContain('\\*\\*@everyone\\*\\* \\_bande de nuls\\_');
    for (const kind of ['notice', 'case'] as const) {
      const views: View[] = kind === 'notice' ? [{ kind, tone: 'info', text: '@here' }] : [{ kind, title: 't', sections: [] }];
      for (const rendered of renderMessages(views[0]!)) expect(rendered.allowedMentions).toEqual({ parse: [] });
    }
  });

  it('splits long feedback across messages within Discord limits', () => {
    const comments = Array.from({ length: 12 }, (_, index) => ({
      comment: `c${index + 1}`,
      heading: `Commentaire ${index + 1}/12`,
      name: `commentaire ${index + 1} (Julie)`,
      answered: true,
      checks: [{ id: 'coverage' as const, criterion: 'Cr7.2' as const, passed: false, message: 'x'.repeat(900) }],
    }));
    const messages = renderMessages({ kind: 'feedback', title: 'Résultats', comments });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.embeds!.length).toBeLessThanOrEqual(10);
      const size = message.embeds!.reduce((sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0), 0);
      expect(size).toBeLessThanOrEqual(6000);
    }
    expect(messages.flatMap((message) => message.embeds!).length).toBe(12);
  });

  it('makes a modal of a form, labels within 45 characters, earlier values kept', () => {
    const modal = modalFor({
      kind: 'form',
      id: `texts:${DRILL}:c1:r`,
      title: 'Vos textes — Commentaire 1/8',
      progress: 'Commentaire 1/8',
      fields: [
        { id: 'justification', label: 'Justification : quel problème, pourquoi cette action ?', multiline: true, required: true, maxLength: 4000, value: 'Réclamation' },
        { id: 'reply', label: 'Réponse publique (Facebook)', multiline: true, required: true, maxLength: 4000 },
      ],
    });
    expect(modal.custom_id).toBe(`f|texts:${DRILL}:c1:r`);
    expect(modal.components).toHaveLength(2);
    for (const row of modal.components) {
      const input = (row as { components: Array<{ label: string }> }).components[0]!;
      expect(input.label.length).toBeLessThanOrEqual(45);
    }
    expect(JSON.stringify(modal)).toContain('"value":"Réclamation"');
  });
});

describe('the rules to write by, on Discord', () => {
  const form: Extract<View, { kind: 'form' }> = {
    kind: 'form',
    id: `texts:${DRILL}:c1:r`,
    title: 'Vos textes — Commentaire 1/8',
    progress: 'Commentaire 1/8',
    rules: ['Réponse publique : 280 caractères au plus sur X.', 'Emoji : aucun.'],
    fields: [
      { id: 'justification', label: 'Justification', multiline: true, required: true, maxLength: 3000, hint: 'x'.repeat(101) },
      { id: 'reply', label: 'Réponse publique (X)', multiline: true, required: true, maxLength: 3000, advisedLength: 280, hint: '280 caractères au plus sur X' },
    ],
  };

  it('come in the message that carries the « Rédiger mes textes » button, a modal showing no text', () => {
    const [message] = renderMessages(form);
    expect(message!.content).toBe('**Commentaire 1/8** · Vos textes — Commentaire 1/8\n**Règles pour vos textes :**\n• Réponse publique : 280 caractères au plus sur X.\n• Emoji : aucun.');
    expect(message!.components).toHaveLength(1);
  });

  it('put the limit in the empty reply field, whose length Discord counts; a hint too long for a placeholder is left out', () => {
    const inputs = modalFor(form).components.map((row) => (row as unknown as { components: Array<{ custom_id: string; placeholder?: string }> }).components[0]!);
    expect(inputs.find((input) => input.custom_id === 'reply')?.placeholder).toBe('280 caractères au plus sur X');
    expect(inputs.find((input) => input.custom_id === 'justification')?.placeholder).toBeUndefined();
  });
});

describe('Discord rendering of a sequence of views', () => {
  it('folds a notice into the question that follows: one message, fewer requests', async () => {
    const { renderViews } = await import('../../src/adapters/discord/render.js');
    const messages = renderViews([
      { kind: 'notice', tone: 'success', text: 'Réponse enregistrée (Commentaire 1/8).' },
      { kind: 'prompt', id: `needs:${DRILL}:c2`, text: 'Action ?', choices: [{ value: 'yes', label: 'Oui' }, { value: 'no', label: 'Non' }] },
      { kind: 'notice', tone: 'info', text: 'Seule.' },
    ]);
    expect(messages).toHaveLength(2);
    expect(messages[0]!.content).toBe('✅ Réponse enregistrée (Commentaire 1/8).\n\nAction ?');
    expect(messages[0]!.components).toHaveLength(1);
    expect(messages[1]!.embeds![0]!.description).toBe('Seule.');
  });
});
