import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseAnswersSource } from '../../../src/core/answers/parse.js';
import type { Answer } from '../../../src/core/answers/schema.js';
import { renderReport } from '../../../src/core/rubric/report.js';
import { rubricSchema } from '../../../src/core/rubric/resources-schema.js';
import { score } from '../../../src/core/rubric/score.js';
import type { ScoringResources } from '../../../src/core/rubric/types.js';
import type { Scenario } from '../../../src/core/scenario/schema.js';
import { scoreView } from '../../../src/engine/present.js';
import { loadScenarioFile } from '../../../src/scenarios/load.js';
import { ROOT } from '../../helpers/cli.js';
import { fixtureScenario, scoringResources } from '../../helpers/scoring.js';

/** The fixture with four comments that call for a written answer: c1, c2 (made required), c4 (made required), c6. */
function fourRequired(): Scenario {
  const scenario = structuredClone(fixtureScenario());
  scenario.comments[1]!.reply = { must_cover: [], must_avoid: [], invite_private: false, required: true };
  scenario.comments[3]!.reply!.required = true;
  return scenario;
}

const JUSTIFICATION = 'Il faut répondre à ce commentaire, qui appelle une réponse de la boulangerie.';
const GOOD: Record<string, Answer> = {
  c1: {
    comment: 'c1', needs_action: true, actions: ['reply'], justification: 'Réclamation publique d’une cliente mécontente à traiter vite.',
    reply: "Bonjour Julie, nous sommes désolés pour ce déplacement inutile. Réouverture le mardi 12 mars à 7 h ; notre boutique Saint-Cyprien vous accueille d'ici là. L'équipe Martin",
  },
  c2: { comment: 'c2', needs_action: true, actions: ['like', 'reply'], justification: `Compliment d’un client fidèle. ${JUSTIFICATION}`, reply: "Merci beaucoup Marc, à très vite dans nos boutiques ! L'équipe Martin" },
  c4: {
    comment: 'c4', needs_action: true, actions: ['hide', 'private_message'], justification: 'Données personnelles : un numéro de téléphone publié en public.',
    private_message: 'Bonjour Sophie, merci pour votre message. Nous avons masqué votre commentaire pour protéger votre numéro et nous vous rappelons pour votre gâteau.',
  },
  c6: { comment: 'c6', needs_action: true, actions: ['reply'], justification: `Une question d’information. ${JUSTIFICATION}`, reply: "Bonjour Anne, oui, la fougasse aux olives vous attend tous les dimanches. L'équipe Martin" },
};

function answersFor(...ids: string[]): Answer[] {
  return ids.map((id) => GOOD[id]!);
}

describe('written answers and the Cr7.2 verdict', () => {
  it('does not meet Cr7.2 with one excellent reply among skipped comments', async () => {
    const scenarioId = 'boutique-en-ligne-retard';
    const { scenario } = await loadScenarioFile(join(ROOT, 'scenarios', `${scenarioId}.yaml`));
    const file = join(ROOT, 'tests/fixtures/answers', scenarioId, 'excellent.json');
    const parsed = parseAnswersSource(readFileSync(file, 'utf8'), file, scenario!);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const onlyFirst = parsed.answers.answers.filter((answer) => answer.comment === 'c1');
    const result = score(scenario!, onlyFirst, await scoringResources());
    expect(result.criteria['Cr7.2']).toMatchObject({ verdict: 'not_met', written_answers: { given: 1, required: 5, min_share: 0.75 } });
    // Every skipped comment that needed an answer says so.
    const skipped = result.comments.filter((comment) => comment.checks.some((check) => check.id === 'reply_present' && !check.passed)).map((comment) => comment.comment);
    expect(skipped).toEqual(['c2', 'c3', 'c4', 'c5']);
  });

  it('meets Cr7.2 from 75 % of the comments that need a written answer, not below, whatever the checks score', async () => {
    const scenario = fourRequired();
    const resources = await scoringResources();
    const three = score(scenario, answersFor('c1', 'c2', 'c4'), resources).criteria['Cr7.2'];
    expect(three).toMatchObject({ verdict: 'met', critical_failures: [], written_answers: { given: 3, required: 4 } });
    expect(three.score).toBeGreaterThanOrEqual(0.75);
    const two = score(scenario, answersFor('c1', 'c2'), resources).criteria['Cr7.2'];
    expect(two.score).toBeGreaterThanOrEqual(0.75);
    expect(two).toMatchObject({ verdict: 'not_met', critical_failures: [], written_answers: { given: 2, required: 4 } });
  });

  it('takes the share from the rubric', async () => {
    const base = await scoringResources();
    const lenient: ScoringResources = { ...base, rubric: { ...base.rubric, criteria: { ...base.rubric.criteria, written_answer_share: 0.5 } } };
    expect(score(fourRequired(), answersFor('c1', 'c2'), lenient).criteria['Cr7.2']).toMatchObject({ verdict: 'met', written_answers: { given: 2, required: 4, min_share: 0.5 } });
  });

  it('counts a text too short for a written answer as none', async () => {
    const short: Answer = { ...GOOD.c6!, reply: 'Oui !' };
    const result = score(fourRequired(), [...answersFor('c1', 'c2', 'c4'), short], await scoringResources());
    expect(result.criteria['Cr7.2'].written_answers).toEqual({ given: 3, required: 4, min_share: 0.75 });
  });

  it('says how many written answers were given, in the report and in the feedback view', async () => {
    const scenario = fourRequired();
    const result = score(scenario, answersFor('c1', 'c2'), await scoringResources());
    const line = 'Réponses écrites : 2 sur 4 commentaires qui en demandent une (75 % attendus)';
    expect(renderReport(scenario, result).split('\n').slice(-2)).toEqual([expect.stringMatching(/^Cr7\.2 .* — non atteint$/), `  ${line}`]);
    const view = scoreView(scenario, result);
    expect(view.kind === 'feedback' && view.criteria?.map((criterion) => criterion.notes)).toEqual([undefined, [line]]);
  });
});

describe('rubric: written_answer_share', () => {
  const rubric = parse(readFileSync(join(ROOT, 'rubric.yaml'), 'utf8')) as { criteria: Record<string, unknown> };

  it('is 75 % in the shipped rubric, and by default in a rubric written before it existed', () => {
    expect(rubricSchema.parse(rubric).criteria.written_answer_share).toBe(0.75);
    const older = { ...rubric, criteria: { pass_score: 0.75 } };
    expect(rubricSchema.parse(older).criteria.written_answer_share).toBe(0.75);
  });

  it('must be a share between 0 and 1', () => {
    for (const wrong of [1.5, -0.1, '75 %']) {
      expect(rubricSchema.safeParse({ ...rubric, criteria: { ...rubric.criteria, written_answer_share: wrong } }).success, String(wrong)).toBe(false);
    }
  });
});
