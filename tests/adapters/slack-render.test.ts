import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSlashText } from '../../src/adapters/slack/commands.js';
import { escapeMrkdwn, formValues, modalFor, pickedChannels, renderMessages, slackIds } from '../../src/adapters/slack/render.js';
import { channelReferences, decodeSlackText, linkedChannels } from '../../src/adapters/slack/text.js';
import type { View } from '../../src/engine/views.js';
import { caseView } from '../../src/engine/present.js';
import { BUNDLED_SCENARIO_DIR, loadScenarioDir } from '../../src/scenarios/load.js';
import { mrkdwnTexts, renderedText } from '../fakes/slack-server.js';

describe('the rules to write by, in a Slack modal', () => {
  it('come first, as a section of text above the fields, and leave the answers read by field id', () => {
    const modal = modalFor({
      kind: 'form',
      id: 'texts:d1:c1:r',
      title: 'Vos textes — Commentaire 1/8',
      rules: ['Réponse publique : 280 caractères au plus sur X.', 'Termes à ne pas employer : « *gratuit* ».'],
      fields: [{ id: 'reply', label: 'Réponse publique (X)', multiline: true, required: true, maxLength: 3000, advisedLength: 280, hint: '280 caractères au plus sur X' }],
    }, '{}');
    expect(modal.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: `*Règles pour vos textes*\n• Réponse publique : 280 caractères au plus sur X.\n• Termes à ne pas employer : « ${escapeMrkdwn('*gratuit*')} ».` } });
    expect(modal.blocks[1]).toMatchObject({ type: 'input', block_id: 'reply', hint: { text: '280 caractères au plus sur X' } });
    expect(formValues({ reply: { value: { type: 'plain_text_input', value: 'Bonjour' } } })).toEqual({ reply: 'Bonjour' });
  });

  it('are absent when the form has none', () => {
    const modal = modalFor({ kind: 'form', id: 'launch', title: 'Lancer', fields: [{ id: 'window', label: 'Durée', multiline: false, required: false, maxLength: 5 }] }, '{}');
    expect(modal.blocks.map((block) => block.type)).toEqual(['input']);
  });
});

describe('Slack rendering', () => {
  it('escapes learner and scenario text so nothing can mention or link', () => {
    expect(escapeMrkdwn('<!channel> <@U123> <https://x.io|clic> & co')).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;https://x.io|clic&gt; &amp; co');
    const [message] = renderMessages([{ kind: 'notice', tone: 'info', text: 'Réponse : <!everyone> regardez' }]);
    expect(JSON.stringify(message!.blocks)).not.toContain('<!everyone>');
    expect(JSON.stringify(message!.blocks)).toContain('&lt;!everyone&gt;');
    // The fallback text is what notifications show: escaped too.
    expect(message!.text).toBe('Réponse : &lt;!everyone&gt; regardez');
  });

  it('asks for several actions with checkboxes and a « Valider » button, one question per message', () => {
    const prompt: View = { kind: 'prompt', id: 'actions:d1:c2', text: 'Quelles actions ?', multiple: true, choices: [{ value: 'reply', label: 'répondre' }, { value: 'hide', label: 'masquer' }], progress: 'Commentaire 2/6' };
    // The receipt and the question it leads to: one message (one post); a second question: a message of its own.
    const messages = renderMessages([{ kind: 'notice', tone: 'success', text: 'Réponse enregistrée.' }, prompt, { ...prompt, id: 'actions:d1:c3' }]);
    expect(messages).toHaveLength(2);
    expect(JSON.stringify(messages[0]!.blocks)).toContain('Réponse enregistrée.');
    expect(JSON.stringify(messages[1]!.blocks)).toContain('actions:d1:c3');
    const actions = messages[0]!.blocks.filter((block) => block.type === 'actions');
    expect(actions.map((block) => (block as { elements: Array<{ type: string; action_id: string }> }).elements.map((element) => [element.type, element.action_id]))).toEqual([
      [['checkboxes', 'm|actions:d1:c2']],
      [['button', 'ok|actions:d1:c2']],
    ]);
  });

  it('uses buttons for up to five choices and a select beyond', () => {
    const choices = (count: number) => Array.from({ length: count }, (_, index) => ({ value: `v${index}`, label: `choix ${index}` }));
    const kinds = (count: number) => renderMessages([{ kind: 'prompt', id: 'submit:d1', text: 'Rendre ?', choices: choices(count) }])[0]!.blocks.flatMap((block) => (block.type === 'actions' ? (block as { elements: Array<{ type: string }> }).elements.map((element) => element.type) : []));
    expect(kinds(2)).toEqual(['button', 'button']);
    expect(kinds(8)).toEqual(['static_select']);
  });

  it('never puts more than 50 blocks in a message', () => {
    const feedback: View = {
      kind: 'feedback',
      title: 'Résultats',
      comments: Array.from({ length: 70 }, (_, index) => ({ comment: `c${index}`, heading: `Commentaire ${index}`, name: `commentaire ${index} (Julie)`, answered: true, checks: [] })),
    };
    const messages = renderMessages([feedback]);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(messages.flatMap((message) => message.blocks)).toHaveLength(71);
  });

  it('turns a form into a modal whose answers read back by field id', () => {
    const form: Extract<View, { kind: 'form' }> = {
      kind: 'form',
      id: 'launch',
      title: 'Lancer un exercice pour la cohorte entière',
      fields: [
        { id: 'scenario', label: 'Cas', input: 'select', multiline: false, required: true, maxLength: 100, options: [{ value: 'boulangerie', label: 'Boulangerie' }] },
        { id: 'date', label: 'Date', input: 'date', multiline: false, required: false, maxLength: 10 },
        { id: 'time', label: 'Heure', input: 'time', multiline: false, required: false, maxLength: 5 },
        { id: 'justification', label: 'Justification', multiline: true, required: true, maxLength: 4000, value: 'avant' },
      ],
    };
    const modal = modalFor(form, '{"form":"launch","channel":"C1"}');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(modal.blocks.map((block) => [block.block_id, (block as { element: { type: string } }).element.type, (block as { optional: boolean }).optional])).toEqual([
      ['scenario', 'static_select', false],
      ['date', 'datepicker', true],
      ['time', 'timepicker', true],
      ['justification', 'plain_text_input', false],
    ]);
    expect((modal.blocks[3] as { element: { max_length: number; initial_value: string } }).element).toMatchObject({ max_length: 3000, initial_value: 'avant' });
    expect(
      formValues({
        scenario: { value: { type: 'static_select', selected_option: { value: 'boulangerie' } } },
        date: { value: { type: 'datepicker', selected_date: '2026-12-01' } },
        time: { value: { type: 'timepicker', selected_time: '14:00' } },
        justification: { value: { type: 'plain_text_input', value: 'Parce que.' } },
      }),
    ).toEqual({ scenario: 'boulangerie', date: '2026-12-01', time: '14:00', justification: 'Parce que.' });
  });

  it('offers a channel field as Slack’s list of private channels and reads the picked one back', () => {
    const modal = modalFor({ kind: 'form', id: 'launch', title: 'Lancer', fields: [{ id: 'reports', label: 'Salon des bilans (privé)', input: 'channel', multiline: false, required: false, maxLength: 100 }] }, '{}');
    expect((modal.blocks[0] as { element: unknown }).element).toEqual({ type: 'conversations_select', action_id: 'value', filter: { include: ['private'], exclude_bot_users: true, exclude_external_shared_channels: true } });
    const state = { reports: { value: { type: 'conversations_select', selected_conversation: 'C0PROFS' } }, window: { value: { type: 'plain_text_input', value: '60' } } };
    expect(formValues(state)).toEqual({ reports: 'C0PROFS', window: '60' });
    expect(pickedChannels(state)).toEqual(['C0PROFS']);
    expect(pickedChannels({ reports: { value: { type: 'conversations_select', selected_conversation: null } } })).toEqual([]);
  });

  it('round-trips action ids (the format Discord uses too) and refuses ids longer than Slack allows', () => {
    for (const id of [{ kind: 'button', prompt: 'needs:d1:c1', value: 'yes' }, { kind: 'select', prompt: 'submit:d1' }, { kind: 'checkboxes', prompt: 'actions:d:c' }, { kind: 'validate', prompt: 'actions:d:c' }, { kind: 'modal', form: 'texts:d:c:rp' }] as const) {
      expect(slackIds.decode(slackIds.encode(id))).toEqual(id);
    }
    expect(() => slackIds.encode({ kind: 'modal', form: 'x'.repeat(260) })).toThrow(/trop long/);
    expect(slackIds.decode('autre')).toBeUndefined();
    // A button posted before Discord and Slack shared one format (a nudge in a DM) still answers.
    expect(slackIds.decode('c|nudge|off')).toEqual({ kind: 'button', prompt: 'nudge', value: 'off' });
  });
});

describe('what people type, as Slack sends it', () => {
  it('decodes Slack’s entities once, so « Promo R&D <test> » reads as typed', () => {
    expect(decodeSlackText('cohort create Promo R&amp;D &lt;test&gt;')).toBe('cohort create Promo R&D <test>');
    // A typed « &lt; » arrives as « &amp;lt; »: one decoding gives it back, not « < ».
    expect(decodeSlackText('a &amp;lt; b &amp;amp; c')).toBe('a &lt; b &amp; c');
    expect(decodeSlackText('sans rien')).toBe('sans rien');
  });

  it('keeps channels as references, and gives mentions and links as the words people see', () => {
    expect(decodeSlackText('results Promo <#C0PROFS|formateurs>')).toBe('results Promo <#C0PROFS>');
    expect(decodeSlackText('<#C0PROFS>')).toBe('<#C0PROFS>');
    expect(decodeSlackText('merci <@U0LEA|lea> et <@U0NOE>')).toBe('merci @lea et @U0NOE');
    expect(decodeSlackText('<!here> <!channel> <!everyone> <!subteam^S01|@profs>')).toBe('@here @channel @everyone @profs');
    expect(decodeSlackText('voir <http://exemple.fr|exemple.fr> et <https://a.fr/?x=1&amp;y=2>')).toBe('voir exemple.fr et https://a.fr/?x=1&y=2');
    expect(decodeSlackText('le <!date^1700000000^{date}|14 novembre>')).toBe('le 14 novembre');
  });

  it('lists the channels a text links and the references among command words', () => {
    expect([...linkedChannels('results Promo <#C0PROFS|formateurs> <#C0AUTRE>')]).toEqual([['C0PROFS', 'formateurs'], ['C0AUTRE', '']]);
    expect(channelReferences(['Promo', '<#C0PROFS>', '#salon', '<#>'])).toEqual(['C0PROFS']);
  });
});

const DRILL_RECEIPT = 'Votre exercice est dans vos messages directs avec moderato.';

describe('/moderato text', () => {
  it.each([
    ['start', { kind: 'command', name: 'start', args: [] }, 'dm', DRILL_RECEIPT],
    ['commencer boulangerie practice', { kind: 'command', name: 'start', args: ['boulangerie', 'practice'] }, 'dm', DRILL_RECEIPT],
    ['privacy export', { kind: 'command', name: 'privacy', args: ['export'] }, 'dm', 'Votre export de données est dans vos messages directs avec moderato.'],
    ['données erase', { kind: 'command', name: 'privacy', args: ['erase'] }, 'dm', 'La demande de confirmation de l’effacement est dans vos messages directs avec moderato.'],
    ['feedback', { kind: 'command', name: 'feedback', args: [] }, 'dm', 'Le retour détaillé de votre dernier exercice est dans vos messages directs avec moderato.'],
  ])('sends « %s » to the DM and names what is there', (text, event, place, receipt) => {
    expect(parseSlashText(text)).toEqual({ event, place, receipt });
  });

  it('runs the oral rehearsal in the DM (its timer follows there), and answers « oral stop » or « privacy » where typed', () => {
    expect(parseSlashText('oral')).toEqual({ event: { kind: 'command', name: 'oral', args: [] }, place: 'dm', receipt: 'L’oral blanc se déroule dans vos messages directs avec moderato.', session: true });
    expect(parseSlashText('oral stop')).toEqual({ event: { kind: 'command', name: 'oral', args: ['stop'] }, place: 'here' });
    expect(parseSlashText('privacy')).toEqual({ event: { kind: 'command', name: 'privacy', args: [] }, place: 'here' });
  });

  it.each([
    ['join k7mq2x', { kind: 'command', name: 'cohort-join', args: ['k7mq2x'] }, 'here'],
    ['cohort create Promo Hiver', { kind: 'command', name: 'cohort-create', args: ['Promo', 'Hiver'] }, 'here'],
    ['Cohorte liste', { kind: 'command', name: 'cohort-list', args: [] }, 'here'],
    ['drill launch', { kind: 'command', name: 'launch-form', args: [] }, 'here'],
    ['drill status Promo', { kind: 'command', name: 'drill-status', args: ['Promo'] }, 'here'],
    ['results Promo Hiver', { kind: 'command', name: 'results', args: ['Promo', 'Hiver'] }, 'here'],
  ])('reads « %s »', (text, event, place) => {
    expect(parseSlashText(text)).toEqual({ event, place });
  });

  it('gives no command for unknown text (the help is shown)', () => {
    expect(parseSlashText('')).toBeUndefined();
    expect(parseSlashText('bonjour')).toBeUndefined();
    expect(parseSlashText('cohort supprimer X')).toBeUndefined();
  });
});

describe('Slack app manifests', () => {
  for (const file of ['slack/manifest.yaml', 'slack/manifest.http.yaml']) {
    it(`${file} asks exactly for the scopes, command and events the adapter uses`, () => {
      const manifest = parse(readFileSync(file, 'utf8')) as {
        oauth_config: { scopes: { bot: string[] } };
        features: { slash_commands: Array<{ command: string; url?: string; should_escape?: boolean }>; app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean } };
        settings: { event_subscriptions: { bot_events: string[]; request_url?: string }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
      };
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'files:write', 'groups:read', 'im:history', 'im:write', 'users:read']);
      expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(['/moderato']);
      // Channels typed in a command arrive as <#C…|name> links: how a trainer names a private channel for results.
      expect(manifest.features.slash_commands[0]!.should_escape).toBe(true);
      expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
      expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(['app_home_opened', 'message.im', 'user_change']);
      expect(manifest.settings.interactivity.is_enabled).toBe(true);
      const http = file.endsWith('http.yaml');
      expect(manifest.settings.socket_mode_enabled).toBe(!http);
      if (http) expect(manifest.settings.event_subscriptions.request_url).toBe('https://HOTE/slack/events');
    });
  }
});

describe('the case on Slack', () => {
  /** What a reader sees of the messages: every mrkdwn and plain text, rendered, without Slack's bold marks. */
  const seen = (views: View[]) => renderMessages(views).flatMap((message) => [...mrkdwnTexts(message as never).map((text) => renderedText(text)), ...message.blocks.flatMap((block) => (block.type === 'header' ? [block.text.text] : []))]).join('\n').replace(/\*/g, '');
  const flat = (text: string) => text.replace(/\s+/g, ' ');

  it('shows every fact, the contact and the post of every bank scenario, nothing cut', async () => {
    const { scenarios } = await loadScenarioDir(BUNDLED_SCENARIO_DIR);
    expect(scenarios.length).toBeGreaterThan(0);
    for (const { scenario } of scenarios) {
      const shown = flat(seen([caseView(scenario)]));
      for (const fact of scenario.charter.facts) expect(shown, `${scenario.id} ${fact.id}`).toContain(flat(fact.text));
      for (const contact of [scenario.charter.contact.email, scenario.charter.contact.phone, scenario.charter.contact.url]) if (contact) expect(shown, scenario.id).toContain(contact);
      expect(shown, scenario.id).toContain(flat(scenario.post.text));
      for (const message of renderMessages([caseView(scenario)])) expect(message.blocks.length).toBeLessThanOrEqual(50);
    }
  });

  it('cuts a very long post between words instead of dropping its end', () => {
    const words = Array.from({ length: 1500 }, (_, index) => `mot${index}`);
    const view: View = { kind: 'case', title: 'Cas', sections: [{ heading: 'La publication', lines: [words.join(' ')] }] };
    const shown = seen([view]);
    expect(shown).not.toContain('…');
    for (const word of ['mot0', 'mot777', 'mot1499']) expect(shown.split(/\s+/)).toContain(word);
  });
});
