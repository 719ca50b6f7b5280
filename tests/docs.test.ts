import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseAnswersSource } from '../src/core/answers/parse.js';
import { CHECK_LABELS } from '../src/core/rubric/labels.js';
import { score } from '../src/core/rubric/score.js';
import { CHECK_IDS } from '../src/core/rubric/types.js';
import { parseScenarioSource } from '../src/core/scenario/parse.js';
import { ACTIONS, CATEGORIES } from '../src/core/scenario/schema.js';
import { ROOT } from './helpers/cli.js';
import { scoringResources } from './helpers/scoring.js';

/** docs/ tells people who only have the repository what the formats are: it must say what the code does. */
const doc = (name: string) => readFileSync(join(ROOT, 'docs', name), 'utf8');

function firstBlock(markdown: string, language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)\\n```').exec(markdown);
  if (!match) throw new Error(`no ${language} block`);
  return match[1]!;
}

/** Backquoted names in the first column of the markdown tables between two headings. */
function firstColumn(markdown: string, from: string, to?: string): string[] {
  const start = markdown.indexOf(from);
  const section = markdown.slice(start, to === undefined ? undefined : markdown.indexOf(to, start));
  return section.split('\n').filter((line) => line.startsWith('| `')).map((line) => /^\| `([^`]+)`/.exec(line)![1]!);
}

function exampleScenario() {
  const source = firstBlock(doc('scenarios.md'), 'yaml');
  const result = parseScenarioSource(source, 'docs/scenarios.md', (parse(source) as { id: string }).id);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.scenario;
}

describe('docs/', () => {
  it('scenarios.md: the example is a valid scenario, and every action and category is listed', () => {
    expect(exampleScenario().id).toBe('fromagerie-livraison');
    const scenarios = doc('scenarios.md');
    expect(firstColumn(scenarios, '## Les actions', '## Les catégories')).toEqual([...ACTIONS]);
    expect(firstColumn(scenarios, '## Les catégories', '## Comment')).toEqual([...CATEGORIES]);
  });

  it('answers.md: the example answers the example scenario, and it is a good answer', async () => {
    const scenario = exampleScenario();
    const parsed = parseAnswersSource(firstBlock(doc('answers.md'), 'json'), 'docs/answers.md', scenario);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const result = score(scenario, parsed.answers.answers, await scoringResources());
    const failed = result.comments.flatMap((comment) => comment.checks.filter((check) => !check.passed).map((check) => `${comment.comment} ${check.id}: ${check.message}`));
    expect(failed).toEqual([]);
  });

  it('score.md: describes every check, under its criterion', () => {
    const page = doc('score.md');
    const cr71 = firstColumn(page, '### Cr7.1', '### Cr7.2');
    const cr72 = firstColumn(page, '### Cr7.2', '### Détails');
    expect([...cr71, ...cr72]).toEqual([...CHECK_IDS]);
    expect(cr71).toEqual(['detection', 'action', 'justification']);
  });

  it('score.md: gives each check the French name people read instead of its id', () => {
    const section = doc('score.md').slice(doc('score.md').indexOf('### Cr7.1'), doc('score.md').indexOf('### Détails'));
    const names = Object.fromEntries(section.split('\n').filter((line) => line.startsWith('| `')).map((line) => /^\| `([^`]+)` \| ([^|]+) \|/.exec(line)!.slice(1, 3).map((cell) => cell.trim())));
    expect(names).toEqual(CHECK_LABELS);
  });

  it('rubric-and-lexicons.md: covers every lexicon file and every rubric setting', () => {
    const page = doc('rubric-and-lexicons.md');
    for (const file of readdirSync(join(ROOT, 'lexicons'))) expect(page, file).toContain(`## \`lexicons/${file}\``);
    const rubric = parse(readFileSync(join(ROOT, 'rubric.yaml'), 'utf8')) as Record<string, unknown>;
    const settings = Object.entries(rubric).flatMap(([section, value]) => (section === 'length_limits' || section === 'emoji_limits' ? [section] : Object.keys(value as object).map((key) => `${section}.${key}`)));
    expect(firstColumn(page, '## `rubric.yaml`', '## `lexicons/').sort()).toEqual(settings.sort());
  });

  it('the README links each page, and nothing sends readers outside the repository', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const page of readdirSync(join(ROOT, 'docs'))) expect(readme, page).toContain(`(docs/${page})`);
    for (const text of [readme, ...readdirSync(join(ROOT, 'docs')).map(doc)]) expect(text).not.toMatch(/\.\.\/shared|CONTRACT\.md/);
  });
});
