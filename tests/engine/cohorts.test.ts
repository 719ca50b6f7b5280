import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import type { CohortMember } from '../../src/store/cohorts.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
/** Saturday 28 November 2026, 10:00 in Paris. */
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const MIN = 60_000;
const TRAINER = { channelId: 'salon-promo', trainer: true };

function notice(views: View[]): string {
  const found = views.find((view): view is Extract<View, { kind: 'notice' }> => view.kind === 'notice');
  if (!found) throw new Error(`pas de message dans ${JSON.stringify(views)}`);
  return found.text;
}

function command(name: string, ...args: string[]) {
  return { kind: 'command' as const, name, args };
}

/** A platform where a member's space is « space-<user> », except for users listed as unreachable. */
async function cohortWorld(path = ':memory:', clock = new ManualClock(T0), unreachable = new Set<string>()) {
  const platform = await TestPlatform.open(path, clock, [scenario]);
  const opened: CohortMember[] = [];
  platform.cohorts.onOpenSpace('test', async (member) => {
    opened.push(member);
    return unreachable.has(member.userId) ? undefined : `space-${member.userId}`;
  });
  return { platform, clock, opened };
}

function joinCode(text: string): string {
  const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(text)?.[1];
  if (!code) throw new Error(`pas de code dans « ${text} »`);
  return code;
}

describe('cohorts', () => {
  it('lets a trainer create a cohort bound to the channel and learners join with its code', async () => {
    const { platform } = await cohortWorld();
    const created = notice(platform.send('formatrice', command('cohort-create-here', 'Promo', 'Hiver'), undefined, TRAINER));
    expect(created).toMatch(/^Cohorte « Promo Hiver » créée et liée à ce salon\. Code d’inscription : [A-HJ-NP-Z2-9]{6} /);
    const code = joinCode(created);
    // Codes are forgiving about case and separators, as learners type them from a slide.
    const loose = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`;
    expect(notice(platform.send('alice', command('cohort-join', loose), undefined, { channelId: 'salon-promo' }))).toBe(
      'Bienvenue dans la cohorte « Promo Hiver » (1 membre). Les exercices lancés par vos formateurs vous arriveront ici à l’heure prévue.',
    );
    expect(notice(platform.send('bob', command('cohort-join', code)))).toContain('(2 membres)');
    expect(notice(platform.send('alice', command('cohort-join', code)))).toBe('Vous faites déjà partie de la cohorte « Promo Hiver » ; vos exercices arriveront désormais ici.');
    expect(notice(platform.send('carole', command('cohort-join', 'ZZZZZZ')))).toBe('Code « ZZZZZZ » inconnu : vérifiez-le auprès de votre formateur (6 caractères, par exemple K7MQ2X).');
    expect(platform.cohorts.store.members(platform.cohorts.find('Promo Hiver').id).map((member) => member.userId)).toEqual(['alice', 'bob']);
    expect(notice(platform.send('formatrice', command('cohort-create-here', 'promo hiver'), undefined, TRAINER))).toBe('Une cohorte « promo hiver » existe déjà.');
    platform.close();
  });

  it('refuses trainer commands to everyone else, whatever they type', async () => {
    const { platform } = await cohortWorld();
    const code = joinCode(notice(platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, TRAINER)));
    platform.send('alice', command('cohort-join', code), undefined, { channelId: 'salon-promo' });
    for (const event of [command('cohort-create', 'Pirate'), command('cohort-bind', code), command('launch', scenario.id, 'maintenant', 'exam')]) {
      expect(platform.send('alice', event, undefined, { channelId: 'salon-promo', trainer: false })).toEqual([{ kind: 'notice', tone: 'error', text: 'Cette commande est réservée aux formateurs.' }]);
    }
    expect(platform.cohorts.store.drillsOf(platform.cohorts.find('Promo').id)).toEqual([]);
    platform.close();
  });

  it('explains what is wrong with a launch instead of launching', async () => {
    const { platform } = await cohortWorld();
    expect(notice(platform.send('formatrice', command('launch', scenario.id, 'demain 9h', 'exam'), undefined, { channelId: 'ailleurs', trainer: true }))).toContain('Aucune cohorte n’est liée à ce salon');
    const code = joinCode(notice(platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, TRAINER)));
    expect(notice(platform.send('formatrice', command('launch', scenario.id, 'maintenant', 'exam'), undefined, TRAINER))).toBe(
      `La cohorte « Promo » n’a encore aucun membre : donnez-leur le code ${code}, ou programmez l’exercice plus tard.`,
    );
    platform.send('alice', command('cohort-join', code));
    expect(notice(platform.send('formatrice', command('launch', scenario.id, '08:00', 'exam'), undefined, TRAINER))).toContain('est déjà passé');
    expect(notice(platform.send('formatrice', command('launch', 'inconnu', 'demain 9h', 'exam'), undefined, TRAINER))).toBe('Scénario « inconnu » introuvable.');
    expect(notice(platform.send('formatrice', command('launch', scenario.id, 'demain 9h', 'oral'), undefined, TRAINER))).toBe('Mode inconnu : « exam » ou « practice ».');
    platform.close();
  });

  it('starts every member in their own space at the start time, once, and reports to the trainer privately', async () => {
    const { platform, clock, opened } = await cohortWorld();
    const code = joinCode(notice(platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, TRAINER)));
    for (const learner of ['alice', 'bob']) platform.send(learner, command('cohort-join', code), undefined, { channelId: 'salon-promo' });
    const launched = notice(platform.send('formatrice', command('launch', scenario.id, '14:00', 'exam'), undefined, TRAINER));
    expect(launched).toBe(
      `« ${scenario.title} » (examen) lancé pour la cohorte « Promo » : début samedi 28 novembre 2026 à 14:00 (Europe/Paris), 2 membres. Chacun reçoit son propre fil ; le bilan vous sera envoyé en privé.`,
    );
    // A member who joins before the start is included.
    platform.send('carole', command('cohort-join', code));

    clock.advance(3 * 60 * MIN + 59 * MIN);
    expect(opened).toEqual([]);
    clock.advance(MIN);
    await vi.waitFor(() => expect(platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'))).toHaveLength(3));
    const starts = platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'));
    expect(starts.map((delivery) => delivery.origin)).toEqual([
      { platform: 'test', userId: 'alice', channelId: 'space-alice' },
      { platform: 'test', userId: 'bob', channelId: 'space-bob' },
      { platform: 'test', userId: 'carole', channelId: 'space-carole' },
    ]);
    // Each member reads the case first: the exam's reading phase started at 14:00 for them.
    expect(starts[0]!.views[0]).toEqual({ kind: 'notice', tone: 'info', text: `Exercice de la cohorte « Promo » : « ${scenario.title} » (examen).` });
    expect(starts[0]!.views[1]).toMatchObject({ kind: 'case', deadline: T0 + 4 * 60 * MIN + 5 * MIN });
    // The report names who started, privately: the launch channel is the learners' channel.
    await vi.waitFor(() => expect(platform.deliveries.some((delivery) => delivery.origin.userId === 'formatrice')).toBe(true));
    const report = platform.deliveries.find((delivery) => delivery.origin.userId === 'formatrice')!;
    expect(report.origin).toEqual({ platform: 'test', userId: 'formatrice' });
    expect(notice(report.views)).toBe(`« ${scenario.title} » — cohorte « Promo » : 3 membres démarrés.`);
    // The learner answers in their drill like any other.
    const ready = TestPlatform.question(starts[1]!.views);
    expect(ready.id).toMatch(/^ready:/);
    expect(TestPlatform.question(platform.send('bob', { kind: 'choice', prompt: ready.id, values: ['go'] })).id).toMatch(/^needs:/);
    // Nobody is started twice, whatever fires again.
    await platform.cohorts.startMembers(platform.cohorts.store.drillsOf(1)[0]!.id);
    expect(opened).toHaveLength(3);
    platform.close();
  });

  it('keeps trying an unreachable member, never restarts the others across a restart, and sends the summary once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-cohort-')), 'cohort.db');
    const clock = new ManualClock(T0);
    const unreachable = new Set(['bob']);
    const first = await cohortWorld(path, clock, unreachable);
    const code = joinCode(notice(first.platform.send('formatrice', command('cohort-create', 'Promo'), undefined, { channelId: 'salon-formateurs', trainer: true })));
    for (const learner of ['alice', 'bob']) first.platform.send(learner, command('cohort-join', code));
    first.platform.send('formatrice', command('cohort-bind', code), undefined, TRAINER);
    first.platform.send('formatrice', command('launch', scenario.id, 'maintenant', 'exam'), undefined, TRAINER);
    clock.advance(0);
    await vi.waitFor(() => expect(first.platform.deliveries.some((delivery) => delivery.origin.userId === 'formatrice')).toBe(true));
    const report = first.platform.deliveries.find((delivery) => delivery.origin.userId === 'formatrice')!;
    expect(notice(report.views)).toBe(
      `« ${scenario.title} » — cohorte « Promo » : 1 membre démarré.\nImpossible de joindre : bob (nouvel essai pendant 15 minutes ; vérifiez que le bot voit le salon de la cohorte).`,
    );
    first.platform.close();

    // Restart: bob is reachable now; alice must not get a second drill.
    unreachable.clear();
    clock.advance(2 * MIN);
    const second = await cohortWorld(path, clock, unreachable);
    expect(second.platform.cohorts.restore()).toBe(1);
    second.platform.drills.restore();
    clock.advance(0);
    await vi.waitFor(() => expect(second.opened.map((member) => member.userId)).toEqual(['bob']));
    const cohortDrill = second.platform.cohorts.store.drillsOf(second.platform.cohorts.find('Promo').id)[0]!;
    const rows = second.platform.cohorts.reports.progress(cohortDrill.id, cohortDrill.cohortId);
    expect(rows.map((row) => [row.userId, row.drillId !== null])).toEqual([['alice', true], ['bob', true]]);
    expect(second.platform.db.prepare('SELECT COUNT(*) FROM drills').pluck().get()).toBe(2);

    // The exam runs out for both (automatic submission), then the cohort drill closes.
    clock.advance(40 * MIN);
    const summaries = () => second.platform.deliveries.filter((delivery) => delivery.origin.userId === 'formatrice' && notice(delivery.views).startsWith('Bilan'));
    expect(summaries()).toHaveLength(1);
    expect(notice(summaries()[0]!.views)).toMatch(new RegExp(`^Bilan « ${scenario.title} » — cohorte « Promo » : 2/2 copies rendues\\.\\nalice : Cr7\\.1 \\d+ % (non )?atteint · Cr7\\.2 \\d+ % (non )?atteint\\nbob : Cr7\\.1`));
    second.platform.close();

    const third = await cohortWorld(path, clock, unreachable);
    expect(third.platform.cohorts.restore()).toBe(0);
    third.platform.close();
  });

  it('gives trainers the cohort list, its members per platform, the state of drills and the results with CSV and chart', async () => {
    const { platform, clock } = await cohortWorld();
    const code = joinCode(notice(platform.send('formatrice', command('cohort-create', 'Promo'), undefined, { channelId: 'salon-formateurs', trainer: true })));
    for (const learner of ['alice', 'bob']) platform.send(learner, command('cohort-join', code));
    expect(notice(platform.send('formatrice', command('cohort-list'), undefined, { trainer: true }))).toBe(`Cohortes :\n« Promo » · code ${code} · 2 membres (2 test) · 0 exercice lancé`);

    // Through the launch form (a Slack modal): a cohort, a case, a date and time in the cohort's zone.
    const form = platform.send('formatrice', command('launch-form'), undefined, { trainer: true })[0]!;
    expect(form).toMatchObject({ kind: 'form', id: 'launch', fields: expect.arrayContaining([expect.objectContaining({ id: 'scenario', input: 'select' }), expect.objectContaining({ id: 'date', input: 'date' })]) });
    const launch = (values: Record<string, string>) => platform.send('formatrice', { kind: 'form', form: 'launch', values }, undefined, { channelId: 'salon-formateurs', trainer: true });
    expect(launch({ cohort: '1', scenario: scenario.id, date: '2026-11-27', time: '14:00', mode: 'practice' })).toEqual([
      { kind: 'notice', tone: 'error', text: 'vendredi 27 novembre 2026 à 14:00 (Europe/Paris) est déjà passé : choisissez une heure à venir, ou « maintenant ».', field: 'date' },
    ]);
    expect(launch({ cohort: '1', scenario: scenario.id, mode: 'practice', window: '5' })[0]).toMatchObject({ field: 'window' });
    expect(platform.send('alice', { kind: 'form', form: 'launch', values: { cohort: '1', scenario: scenario.id } })[0]).toMatchObject({ text: 'Cette commande est réservée aux formateurs.' });
    // Typed in a channel, but no channel named for the reports: they go to the trainer alone.
    expect(notice(launch({ cohort: '1', scenario: scenario.id, date: '', time: '', mode: 'practice', window: '60' }))).toContain('début maintenant, 2 membres. Chacun reçoit son propre fil ; le bilan vous sera envoyé en privé.');
    clock.advance(0);
    await vi.waitFor(() => expect(platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'))).toHaveLength(2));

    // Alice answers every comment « no action » and submits; Bob has not finished.
    const drillId = platform.drills.store.latestOpenDrill(platform.cohorts.store.members(1)[0]!.learnerId)!;
    for (const comment of scenario.comments) platform.send('alice', { kind: 'choice', prompt: `needs:${drillId}:${comment.id}`, values: ['no'] });
    platform.send('alice', { kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] });

    expect(notice(platform.send('formatrice', command('cohort-show', 'promo'), undefined, { trainer: true }))).toBe(
      `Cohorte « Promo » · code ${code} · fuseau Europe/Paris · 2 membres\ntest :\n  alice — 1 exercice rendu sur 1\n  bob — 0 exercice rendu sur 1`,
    );
    const status = notice(platform.send('formatrice', command('drill-status'), undefined, { trainer: true }));
    expect(status).toMatch(/^État des exercices :\n« .+ » \(entraînement, [0-9a-f]{8}\) — cohorte « Promo » · démarré 2\/2, rendu 1\/2\n  en cours : bob$/);

    const results = platform.send('formatrice', command('results', 'Promo'), undefined, { trainer: true });
    expect(notice(results)).toMatch(/^alice \(test\) : Cr7\.1 \d+ % non atteint · Cr7\.2 0 % non atteint · à travailler : Choix des actions \(5\/6\), Détection \(5\/6\), Texte rédigé \(2\/2\)$/m);
    expect(notice(results).startsWith('Résultats — cohorte « Promo » : 1 copie rendue sur 2.\n')).toBe(true);
    expect(notice(results)).toContain('bob (test) : aucune copie rendue');
    const [csv, chart] = results.filter((view): view is Extract<typeof view, { kind: 'file' }> => view.kind === 'file');
    expect(csv).toMatchObject({ filename: 'resultats-promo.csv', contentType: 'text/csv' });
    const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv!.data);
    expect(csvText.startsWith('\uFEFFcohorte;exercice;cas;mode;début;apprenant;plateforme;état;Cr7.1 score')).toBe(true);
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(3);
    // Dates in the cohort's zone as spreadsheets read them (launched at 09:00 UTC, 10:00 in Paris), the mode in
    // French, and the exercise's whole id: 8 hex digits alone (« 12345678 », « 1e100000 ») would become numbers in Excel.
    const cohortDrillId = platform.cohorts.store.drillsOf(1)[0]!.id;
    expect(cohortDrillId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const aliceRow = csvText.split('\r\n').find((line) => line.includes(';alice;'))!;
    expect(aliceRow).toMatch(new RegExp(`^Promo;${cohortDrillId};Fermeture exceptionnelle;entraînement;2026-11-28 10:00;alice;test;rendu;0,\\d+;non atteint;0,?\\d*;non atteint;2026-11-28 10:00$`));
    expect(csvText.split('\r\n').find((line) => line.includes(';bob;'))).toBe(`Promo;${cohortDrillId};Fermeture exceptionnelle;entraînement;2026-11-28 10:00;bob;test;pas rendu;;;;;`);
    // The id as the CSV gives it is one « results » takes.
    expect(notice(platform.send('formatrice', command('results', cohortDrillId), undefined, { trainer: true }))).toMatch(/^Résultats — « .+ » \(entraînement, [0-9a-f]{8}\) — cohorte « Promo » : 1 copie rendue sur 2\./);
    expect(chart).toMatchObject({ filename: 'reussite-promo.png', contentType: 'image/png' });
    expect([...chart!.data.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // An hour later the window closes: the summary goes to the trainer alone, not to the channel the launch was typed in.
    clock.advance(60 * MIN);
    expect(platform.deliveries.filter((delivery) => delivery.origin.channelId === 'salon-formateurs')).toEqual([]);
    const toTrainer = platform.deliveries.filter((delivery) => delivery.origin.userId === 'formatrice');
    expect(toTrainer.map((delivery) => delivery.origin)).toEqual([{ platform: 'test', userId: 'formatrice' }, { platform: 'test', userId: 'formatrice' }]);
    expect(notice(toTrainer[0]!.views)).toMatch(/ : 2 membres démarrés\.$/);
    expect(notice(toTrainer[1]!.views)).toMatch(/^Bilan « .+ » — cohorte « Promo » : 1\/2 copies rendues\.\nalice : Cr7\.1 \d+ % non atteint/);
    // A learner never reads results.
    expect(notice(platform.send('alice', command('results', 'Promo')))).toBe('Cette commande est réservée aux formateurs.');
    platform.close();
  });

  it('publishes results and reports only in a private channel the trainer named and the platform vouched for', async () => {
    const { platform, clock } = await cohortWorld();
    // What the platform verified about the channels named in the event (Slack: conversations.info).
    const facts = new Map([
      ['CPROFS', { id: 'CPROFS', name: 'formateurs', access: 'private' as const }],
      ['CGENERAL', { id: 'CGENERAL', name: 'general', access: 'public' as const }],
      ['CPROMO', { id: 'CPROMO', name: 'promo', access: 'private' as const }],
    ]);
    platform.cohorts.onDescribeChannel('test', (id) => facts.get(id));
    const code = joinCode(notice(platform.send('formatrice', command('cohort-create', 'Promo'), undefined, { channelId: 'CGENERAL', trainer: true })));
    platform.send('formatrice', command('cohort-bind', code), undefined, { channelId: 'CPROMO', trainer: true });
    for (const learner of ['alice', 'bob']) platform.send(learner, command('cohort-join', code));
    const launch = (reports: string) => platform.send('formatrice', { kind: 'form', form: 'launch', values: { cohort: '1', scenario: scenario.id, mode: 'practice', window: '10', reports } }, undefined, { channelId: 'CGENERAL', trainer: true });

    expect(launch('CGENERAL')).toEqual([{ kind: 'notice', tone: 'error', field: 'reports', text: '#general n’est pas un salon privé : les résultats nomment les apprenants et donnent leurs notes. Nommez un salon privé où moderato est invité, ou n’en nommez aucun pour tout recevoir en message direct.' }]);
    expect(launch('CINCONNU')[0]).toMatchObject({ field: 'reports', text: 'Je ne vois pas ce salon : s’il est privé, invitez-y moderato (« /invite @moderato »), ou n’en nommez aucun pour tout recevoir en message direct.' });
    expect(launch('CPROMO')[0]).toMatchObject({ field: 'reports', text: expect.stringMatching(/^#promo est le salon d’une cohorte, que ses apprenants lisent/) });
    // Typed as a command too (`<#id>`, as Slack and Discord write a channel).
    expect(notice(platform.send('formatrice', command('launch', scenario.id, 'maintenant', 'exam', '<#CGENERAL>'), undefined, { channelId: 'CPROMO', trainer: true }))).toMatch(/^#general n’est pas un salon privé/);
    expect(platform.cohorts.store.drillsOf(1)).toEqual([]);
    expect(notice(launch('CPROFS'))).toMatch(/le bilan sera publié dans le salon privé #formateurs\.$/);
    expect(platform.cohorts.store.drillsOf(1)[0]!.launchedBy).toEqual({ platform: 'test', userId: 'formatrice', channelId: 'CPROFS' });

    clock.advance(0);
    await vi.waitFor(() => expect(platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'))).toHaveLength(2));
    const results = (...args: string[]) => platform.send('formatrice', command('results', ...args), undefined, { channelId: 'CGENERAL', trainer: true });
    expect(results('Promo', '<#CGENERAL>')).toEqual([expect.objectContaining({ kind: 'notice', tone: 'error', text: expect.stringMatching(/^#general n’est pas un salon privé/) })]);
    const published = results('Promo', '<#CPROFS>');
    expect(published[0]).toEqual({ kind: 'notice', tone: 'success', text: 'Résultats, export CSV et graphique publiés dans le salon privé #formateurs.' });
    expect(published.slice(1).map((view) => [view.kind, (view as { publishIn?: string }).publishIn])).toEqual([['notice', 'CPROFS'], ['file', 'CPROFS'], ['file', 'CPROFS']]);
    // Without a channel named: for the asker alone, wherever it was typed.
    expect(results('Promo').some((view) => (view as { publishIn?: string }).publishIn !== undefined)).toBe(false);

    clock.advance(10 * MIN);
    const summary = platform.deliveries.find((delivery) => delivery.views.some((view) => view.kind === 'notice' && view.text.startsWith('Bilan')))!;
    expect(summary.origin).toEqual({ platform: 'test', userId: 'formatrice', channelId: 'CPROFS' });
    expect(notice(summary.views)).toContain('0/2 copies rendues.');
    platform.close();
  });

  it('shows members under the name their platform gives now, keeping it when the platform cannot say', async () => {
    const { platform } = await cohortWorld();
    const as = (displayName: string, event: Parameters<typeof platform.send>[1]) => platform.engine.handle({ eventId: `evt-${Math.random()}`, platform: 'test', userId: 'u-lea', displayName, event });
    const code = joinCode(notice(platform.send('formatrice', command('cohort-create', 'Promo'), undefined, { trainer: true })));
    // First seen without a name (a platform event that carries only the id): named by the id for now.
    as('', command('history'));
    as('Léa', command('cohort-join', code));
    const show = () => notice(platform.send('formatrice', command('cohort-show', 'Promo'), undefined, { trainer: true }));
    expect(show()).toContain('  Léa — 0 exercice rendu sur 0');
    as('Léa M.', command('history'));
    as('', command('history'));
    expect(show()).toContain('  Léa M. — 0 exercice rendu sur 0');
    expect(platform.db.prepare('SELECT COUNT(*) FROM learners').pluck().get()).toBe(2);
    platform.close();
  });
});
