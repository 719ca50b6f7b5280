import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/engine/clock.js';
import type { View } from '../../src/engine/views.js';
import { fixtureScenario } from '../helpers/scoring.js';
import { TestPlatform } from '../helpers/test-adapter.js';

/**
 * Skipped replies count for trainers too: their results, chart and CSV read the stored check
 * results and verdicts, so a learner who wrote nothing shows failures, never 100 % bars.
 */

const scenario = fixtureScenario();
/** Saturday 28 November 2026, 10:00 in Paris. */
const T0 = Date.UTC(2026, 10, 28, 9, 0, 0);
const TRAINER = { channelId: 'salon-promo', trainer: true };
const GOOD_C1 = {
  justification: 'Réclamation publique d’une cliente mécontente à traiter vite.',
  reply: "Bonjour Julie, nous sommes désolés pour ce déplacement inutile. Réouverture le mardi 12 mars à 7 h ; notre boutique Saint-Cyprien vous accueille d'ici là. L'équipe Martin",
};

function notice(views: View[]): string {
  const found = views.find((view): view is Extract<View, { kind: 'notice' }> => view.kind === 'notice');
  if (!found) throw new Error(`pas de message dans ${JSON.stringify(views)}`);
  return found.text;
}

function command(name: string, ...args: string[]) {
  return { kind: 'command' as const, name, args };
}

/** A cohort of alice and carla, each in their own space, with a practice drill started now. */
async function launchedCohort() {
  const platform = await TestPlatform.open(':memory:', new ManualClock(T0), [scenario]);
  platform.cohorts.onOpenSpace('test', async (member) => `space-${member.userId}`);
  const created = notice(platform.send('formatrice', command('cohort-create-here', 'Promo'), undefined, TRAINER));
  const code = /Code d’inscription : ([A-Z0-9]{6})/.exec(created)![1]!;
  for (const learner of ['alice', 'carla']) platform.send(learner, command('cohort-join', code), undefined, { channelId: 'salon-promo' });
  expect(notice(platform.send('formatrice', command('launch', scenario.id, 'maintenant', 'practice'), undefined, TRAINER))).toContain('lancé pour la cohorte « Promo »');
  platform.clock.advance(0);
  await vi.waitFor(() => expect(platform.deliveries.filter((delivery) => delivery.origin.channelId?.startsWith('space-'))).toHaveLength(2));
  const drillOf = (user: string) => platform.drills.store.latestOpenDrill(platform.cohorts.store.members(1).find((member) => member.userId === user)!.learnerId)!;
  return { platform, drillOf };
}

function submit(platform: TestPlatform, user: string, drillId: string): View[] {
  return platform.send(user, { kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] });
}

describe('skipped replies in trainers’ results', () => {
  it('shows a learner who wrote nothing with written-answer failures and Cr7.2 not met, and no 100 % bar', async () => {
    const { platform, drillOf } = await launchedCohort();
    const drillId = drillOf('alice');
    for (const comment of scenario.comments) platform.send('alice', { kind: 'choice', prompt: `needs:${drillId}:${comment.id}`, values: ['no'] });
    const feedback = submit(platform, 'alice', drillId).find((view) => view.kind === 'feedback');
    // The learner reads how many written answers were expected.
    expect(feedback?.kind === 'feedback' && feedback.criteria?.[1]).toMatchObject({
      id: 'Cr7.2', result: { verdict: 'not_met', written_answers: { given: 0, required: 2 } }, notes: ['Réponses écrites : 0 sur 2 commentaires qui en demandent une (75 % attendus)'],
    });

    // c1 (complaint) and c6 (question) call for a written answer: both stored as failed.
    const cohortId = platform.cohorts.find('Promo').id;
    const rates = platform.cohorts.reports.passRateByCheck(cohortId, null);
    expect(rates.filter((rate) => rate.criterion === 'Cr7.2')).toEqual([{ checkId: 'reply_present', criterion: 'Cr7.2', passRate: 0, total: 2 }]);
    const results = platform.send('formatrice', command('results', 'Promo'), undefined, TRAINER);
    expect(notice(results)).toMatch(/^alice \(test\) : Cr7\.1 \d+ % non atteint · Cr7\.2 0 % non atteint · à travailler : .*Texte rédigé \(2\/2\)/m);
    const csv = results.find((view): view is Extract<View, { kind: 'file' }> => view.kind === 'file' && view.contentType === 'text/csv')!;
    expect(new TextDecoder().decode(csv.data)).toMatch(/;alice;test;rendu;0,\d+;non atteint;0;non atteint;/);
    platform.close();
  });

  it('does not meet Cr7.2 for one excellent reply among skipped comments', async () => {
    const { platform, drillOf } = await launchedCohort();
    const drillId = drillOf('carla');
    const actions = TestPlatform.question(platform.send('carla', { kind: 'choice', prompt: `needs:${drillId}:c1`, values: ['yes'] }));
    const form = TestPlatform.question(platform.send('carla', { kind: 'choice', prompt: actions.id, values: ['reply'] }));
    platform.send('carla', { kind: 'form', form: form.id, values: GOOD_C1 });
    for (const comment of scenario.comments.slice(1)) platform.send('carla', { kind: 'choice', prompt: `needs:${drillId}:${comment.id}`, values: ['no'] });
    submit(platform, 'carla', drillId);

    const stored = platform.drills.store.score(drillId)!;
    // Every check of her one reply passed; the skipped question still fails.
    expect(stored.comments[0]!.checks.filter((check) => check.criterion === 'Cr7.2').every((check) => check.passed)).toBe(true);
    expect(stored.comments[5]!.checks.find((check) => check.id === 'reply_present')).toMatchObject({ passed: false });
    expect(stored.criteria['Cr7.2']).toMatchObject({ verdict: 'not_met', written_answers: { given: 1, required: 2 } });
    const results = notice(platform.send('formatrice', command('results', 'Promo'), undefined, TRAINER));
    expect(results).toMatch(/^carla \(test\) : Cr7\.1 \d+ % non atteint · Cr7\.2 \d+ % non atteint/m);
    const replyPresent = platform.cohorts.reports.passRateByCheck(platform.cohorts.find('Promo').id, null).find((rate) => rate.checkId === 'reply_present');
    expect(replyPresent).toMatchObject({ passRate: 0.5, total: 2 });
    platform.close();
  });
});
