import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../src/scenarios/load.js';
import { ROOT } from '../../helpers/cli.js';
import { scoringResources } from '../../helpers/scoring.js';
import { corpusFigures, readToneCorpus, TONE_CLASSES, TONE_FILES, type ToneEntry } from '../../helpers/tone-corpus.js';

/**
 * The tone corpus (tests/fixtures/tone/): per class, at least 90 % of the uncivil replies are
 * flagged with their class, and at most 2 % of the civil ones with anything. Over both files,
 * the held-out one included (each file's own figures: npx tsx bench/civility-corpus.ts).
 */

const detector = (await scoringResources()).civility;
const entries: ToneEntry[] = TONE_FILES.flatMap((file) => readToneCorpus(file));

describe('tone corpus', () => {
  it('has at least 400 replies, half of them uncivil, every class and both address forms', () => {
    expect(entries.length).toBeGreaterThanOrEqual(400);
    const uncivil = entries.filter((entry) => entry.class !== 'civil').length;
    expect(Math.abs(uncivil - entries.length / 2)).toBeLessThanOrEqual(entries.length * 0.05);
    for (const toneClass of TONE_CLASSES) expect(entries.filter((entry) => entry.class === toneClass).length, toneClass).toBeGreaterThanOrEqual(40);
    expect(entries.some((entry) => /\b(tu|te|t['’])/i.test(entry.text) && entry.class !== 'civil')).toBe(true);
    expect(entries.some((entry) => /\bvous\b/i.test(entry.text) && entry.class !== 'civil')).toBe(true);
  });

  const figures = corpusFigures(entries, detector);

  it.each(TONE_CLASSES.filter((toneClass) => toneClass !== 'civil'))('flags at least 90 %% of the « %s » replies with their class', (toneClass) => {
    const { caught, total } = figures.recall[toneClass]!;
    const misses = figures.misses.filter((miss) => miss.class === toneClass).map((miss) => miss.text);
    expect({ recall: caught / total >= 0.9, misses }).toEqual({ recall: true, misses: expect.any(Array) });
  });

  it('flags at most 2 % of the civil replies', () => {
    expect(figures.falseAlarms.length / figures.civil, figures.falseAlarms.map((alarm) => `${alarm.text} ← ${alarm.found}`).join('\n')).toBeLessThanOrEqual(0.02);
  });
});

describe('replies of the bank fixtures', () => {
  interface Expected {
    checks: Record<string, Record<string, boolean>>;
  }
  const golden = join(ROOT, 'tests/fixtures/answers');
  const cases = readdirSync(golden).flatMap((scenarioId) => ['excellent', 'average', 'harmful'].map((level) => ({ scenarioId, level })));

  it.each(cases)('$scenarioId / $level: a reply the trainer judged civil has no finding', async ({ scenarioId, level }) => {
    const { scenario } = await loadScenarioFile(join(ROOT, 'scenarios', `${scenarioId}.yaml`));
    const answers = JSON.parse(readFileSync(join(golden, scenarioId, `${level}.json`), 'utf8')) as { answers: Array<{ comment: string; reply?: string; private_message?: string }> };
    const expected = JSON.parse(readFileSync(join(golden, scenarioId, `${level}.expected.json`), 'utf8')) as Expected;
    const found: string[] = [];
    let checked = 0;
    for (const answer of answers.answers) {
      if (expected.checks[answer.comment]?.civility !== true) continue;
      const category = scenario!.comments.find((comment) => comment.id === answer.comment)!.category;
      for (const text of [answer.reply, answer.private_message]) {
        if (!text) continue;
        checked += 1;
        for (const finding of detector.find(text, { replyTo: category })) found.push(`${answer.comment}: ${finding.kind} « ${finding.evidence} »`);
      }
    }
    expect(found).toEqual([]);
    if (level === 'excellent') expect(checked).toBeGreaterThan(0);
  });
});
