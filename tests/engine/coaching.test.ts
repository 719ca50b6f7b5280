import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { TestPlatform } from '../helpers/test-adapter.js';
import { bankScenario, fixtureScenario } from '../helpers/scoring.js';
import { playModelAnswers } from '../helpers/model-drill.js';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const command = (name: string, ...args: string[]) => ({ kind: 'command' as const, name, args });

function notice(views: View[]): string {
  return (views.find((view) => view.kind === 'notice') as Extract<View, { kind: 'notice' }>).text;
}

describe('coaching on C1–C7 through the test adapter', () => {
  it('shows readiness, a competency’s checklist, ticks items (persisted) and suggests the next step', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [fixtureScenario()]);
    const overview = notice(platform.send('alice', command('coach')));
    expect(overview.split('\n').slice(0, 2)).toEqual(['Votre préparation par compétence :', 'C1 ░░░░░░░░░░ 0 % — Inventaire des réseaux sociaux et de leurs communautés (M1.1, M1.2)']);
    expect(overview).toContain('C7 ░░░░░░░░░░ 0 % — Animation et modération des communautés (M1.3)');
    expect(overview).toContain('Prochaine étape (Cr1.1) : Chaque information du dossier renvoie à une source nommée et datée. Détail : « coach C1 ».');

    const views = platform.send('alice', command('coach', 'Cr3.1'));
    const sheet = notice(views);
    expect(sheet).toContain('C3 — Ligne éditoriale et calendrier de publication (M1.1, M1.2)');
    expect(sheet).toContain('Cr3.1 — Définit entre 3 et 5 axes de contenu distincts');
    expect(sheet).toContain('Le jury regarde : 3 à 5 axes');
    expect(sheet).toContain('Erreurs fréquentes : deux axes qui se recouvrent');
    expect(sheet).toContain('☐ Cr3.3.a Le calendrier couvre un mois');
    const prompt = TestPlatform.question(views);
    expect(prompt).toMatchObject({ id: 'coach:C3', multiple: true });
    expect(prompt.kind === 'prompt' && prompt.choices.map((choice) => choice.value)).toEqual(['Cr3.1.a', 'Cr3.1.b', 'Cr3.2.a', 'Cr3.3.a', 'Cr3.3.b']);

    const after = platform.send('alice', { kind: 'choice', prompt: 'coach:C3', values: ['Cr3.1.a', 'Cr3.1.b', 'inventé'] });
    expect(notice(after)).toBe('2 éléments cochés.');
    expect(JSON.stringify(after)).toContain('C3 ▓▓▓▓░░░░░░ 40 %');
    expect(notice(platform.send('alice', command('coach', 'C3')))).toContain('☑ Cr3.1.a Entre 3 et 5 axes distincts');
    expect(notice(platform.send('alice', command('coach', 'C3', 'untick', 'Cr3.1.b')))).toBe('Décoché : Cr3.1.b.');
    expect(notice(platform.send('bob', command('coach')))).toContain('C3 ░░░░░░░░░░ 0 %');
    expect(notice(platform.send('alice', command('coach', 'C9')))).toBe('« C9 » inconnu : C1, C2, C3, C4, C5, C6, C7 (ou un critère comme Cr3.1).');

    // A trainer sees the cohort's readiness; a learner cannot.
    const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(notice(platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, { channelId: 'salon', trainer: true })))![1]!;
    platform.send('alice', command('cohort-join', code));
    expect(notice(platform.send('formatrice', command('coach', 'cohort', 'Promo'), undefined, { trainer: true }))).toBe('Préparation de la cohorte « Promo » (C1 · C2 · C3 · C4 · C5 · C6 · C7) :\nalice : C1 0 % · C2 0 % · C3 20 % · C4 0 % · C5 0 % · C6 0 % · C7 0 %');
    expect(notice(platform.send('alice', command('coach', 'cohort', 'Promo')))).toBe('Cette commande est réservée aux formateurs.');
    platform.close();
  });

  it('follows the drills for C7: both criteria met at the latest drill fill C7, a failed one empties its items again', async () => {
    const scenario = bankScenario('restaurant-nouvelle-carte');
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
    expect(notice(platform.send('alice', command('coach')))).toContain('C7 suit vos exercices de modération : aucun exercice noté pour l’instant');
    platform.send('alice', command('start', scenario.id, 'practice'));
    const feedback = playModelAnswers(platform, 'alice', platform.drills.store.latestOpenDrill(1)!, scenario).find((view) => view.kind === 'feedback');
    expect(feedback?.kind === 'feedback' && feedback.criteria?.map((criterion) => criterion.result.verdict)).toEqual(['met', 'met']);
    const overview = notice(platform.send('alice', command('coach')));
    expect(overview).toContain('C7 ▓▓▓▓▓▓▓▓▓▓ 100 % — Animation et modération des communautés (M1.3)');
    expect(overview).toContain('au dernier exercice noté, Cr7.1 atteint, Cr7.2 atteint');
    // The checklist shows C7's items done, and offers none of them to tick by hand.
    const c7 = platform.send('alice', command('coach', 'C7'));
    expect(notice(c7)).toContain('☑ Cr7.2.a');
    expect(c7.some((view) => view.kind === 'prompt')).toBe(false);
    // A drill with nothing answered: Cr7.2 not met, its items are open again.
    platform.send('alice', command('start', scenario.id, 'practice'));
    const second = platform.drills.store.latestOpenDrill(1)!;
    platform.clock.advance(60_000);
    for (const comment of scenario.comments) platform.send('alice', { kind: 'choice', prompt: `needs:${second}:${comment.id}`, values: ['no'] });
    platform.send('alice', { kind: 'choice', prompt: `submit:${second}`, values: ['submit'] });
    const after = notice(platform.send('alice', command('coach', 'C7')));
    expect(after).toContain('☐ Cr7.2.a');
    expect(after).toContain('Cr7.2 non atteint');
    platform.close();
  });

  it('hands out the editorial line template and checks the candidate’s line and calendar against the criteria', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [fixtureScenario()]);
    const template = platform.send('alice', command('coach', 'template', 'ligne'));
    expect(template.find((view) => view.kind === 'file')).toMatchObject({ filename: 'ligne-editoriale.yaml', contentType: 'text/yaml' });
    const form = platform.send('alice', command('coach', 'check', 'ligne'))[0]!;
    expect(form).toMatchObject({ kind: 'form', id: 'artefact:editorial-line' });

    const broken = platform.send('alice', { kind: 'form', form: 'artefact:editorial-line', values: { text: 'axes: [' } });
    expect(broken[0]).toMatchObject({ kind: 'notice', tone: 'error', field: 'text', text: 'Ligne éditoriale illisible :\nligne 1 : YAML invalide : liste « [ » ouverte sur cette ligne et jamais fermée (« ] » manquant)' });

    const yaml = (template[1] as Extract<View, { kind: 'file' }>).data;
    const withoutCalendar = notice(platform.send('alice', { kind: 'form', form: 'artefact:editorial-line', values: { text: new TextDecoder().decode(yaml) } }));
    expect(withoutCalendar).toContain('✓ Cr3.1 axes_count : 3 axes : entre 3 et 5, comme le demande le référentiel.');
    expect(withoutCalendar).toContain('✗ Cr3.3 calendar_present : Aucun calendrier importé : « calendar import » d’abord.');

    platform.send('alice', { kind: 'form', form: 'calendar-import', values: { text: 'date;heure;réseau;axe;titre\n2026-12-02;12:30;instagram;Coulisses;A\n2026-12-20;18:30;linkedin;Recettes;B' } });
    const report = notice(platform.send('alice', { kind: 'form', form: 'artefact:editorial-line', values: { text: new TextDecoder().decode(yaml) } }));
    expect(report.split('\n')[0]).toBe('Ligne éditoriale (Cr3.1–Cr3.3) : 5 points à reprendre sur 10.');
    expect(report).toContain('✗ Cr3.3 calendar_networks : Des publications sont sur un réseau que la ligne éditoriale ne retient pas. [linkedin]');
    // The line is kept: the form shows it again next time.
    expect(platform.send('alice', command('coach', 'check', 'ligne'))[0]).toMatchObject({ fields: [expect.objectContaining({ value: expect.stringContaining('Coulisses') })] });
    platform.close();
  });

  it('runs a mock oral: milestones at 5, 10 and 13 min, the switch to questions at 15, one question every 2 min from the least prepared criteria, the end at 25; a restart repeats nothing', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const path = join(mkdtempSync(join(tmpdir(), 'moderato-oral-')), 'oral.db');
    const clock = new ManualClock(T0);
    const first = await TestPlatform.open(path, clock, [fixtureScenario()]);
    // Everything of C1 to C6 is ticked: the jury asks about C7 first.
    const all = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'].flatMap((id) => {
      const prompt = TestPlatform.question(first.send('alice', command('coach', id)));
      return prompt.kind === 'prompt' ? prompt.choices.map((choice) => ({ id, value: choice.value })) : [];
    });
    for (const id of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6']) first.send('alice', { kind: 'choice', prompt: `coach:${id}`, values: all.filter((entry) => entry.id === id).map((entry) => entry.value) });
    expect(notice(first.send('alice', command('oral', 'start')))).toMatch(/^Oral blanc lancé : 15 minutes pour présenter/);
    expect(notice(first.send('alice', command('oral', 'start')))).toBe('Un oral blanc est déjà en cours (« oral stop » pour l’arrêter).');
    const said = (platform: TestPlatform) => platform.deliveries.filter((delivery) => delivery.origin.userId === 'alice').flatMap((delivery) => delivery.views.map((view) => (view.kind === 'notice' ? view.text : '')));
    clock.advance(10 * 60_000);
    expect(said(first)).toEqual(['⏱ 5 min de présentation écoulées, 10 restantes.', '⏱ 10 min de présentation écoulées, 5 restantes.']);
    first.close();

    // Restart at minute 12: the milestones already said are not repeated.
    clock.advance(2 * 60_000);
    const second = await TestPlatform.open(path, clock, [fixtureScenario()]);
    second.restore();
    clock.advance(0);
    expect(said(second)).toEqual([]);
    clock.advance(13 * 60_000);
    const lines = said(second);
    expect(lines[0]).toBe('⏱ 13 min de présentation écoulées, 2 restantes.');
    expect(lines[1]).toBe('Fin des 15 minutes de présentation. Place aux questions du jury (10 min).');
    expect(lines.slice(2, 7).map((line) => /^Question \d \((Cr\d\.\d)\)/.exec(line)?.[1])).toEqual(['Cr7.1', 'Cr7.2', 'Cr1.1', 'Cr1.2', 'Cr1.3']);
    expect(lines.at(-1)).toMatch(/^Fin de l’oral blanc\./);
    expect(notice(second.send('alice', command('oral', 'stop')))).toBe('Aucun oral blanc en cours.');
    second.close();
  });

  it('checks the reporting table with its trends and the improvement actions', async () => {
    const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [fixtureScenario()]);
    const template = platform.send('alice', command('coach', 'template', 'indicateurs'));
    const csv = new TextDecoder().decode((template.find((view) => view.kind === 'file') as Extract<View, { kind: 'file' }>).data);
    expect(platform.send('alice', command('coach', 'check', 'kpi'))[0]).toMatchObject({ kind: 'form', id: 'artefact:reporting' });
    const report = notice(platform.send('alice', { kind: 'form', form: 'artefact:reporting', values: { text: csv } }));
    expect(report).toContain('Tableau de suivi des indicateurs (Cr5.1, Cr5.2) : 6 vérifications réussies.');
    expect(report).toContain('Portée moyenne par publication : +47 % sur trois mois');
    expect(platform.send('alice', { kind: 'form', form: 'artefact:actions', values: { text: 'action;tâche\nA;B' } })).toEqual([{ kind: 'notice', tone: 'error', field: 'text', text: 'Actions d’amélioration : colonnes attendues : action, tâche, échéance, responsable, argument.' }]);
    expect(notice(platform.send('alice', command('coach', 'template', 'budget')))).toMatch(/^Documents disponibles : « ligne »/);
    platform.close();
  });

  it('brings failed categories back: the bot says so after the drill and suggests the case two days later', async () => {
    const scenario = fixtureScenario();
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [scenario]);
    platform.send('alice', command('start', scenario.id, 'practice'));
    const drillId = platform.drills.store.latestOpenDrill(1)!;
    for (const comment of scenario.comments) platform.send('alice', { kind: 'choice', prompt: `needs:${drillId}:${comment.id}`, values: ['no'] });
    const after = platform.send('alice', { kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] });
    expect(JSON.stringify(after)).toMatch(/À retravailler : .+\. Ces catégories vous seront reproposées dans 2, 7 puis 14 jours/);
    const now = TestPlatform.question(platform.send('alice', command('start')));
    expect(now.kind === 'prompt' && now.choices[0]!.label.startsWith('Conseillé')).toBe(false);
    clock.advance(2 * 86_400_000);
    const later = TestPlatform.question(platform.send('alice', command('start')));
    expect(later.kind === 'prompt' && later.choices[0]).toMatchObject({ value: scenario.id, label: expect.stringMatching(/^Conseillé : Fermeture exceptionnelle — à retravailler : /) });
    platform.close();
  });

  it('asks first, at the mock oral, about the criteria whose artefact check just failed', async () => {
    const clock = new ManualClock(T0);
    const platform = await TestPlatform.open(':memory:', clock, [fixtureScenario()]);
    const bad = 'network: x\ntext: "Venez decouvrir nos pain #boulangerieartisanale #lauzac #pain"\nmedia:\n  - type: photo\n';
    expect(notice(platform.send('alice', { kind: 'form', form: 'artefact:publication', values: { text: bad } }))).toMatch(/^Publication \(Cr4\.1, Cr4\.2\) : \d points? à reprendre/);
    platform.send('alice', command('oral'));
    clock.advance(25 * 60_000);
    const questions = platform.deliveries.flatMap((delivery) => delivery.views).flatMap((view) => (view.kind === 'notice' && view.text.startsWith('Question') ? [/\((Cr\d\.\d)\)/.exec(view.text)![1]] : []));
    expect(questions.slice(0, 2)).toEqual(['Cr4.1', 'Cr4.2']);
    platform.close();
  });
});
