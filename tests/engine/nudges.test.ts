import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { fixtureScenario } from '../helpers/scoring.js';

const scenario = fixtureScenario();
/** Tuesday 1 December 2026, 10:00 in Paris. */
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const MIN = 60_000;

function notice(views: View[]): string {
  const found = views.find((view): view is Extract<View, { kind: 'notice' }> => view.kind === 'notice');
  if (!found) throw new Error(`pas de message dans ${JSON.stringify(views)}`);
  return found.text;
}

const command = (name: string, ...args: string[]) => ({ kind: 'command' as const, name, args });
const calendar = (rows: string[]) => ['date;heure;réseau;axe;titre', ...rows].join('\n');
const dbFile = () => join(mkdtempSync(join(tmpdir(), 'moderato-nudges-')), 'nudges.db');

/** Ticks every five minutes until `minutes` have passed, as the minute cron would (coarser, same rules). */
async function runFor(platform: TestPlatform, clock: ManualClock, minutes: number, onTick?: () => void): Promise<void> {
  for (let elapsed = 0; elapsed < minutes; elapsed += 5) {
    clock.advance(5 * MIN);
    await platform.nudges.tick();
    onTick?.();
  }
}

/** The nudges a learner received (prompts with id « nudge »), by text. */
function nudgesOf(platform: TestPlatform, userId: string): string[] {
  return platform.deliveries.filter((delivery) => delivery.origin.userId === userId).flatMap((delivery) => delivery.views.flatMap((view) => (view.kind === 'prompt' && view.id === 'nudge' ? [view.text] : [])));
}

describe('calendar nudges', () => {
  it('imports a calendar, reminds 30 minutes before each post once, and never twice across a restart', async () => {
    const path = dbFile();
    const clock = new ManualClock(T0);
    const first = await TestPlatform.open(path, clock, [scenario]);
    expect(notice(first.send('alice', command('nudges', 'on')))).toBe('Rappels activés (en message privé, fuseau Europe/Paris, heures calmes 21:00–08:00). « nudges off » les arrête à tout moment ; « nudges timezone Zone » change le fuseau.');
    const form = first.send('alice', command('calendar', 'import'))[0]!;
    expect(form).toMatchObject({ kind: 'form', id: 'calendar-import' });
    expect(notice(first.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-01;14:30;instagram;Coulisses;Le fournil', '02/12/2026;09:00;x;Promo;Offre']) } }))).toBe(
      'Calendrier importé : 2 publications, du 2026-12-01 au 2026-12-02 (Europe/Paris).\nUn rappel arrivera 30 minutes avant chaque publication.',
    );
    expect(notice(first.send('alice', command('nudges')))).toContain('mardi 1 décembre 2026 à 14:00 (Europe/Paris) · 📅 Publication prévue à 14:30 sur Instagram');

    clock.advance(3 * 60 * MIN + 59 * MIN);
    expect(await first.nudges.tick()).toEqual({ sent: 0, skipped: 0 });
    clock.advance(MIN);
    expect(await first.nudges.tick()).toEqual({ sent: 1, skipped: 0 });
    expect(nudgesOf(first, 'alice')[0]).toMatch(/^📅 Publication prévue à 14:30 sur Instagram : « Le fournil » \(axe Coulisses\)\.\nAvant de publier :\n☐ texte relu/);
    expect(await first.nudges.tick()).toEqual({ sent: 0, skipped: 0 });
    first.close();

    const second = await TestPlatform.open(path, clock, [scenario]);
    clock.advance(5 * MIN);
    expect(await second.nudges.tick()).toEqual({ sent: 0, skipped: 0 });
    expect(nudgesOf(second, 'alice')).toEqual([]);
    second.close();
  });

  it('refuses a calendar with errors and keeps the previous one', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    platform.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-03;10:00;x;A;Premier']) } });
    const refused = platform.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-04;10:00;Snapchat;A;B', '2026-12-05;10:00;x;A;C']) } });
    expect(refused).toEqual([{ kind: 'notice', tone: 'error', text: 'Calendrier non importé (votre calendrier précédent est conservé) :\nligne 2 : réseau « Snapchat » inconnu (x, tiktok, linkedin, instagram, facebook, youtube)', field: 'text' }]);
    expect(notice(platform.send('alice', command('calendar', 'show')))).toBe('Votre calendrier (1 publication) :\n2026-12-03 10:00 · X · A · Premier');
    expect(notice(platform.send('alice', command('calendar', 'clear')))).toBe('Calendrier effacé (1 publication).');
    platform.close();
  });

  it('sends nothing without opt-in, stops at once with « off », respects quiet hours and snoozes', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-01;11:00;x;A;Sans accord', '2026-12-01;23:30;x;A;Nuit', '2026-12-02;12:00;x;A;Midi', '2026-12-02;18:00;x;A;Soir']) } });
    await runFor(platform, clock, 60);
    expect(nudgesOf(platform, 'alice')).toEqual([]);

    platform.send('alice', command('nudges', 'on'));
    // The 23:30 post's reminder (23:00) falls in the quiet hours and cannot wait past the post: never sent at night.
    await runFor(platform, clock, 21 * 60);
    expect(nudgesOf(platform, 'alice')).toEqual([]);
    expect(platform.db.prepare("SELECT status, reason FROM nudge_deliveries").all()).toEqual([{ status: 'skipped', reason: 'retenu (heures calmes ou pause) jusqu’après l’échéance : pas envoyé' }]);

    // Tuesday → Wednesday 08:00: a week's snooze hides the 11:30 and 17:30 reminders; after « resume » the next one comes.
    expect(notice(platform.send('alice', { kind: 'choice', prompt: 'nudge', values: ['snooze:week'] }))).toBe('Rappels en pause jusqu’à mercredi 9 décembre 2026 à 08:00 (Europe/Paris).');
    await runFor(platform, clock, 4 * 60);
    expect(nudgesOf(platform, 'alice')).toEqual([]);
    expect(notice(platform.send('alice', command('nudges', 'resume')))).toBe('Rappels repris.');
    await runFor(platform, clock, 6 * 60);
    expect(nudgesOf(platform, 'alice')).toHaveLength(1);
    expect(nudgesOf(platform, 'alice')[0]).toContain('« Soir »');

    expect(notice(platform.send('alice', { kind: 'choice', prompt: 'nudge', values: ['off'] }))).toBe('Rappels arrêtés. « nudges on » pour les reprendre.');
    expect(notice(platform.send('alice', command('nudges', 'list')))).toMatch(/^Rappels arrêtés\./);
    platform.close();
  });

  it('after downtime sends a nudge missed by at most 2 hours with a word, skips and logs the others', async () => {
    const path = dbFile();
    const clock = new ManualClock(T0);
    const first = await TestPlatform.open(path, clock, [scenario]);
    const trainer = { channelId: 'salon', trainer: true };
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(notice(first.send('formatrice', command('cohort-create-here', 'Promo'), undefined, trainer)))![1]!;
    first.send('alice', command('cohort-join', code));
    first.send('alice', command('nudges', 'on'));
    first.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-01;12:00;x;A;Passée', '2026-12-01;14:00;x;A;Bientôt']) } });
    // A cohort drill tomorrow at 12:00: its 24-hour announcement is due today at 12:00.
    first.send('formatrice', command('launch', scenario.id, 'demain 12:00', 'exam'), undefined, trainer);
    await first.nudges.tick();
    first.close();

    // The bot is down from 10:00 to 14:30 Paris time.
    clock.advance(4 * 60 * MIN + 30 * MIN);
    const second = await TestPlatform.open(path, clock, [scenario]);
    expect(await second.nudges.tick()).toEqual({ sent: 0, skipped: 3 });
    expect(second.db.prepare('SELECT kind, status, reason FROM nudge_deliveries ORDER BY due_at').all()).toEqual([
      { kind: 'post', status: 'skipped', reason: 'échéance passée pendant l’indisponibilité du bot : pas envoyé' },
      { kind: 'cohort_drill', status: 'skipped', reason: 'manqué de 150 min (plus de 2 h) : pas envoyé' },
      { kind: 'post', status: 'skipped', reason: 'échéance passée pendant l’indisponibilité du bot : pas envoyé' },
    ]);
    second.close();

    // Down from 10:00 to 13:45 only: the 13:30 reminder of the 14:00 post goes, 15 minutes late, saying so.
    const clock2 = new ManualClock(T0);
    const third = await TestPlatform.open(dbFile(), clock2, [scenario]);
    third.send('alice', command('nudges', 'on'));
    third.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-01;14:00;x;A;Bientôt']) } });
    await third.nudges.tick();
    clock2.advance(3 * 60 * MIN + 45 * MIN);
    expect(await third.nudges.tick()).toEqual({ sent: 1, skipped: 0 });
    expect(nudgesOf(third, 'alice')[0]).toContain('(Envoyé avec 15 min de retard : le bot était indisponible.)');
    third.close();
  });

  it('pauses after three ignored nudges with one resume offer, and resumes on request', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.send('alice', command('nudges', 'on'));
    platform.send('alice', { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-01;14:00;x;A;Un', '2026-12-01;15:00;x;A;Deux', '2026-12-01;16:00;x;A;Trois', '2026-12-01;17:00;x;A;Quatre', '2026-12-01;18:00;x;A;Cinq', '2026-12-01;19:00;x;A;Six']) } });
    for (let hour = 0; hour < 5; hour += 1) {
      clock.advance(hour === 0 ? 3 * 60 * MIN + 30 * MIN : 60 * MIN);
      await platform.nudges.tick();
    }
    expect(nudgesOf(platform, 'alice').map((text) => /« (\w+) »/.exec(text)?.[1] ?? text.slice(0, 26))).toEqual(['Un', 'Deux', 'Trois', 'Vos trois derniers rappels']);
    const resume = platform.deliveries.at(-1)!.views[0] as Extract<View, { kind: 'prompt' }>;
    expect(resume.choices).toEqual([{ value: 'resume', label: 'Reprendre les rappels' }]);
    expect(notice(platform.send('alice', { kind: 'choice', prompt: 'nudge', values: ['resume'] }))).toBe('Rappels repris.');
    clock.advance(60 * MIN);
    await platform.nudges.tick();
    // « Cinq » (18:00) passed during the pause and is not sent after the fact; « Six » is.
    expect(nudgesOf(platform, 'alice').at(-1)).toContain('« Six »');
    expect(nudgesOf(platform, 'alice').some((text) => text.includes('« Cinq »'))).toBe(false);
    platform.close();
  });

  it('loses and duplicates nothing when the process dies in the middle of a burst', async () => {
    const path = dbFile();
    const clock = new ManualClock(T0);
    const first = await TestPlatform.open(path, clock, [scenario]);
    const learners = Array.from({ length: 30 }, (_, index) => `l${index}`);
    for (const learner of learners) {
      first.send(learner, command('nudges', 'on'));
      first.send(learner, { kind: 'form', form: 'calendar-import', values: { text: calendar(['2026-12-01;14:00;x;A;Rafale']) } });
    }
    // The platform takes 12 messages, then the process « dies » (every later send fails).
    let accepted = 0;
    const received = new Map<string, number>();
    first.engine.onDeliver('test', (origin) => {
      if (accepted >= 12) throw new Error('processus arrêté');
      accepted += 1;
      received.set(origin.userId, (received.get(origin.userId) ?? 0) + 1);
    });
    clock.advance(3 * 60 * MIN + 30 * MIN);
    expect((await first.nudges.tick()).sent).toBe(12);
    first.close();

    const second = await TestPlatform.open(path, clock, [scenario]);
    second.engine.onDeliver('test', (origin) => void received.set(origin.userId, (received.get(origin.userId) ?? 0) + 1));
    clock.advance(MIN);
    expect((await second.nudges.tick()).sent).toBe(18);
    expect(learners.map((learner) => received.get(learner))).toEqual(learners.map(() => 1));
    expect(second.db.prepare("SELECT COUNT(*) FROM nudge_deliveries WHERE status = 'sent'").pluck().get()).toBe(30);
    second.close();
  });

  it('reminds cohort members of milestones (J-7, J-1; J-30 was before they opted in), of cohort drills 24 h and 15 min ahead, and of 7 days without a drill', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    const trainer = { channelId: 'salon', trainer: true };
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(notice(platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, trainer)))![1]!;
    platform.send('alice', command('cohort-join', code));
    platform.send('alice', command('nudges', 'on'));
    expect(notice(platform.send('alice', command('milestone', code, '2026-12-10', '14:00', 'Examen')))).toBe('Cette commande est réservée aux formateurs.');
    expect(notice(platform.send('formatrice', command('milestone', code, '2026-12-10', '14:00', 'Examen', 'blanc'), undefined, trainer))).toContain('Jalon « Examen blanc » le jeudi 10 décembre 2026 à 14:00');
    platform.send('formatrice', command('launch', scenario.id, '2026-12-03 10:00', 'exam'), undefined, trainer);
    // Alice reads each nudge (any action counts), so none is « ignored ».
    let read = 0;
    await runFor(platform, clock, 10 * 24 * 60, () => {
      if (nudgesOf(platform, 'alice').length > read) {
        read = nudgesOf(platform, 'alice').length;
        platform.send('alice', command('nudges', 'list'));
      }
    });
    expect(nudgesOf(platform, 'alice').map((text) => text.split('\n')[0])).toEqual([
      '🗓 Demain à 10:00 : exercice de modération « Fermeture exceptionnelle » pour la cohorte « Promo ».',
      '⏳ J-7 avant « Examen blanc » (cohorte « Promo ») : jeudi 10 décembre à 14:00.',
      '⏰ Dans 15 minutes : exercice « Fermeture exceptionnelle » (cohorte « Promo »). Il s’ouvrira ici tout seul.',
      // No drill since opting in (1 December, 10:00): the inactivity nudge, 7 days later.
      '👋 Pas d’exercice depuis 7 jours. Un entraînement rapide pour garder la main ?',
      '⏳ J-1 avant « Examen blanc » (cohorte « Promo ») : jeudi 10 décembre à 14:00.',
    ]);
    platform.close();
  });
});
