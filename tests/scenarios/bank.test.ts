import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseAnswersSource } from '../../src/core/answers/parse.js';
import { score } from '../../src/core/rubric/score.js';
import { modelAnswers } from '../../src/core/scenario/models.js';
import { parseScenarioSource } from '../../src/core/scenario/parse.js';
import { CATEGORIES, EMOJI_POLICIES, NETWORKS, REGISTERS, type Action, type Scenario, type ScenarioComment } from '../../src/core/scenario/schema.js';
import { needsWrittenAnswer } from '../../src/core/rubric/written-answers.js';
import { loadScenarioDir } from '../../src/scenarios/load.js';
import { ROOT } from '../helpers/cli.js';
import { scoringResources } from '../helpers/scoring.js';

const bank = await loadScenarioDir(`${ROOT}/scenarios`);
const scenarios = bank.scenarios.map(({ scenario }) => scenario);
const comments = scenarios.flatMap((scenario) => scenario.comments.map((comment) => ({ scenario, comment })));

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function ofCategory(category: ScenarioComment['category']) {
  return comments.filter(({ comment }) => comment.category === category);
}

function expects(comment: ScenarioComment, ...actions: Action[]): boolean {
  return actions.some((action) => comment.actions.expected.includes(action));
}

/** How many scenarios have at least one element with each key. */
function scenariosPer<K extends string>(keysOf: (scenario: Scenario) => K[]): Map<K, number> {
  const counts = new Map<K, number>();
  for (const scenario of scenarios) for (const key of new Set(keysOf(scenario))) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

/** The example of docs/scenarios.md, whose models are shown to trainers as the way to write one. */
function docsExample(): Scenario {
  const markdown = readFileSync(join(ROOT, 'docs/scenarios.md'), 'utf8');
  const source = /```yaml\n([\s\S]*?)\n```/.exec(markdown)![1]!;
  const parsed = parseScenarioSource(source, 'docs/scenarios.md', (parse(source) as { id: string }).id);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.scenario;
}

describe('the scenario bank', () => {
  it('loads without a single problem', () => {
    expect(bank.problems).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(30);
  });

  it('trains on every network at least four times', () => {
    const perNetwork = scenariosPer((scenario) => [scenario.network]);
    for (const network of NETWORKS) expect(perNetwork.get(network) ?? 0, network).toBeGreaterThanOrEqual(4);
  });

  it.each(CATEGORIES)('has comments of category %s in at least four scenarios', (category) => {
    expect(scenariosPer((scenario) => scenario.comments.map((comment) => comment.category)).get(category) ?? 0).toBeGreaterThanOrEqual(4);
  });

  it('has at least three crises that a good answer escalates', () => {
    const crises = scenarios.filter((scenario) => scenario.comments.some((comment) => comment.category === 'crisis' && expects(comment, 'escalate')));
    expect(crises.length).toBeGreaterThanOrEqual(3);
  });

  it('gives every drill 6 to 10 comments, as the M1.3 case does', () => {
    for (const scenario of scenarios) {
      expect(scenario.comments.length, scenario.id).toBeGreaterThanOrEqual(6);
      expect(scenario.comments.length, scenario.id).toBeLessThanOrEqual(10);
    }
  });

  it('covers every network, register, emoji policy, and charters with and without a signature', () => {
    expect(new Set(scenarios.map((s) => s.network))).toEqual(new Set(NETWORKS));
    expect(new Set(scenarios.map((s) => s.charter.register))).toEqual(new Set(REGISTERS));
    expect(new Set(scenarios.map((s) => s.charter.emoji))).toEqual(new Set(EMOJI_POLICIES));
    expect(scenarios.some((s) => s.charter.signature)).toBe(true);
    expect(scenarios.some((s) => !s.charter.signature)).toBe(true);
    expect(new Set(scenarios.map((s) => fold(s.brand.sector))).size).toBeGreaterThanOrEqual(25);
    expect(new Set(scenarios.map((s) => s.brand.name)).size).toBe(scenarios.length);
  });

  it('never lets a good answer delete or hide legitimate criticism and complaints', () => {
    for (const { scenario, comment } of [...ofCategory('criticism'), ...ofCategory('complaint')]) {
      const where = `${scenario.id}/${comment.id}`;
      expect(comment.needs_action, where).toBe(true);
      expect(comment.actions.forbidden, where).toContain('delete');
      expect(expects(comment, 'hide', 'delete', 'ban'), where).toBe(false);
    }
  });

  it('reports hate speech and removes it, never answers it warmly', () => {
    for (const { scenario, comment } of ofCategory('hate')) {
      const where = `${scenario.id}/${comment.id}`;
      expect(comment.needs_action, where).toBe(true);
      expect(expects(comment, 'report'), where).toBe(true);
      expect(expects(comment, 'delete', 'hide'), where).toBe(true);
      expect(comment.actions.forbidden, where).toContain('like');
    }
  });

  it('protects the victim of harassment: removal plus report, ban or escalation', () => {
    for (const { scenario, comment } of ofCategory('harassment')) {
      const where = `${scenario.id}/${comment.id}`;
      expect(comment.needs_action, where).toBe(true);
      expect(expects(comment, 'delete', 'hide'), where).toBe(true);
      expect(expects(comment, 'report', 'ban', 'escalate'), where).toBe(true);
    }
  });

  it('moves personal data out of public view and never repeats it publicly', () => {
    for (const { scenario, comment } of ofCategory('personal_data')) {
      const where = `${scenario.id}/${comment.id}`;
      expect(comment.needs_action, where).toBe(true);
      expect(expects(comment, 'hide', 'delete'), where).toBe(true);
      expect(expects(comment, 'private_message'), where).toBe(true);
      if (comment.reply && expects(comment, 'reply')) expect(comment.reply.invite_private, where).toBe(true);
    }
  });

  it('removes spam', () => {
    for (const { scenario, comment } of ofCategory('spam')) {
      expect(expects(comment, 'delete', 'hide'), `${scenario.id}/${comment.id}`).toBe(true);
    }
  });

  it('answers misinformation with facts instead of deleting it', () => {
    for (const { scenario, comment } of ofCategory('misinformation')) {
      const where = `${scenario.id}/${comment.id}`;
      expect(expects(comment, 'reply'), where).toBe(true);
      expect(comment.reply?.must_cover.some((item) => item.fact !== undefined), where).toBe(true);
    }
  });

  it('escalates crises', () => {
    for (const { scenario, comment } of ofCategory('crisis')) {
      expect(expects(comment, 'escalate'), `${scenario.id}/${comment.id}`).toBe(true);
    }
  });

  it('keeps charters consistent: no forbidden term inside the facts or the post a reply must quote', () => {
    for (const scenario of scenarios) {
      const sources = [scenario.post.text, ...scenario.charter.facts.map((fact) => fact.text)].map(fold);
      for (const term of scenario.charter.forbidden_terms) {
        const pattern = new RegExp(`(^|[^\\p{L}])${fold(term).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u');
        for (const source of sources) expect(pattern.test(source), `${scenario.id}: « ${term} »`).toBe(false);
      }
    }
  });

  it('asks for a written answer wherever a jury expects one, and only there', () => {
    // A crisis or a complaint that is escalated still gets a public answer; personal data is hidden
    // and the person answered privately; a suggestion is thanked and said to be passed on.
    const written = new Set<ScenarioComment['category']>(['question', 'complaint', 'criticism', 'suggestion', 'personal_data', 'misinformation', 'crisis']);
    for (const { scenario, comment } of comments) {
      expect(needsWrittenAnswer(comment), `${scenario.id}/${comment.id} (${comment.category})`).toBe(written.has(comment.category));
    }
  });

  it('gives every comment some reason words for the justification', () => {
    for (const { scenario, comment } of comments) {
      if (comment.needs_action) expect(comment.reasons.length, `${scenario.id}/${comment.id}`).toBeGreaterThan(0);
    }
  });
});

describe('the model answers', () => {
  it('exist for every comment of every scenario', () => {
    const missing = comments.filter(({ comment }) => comment.model === undefined).map(({ scenario, comment }) => `${scenario.id}/${comment.id}`);
    expect(missing).toEqual([]);
  });

  // Scored as a candidate's answer file: every check passes, both criteria are met. A failure here
  // is a model to rewrite, or a false alarm of a check (then the check is the one to fix).
  it.each([...scenarios.map((scenario) => [scenario.id, scenario] as const), ['docs/scenarios.md', docsExample()] as const])('%s: pass every check of the scorer', async (_, scenario) => {
    const file = JSON.stringify({ scenario: scenario.id, answers: modelAnswers(scenario) });
    const parsed = parseAnswersSource(file, `${scenario.id}.json`, scenario);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const result = score(scenario, parsed.answers.answers, await scoringResources());
    const failed = result.comments.flatMap(({ comment, checks }) => checks.filter((check) => !check.passed).map((check) => `${comment} ${check.id}: ${check.message}`));
    expect(failed).toEqual([]);
    expect(result.criteria['Cr7.1'].verdict).toBe('met');
    expect(result.criteria['Cr7.2'].verdict).toBe('met');
    expect(result.comments.every((comment) => comment.answered)).toBe(true);
  });
});
