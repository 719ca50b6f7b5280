import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../../src/core/calendar/import.js';
import { checkCalendar, checkEditorialLine, EDITORIAL_LINE_TEMPLATE, parseEditorialLine, type EditorialLine } from '../../../src/core/coaching/artefacts/editorial-line.js';
import { formatProblem } from '../../../src/core/validation/problem.js';

function line(source = EDITORIAL_LINE_TEMPLATE): EditorialLine {
  const result = parseEditorialLine(source);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.value;
}

const verdicts = (checks: Array<{ id: string; passed: boolean }>) => Object.fromEntries(checks.map((check) => [check.id, check.passed]));

describe('editorial line (Cr3.1, Cr3.2)', () => {
  it('passes the template handed out', () => {
    expect(verdicts(checkEditorialLine(line()))).toEqual({ axes_count: true, axes_distinct: true, axes_linked: true, rhythm_argued: true });
  });

  it('flags too few axes, overlapping axes, an axis tied to no objective and an unargued rhythm, with evidence', () => {
    const bad = line(`objectives:
  - { id: ventes, text: Vendre plus }
axes:
  - { name: Promo, theme: Offres du moment, objective: ventes }
  - { name: promo, theme: Réductions, objective: notoriete }
networks:
  - { network: x, frequency_per_week: 5, times: ["09:00"], justification: Parce que. }
`);
    const checks = checkEditorialLine(bad);
    expect(verdicts(checks)).toEqual({ axes_count: false, axes_distinct: false, axes_linked: false, rhythm_argued: false });
    expect(checks.find((check) => check.id === 'axes_count')?.message).toBe('2 axes : le référentiel en demande entre 3 et 5.');
    expect(checks.find((check) => check.id === 'axes_distinct')?.evidence).toBe('promo');
    expect(checks.find((check) => check.id === 'axes_linked')?.evidence).toBe('promo → notoriete');
    expect(checks.find((check) => check.id === 'rhythm_argued')?.evidence).toBe('x : « Parce que. »');
  });

  it('locates a template mistake (unknown network, bad time)', () => {
    const result = parseEditorialLine(EDITORIAL_LINE_TEMPLATE.replace('network: instagram', 'network: snapchat').replace('"12:30"', '"midi"'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => formatProblem(problem).replace(/^[^:]+:/, ''))).toEqual([
      expect.stringMatching(/^\d+:\d+: networks\[0\]\.network : valeur « snapchat » inconnue/),
      expect.stringMatching(/^\d+:\d+: networks\[0\]\.times\[0\] : heure au format 12:30/),
    ]);
  });
});

describe('calendar against the editorial line (Cr3.3)', () => {
  const zone = 'Europe/Paris';
  /** A month of Instagram posts, three a week at the announced times, cycling through the axes. */
  function month(axes: string[], perWeek = 3, time = '12:30'): string {
    const rows = ['date;heure;réseau;axe;titre'];
    const days = [1, 3, 5].slice(0, perWeek);
    let index = 0;
    for (let week = 0; week < 4; week += 1) for (const day of days) rows.push(`2026-12-${String(week * 7 + day + 1).padStart(2, '0')};${time};instagram;${axes[index++ % axes.length]};Publication ${index}`);
    rows.push(`2026-12-29;18:30;instagram;${axes[0]};Fin du mois`);
    return rows.join('\n');
  }
  const posts = (csv: string) => parseCalendar(csv, { format: 'csv', timezone: zone }).posts;

  it('passes a month that follows the line', () => {
    const checks = checkCalendar(line(), posts(month(['Coulisses', 'Produits de saison', 'Vie du quartier'])), zone);
    expect(verdicts(checks)).toEqual({ calendar_month: true, calendar_axes_known: true, calendar_axes_used: true, calendar_networks: true, calendar_frequency: true, calendar_times: true });
  });

  it('says what does not follow: a forgotten axis, an unknown axis, another network, the rhythm, the times', () => {
    const csv = `${month(['Coulisses', 'Recettes'], 1, '08:00')}\n2026-12-10;12:30;tiktok;Coulisses;Hors réseau`;
    const checks = checkCalendar(line(), posts(csv), zone);
    expect(verdicts(checks)).toEqual({ calendar_month: true, calendar_axes_known: false, calendar_axes_used: false, calendar_networks: false, calendar_frequency: false, calendar_times: false });
    const evidence = Object.fromEntries(checks.map((check) => [check.id, check.evidence]));
    expect(evidence.calendar_axes_known).toBe('Recettes');
    expect(evidence.calendar_axes_used).toBe('Produits de saison, Vie du quartier');
    expect(evidence.calendar_networks).toBe('tiktok');
    expect(evidence.calendar_frequency).toBe('instagram : 1,3 par semaine au lieu de 3');
    expect(evidence.calendar_times).toMatch(/^2026-12-02 08:00 instagram/);
  });

  it('flags a calendar shorter than a month, and no calendar at all', () => {
    expect(checkCalendar(line(), posts('date;heure;réseau;axe;titre\n2026-12-01;12:30;instagram;Coulisses;A\n2026-12-10;12:30;instagram;Coulisses;B'), zone).find((check) => check.id === 'calendar_month')).toMatchObject({ passed: false, message: 'Le calendrier couvre 10 jours : le référentiel attend un mois.' });
    expect(checkCalendar(line(), [], zone)).toEqual([{ id: 'calendar_present', criterion: 'Cr3.3', passed: false, message: 'Aucun calendrier importé : « calendar import » d’abord.' }]);
  });
});
