import { describe, expect, it } from 'vitest';
import { ACTIONS_TEMPLATE, checkActions, checkReporting, REPORTING_TEMPLATE } from '../../../src/core/coaching/artefacts/reporting.js';

const NOW = Date.UTC(2026, 3, 1);
const verdicts = (checks: Array<{ id: string; passed: boolean }>) => Object.fromEntries(checks.map((check) => [check.id, check.passed]));

describe('reporting table (Cr5.1, Cr5.2)', () => {
  it('passes the template and computes each indicator’s trend over three months', () => {
    const result = checkReporting(REPORTING_TEMPLATE);
    if ('error' in result) throw new Error(result.error);
    expect(verdicts(result.checks)).toEqual({ kpi_count: true, kpi_justified: true, kpi_engagement: true, kpi_three_months: true, kpi_quantified: true, kpi_commented: true });
    expect(result.trends).toEqual(["Taux d'engagement Instagram : +35 % sur trois mois", 'Portée moyenne par publication : +47 % sur trois mois', 'Candidatures reçues : de 0 à 3']);
  });

  it('flags too few indicators, no engagement, missing months and values, no comments', () => {
    const table = ['indicateur;formule;justification;2026-01;2026-03;commentaire', 'Abonnés;nombre;Pour voir;120;;', 'Portée;comptes atteints;Mesure la notoriété de la page chaque mois;1 000;1 200;Bien'].join('\n');
    const result = checkReporting(table);
    if ('error' in result) throw new Error(result.error);
    expect(verdicts(result.checks)).toEqual({ kpi_count: false, kpi_justified: false, kpi_engagement: false, kpi_three_months: false, kpi_quantified: false, kpi_commented: false });
    const evidence = Object.fromEntries(result.checks.map((check) => [check.id, check.evidence ?? check.message]));
    expect(evidence.kpi_quantified).toBe('Abonnés (2026-03)');
    expect(evidence.kpi_three_months).toBe('Le tableau doit couvrir les 3 derniers mois, en colonnes AAAA-MM consécutives (trouvé : 2026-01, 2026-03).');
    expect(evidence.kpi_commented).toBe('Abonnés, Portée');
  });

  it('says which columns it expects', () => {
    expect(checkReporting('nom;valeur\nA;1')).toEqual({ error: 'colonnes attendues : indicateur, formule, justification, un mois par colonne (AAAA-MM), commentaire' });
  });
});

describe('improvement actions (Cr5.3)', () => {
  it('passes the template and names what an action lacks', () => {
    const good = checkActions(ACTIONS_TEMPLATE, NOW);
    if ('error' in good) throw new Error(good.error);
    expect(verdicts(good.checks)).toEqual({ actions_complete: true, actions_current: true });
    const bad = checkActions('action;tâche;échéance;responsable;argument\nMieux publier;;bientôt;;Parce que', NOW);
    if ('error' in bad) throw new Error(bad.error);
    expect(bad.checks[0]).toMatchObject({ passed: false, evidence: 'Mieux publier : tâche manquante ; Mieux publier : échéance « bientôt » non datée ; Mieux publier : responsable manquant ; Mieux publier : argument trop court' });
  });
});
