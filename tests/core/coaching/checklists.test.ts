import { describe, expect, it } from 'vitest';
import { nextStep, parseCompetency, progressBar, readiness, REFERENTIAL } from '../../../src/core/coaching/checklist.js';
import { formatProblem } from '../../../src/core/validation/problem.js';
import { loadChecklists } from '../../../src/coaching/load.js';

describe('the C1–C7 checklists (scenarios/checklists)', () => {
  it('hold every competency and every criterion of the referential exactly once, in order', async () => {
    const { competencies, problems } = await loadChecklists();
    expect(problems.map(formatProblem)).toEqual([]);
    expect(competencies.map((competency) => competency.id)).toEqual(Object.keys(REFERENTIAL));
    const criteria = competencies.flatMap((competency) => competency.criteria.map((criterion) => criterion.id));
    expect(criteria).toEqual(Object.values(REFERENTIAL).flat());
    const items = competencies.flatMap((competency) => competency.criteria.flatMap((criterion) => criterion.items.map((item) => item.id)));
    expect(new Set(items).size).toBe(items.length);
  });

  it('keep the referential’s figures: 4 networks, 3 to 5 axes, one month, 3 to 6 indicators, 3 months, 15 + 10 min', async () => {
    const { competencies } = await loadChecklists();
    const text = (id: string) => JSON.stringify(competencies.flatMap((competency) => competency.criteria).find((criterion) => criterion.id === id));
    expect(text('Cr1.2')).toContain('au moins 4 réseaux');
    expect(text('Cr3.1')).toContain('entre 3 et 5 axes');
    expect(text('Cr3.3')).toContain('un mois');
    expect(text('Cr5.1')).toContain('entre 3 et 6 indicateurs');
    expect(text('Cr5.2')).toContain('3 derniers mois');
    expect(text('Cr5.3')).toContain('échéance');
    expect(text('Cr6.2')).toContain('budget');
  });

  it('explains a misplaced criterion with its file, line and path', () => {
    const source = ['id: C2', 'title: Objectifs', 'evaluation: [M1.1]', 'goal: Définir', 'criteria:', '  - id: Cr3.1', '    text: x', '    jury: [x]', '    mistakes: [x]', '    tips: [x]', '    example: x', '    items:', '      - id: Cr2.1.a', '        text: x'].join('\n');
    const result = parseCompetency(source, 'c2.yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map(formatProblem)).toEqual([
        'c2.yaml:6:5: criteria[0].id : critère « Cr3.1 » hors de C2 ; attendu : Cr2.1, Cr2.2',
        "c2.yaml:13:9: criteria[0].items[0].id : l'élément doit commencer par « Cr3.1. »",
      ]);
    }
  });
});

describe('readiness', () => {
  it('counts ticked items per competency, draws bars and suggests the least ready competency first', async () => {
    const { competencies } = await loadChecklists();
    const ticked = new Set(['Cr1.1.a', 'Cr1.1.b', 'Cr1.2.a', 'Cr1.2.b', 'Cr1.3.a', 'Cr2.1.a']);
    const table = readiness(competencies, ticked);
    expect(table[0]).toEqual({ competency: 'C1', ticked: 5, total: 5 });
    expect(table[1]).toEqual({ competency: 'C2', ticked: 1, total: 3 });
    expect(progressBar(1, 3)).toBe('▓▓▓░░░░░░░ 33 %');
    expect(progressBar(0, 0)).toBe('░░░░░░░░░░ 0 %');
    expect(nextStep(competencies, ticked)).toMatchObject({ competency: { id: 'C3' }, criterion: { id: 'Cr3.1' }, item: { id: 'Cr3.1.a' } });
    const all = new Set(competencies.flatMap((competency) => competency.criteria.flatMap((criterion) => criterion.items.map((item) => item.id))));
    expect(nextStep(competencies, all)).toBeUndefined();
  });
});
