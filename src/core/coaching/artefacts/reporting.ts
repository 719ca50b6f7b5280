import { parse as parseCsvRecords } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { fold } from '../../text/fold.js';
import { csvDelimiter } from '../../util/csv-delimiter.js';
import type { ArtefactCheck } from './editorial-line.js';
import { plural } from '../../rubric/labels.js';

/** The reporting table template (Cr5.1, Cr5.2): one row per indicator, one column per month. */
export const REPORTING_TEMPLATE = [
  'indicateur;formule;justification;2026-01;2026-02;2026-03;commentaire',
  "Taux d'engagement Instagram;interactions / portée;Mesure l'intérêt réel de la communauté pour nos contenus;3,1 %;3,8 %;4,2 %;En hausse grâce aux Reels des coulisses, au-dessus de l'objectif de 3,5 %",
  'Portée moyenne par publication;comptes atteints / publications;Montre si la notoriété progresse dans le quartier;1 240;1 610;1 820;Progression régulière, objectif de notoriété atteint en mars',
  'Candidatures reçues;candidatures venues des réseaux;Relie les réseaux à l’objectif de recrutement;0;1;3;Les publications métier commencent à recruter : poursuivre cet axe',
].join('\n');

/** The improvement actions template (Cr5.3). */
export const ACTIONS_TEMPLATE = [
  'action;tâche;échéance;responsable;argument',
  'Publier les Reels le soir;Programmer les Reels à 18 h 30 au lieu de 12 h 30;2026-04-15;Léa Martin;La portée des publications du soir est deux fois plus forte en mars',
].join('\n');

const ENGAGEMENT = ['engagement', 'interaction', 'commentaire', 'partage', 'clic', 'reaction', 'mention', 'enregistrement', 'message'];
const MONTH = /^(\d{4})-(\d{2})$/;

/** A table pasted by the learner: its header (folded, to find columns), its rows, or why it cannot be read. */
function readTable(text: string, empty: string): { header: string[]; rows: string[][]; column: (name: string) => number } | { error: string } {
  let records: string[][];
  try {
    records = parseCsvRecords(text, { delimiter: csvDelimiter(text), bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    return { error: `tableau illisible : ${(error as Error).message}` };
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return { error: `tableau vide : ${empty}` };
  const columns = header.map(fold);
  return { header, rows, column: (name) => columns.findIndex((column) => column.startsWith(name)) };
}

/** « 3,1 % », « 1 240 », « 12.5 » → a number; undefined when the cell holds none. */
function number(cell: string): number | undefined {
  const cleaned = cell.replace(/[\s\u202f\u00a0%€]/g, '').replace(',', '.');
  return cleaned !== '' && Number.isFinite(Number(cleaned)) ? Number(cleaned) : undefined;
}

const words = (value: string | undefined) => (value ?? '').trim().split(/\s+/).filter(Boolean).length;

function trend(values: number[]): string {
  const [first, , last] = values;
  if (first === undefined || last === undefined) return '';
  if (first === 0) return last === 0 ? 'stable' : `de 0 à ${last}`;
  const change = ((last - first) / Math.abs(first)) * 100;
  return `${change >= 0 ? '+' : ''}${Math.round(change)} % sur trois mois`;
}

/** Cr5.1 and Cr5.2 on a reporting table; the trends are computed and given back. */
export function checkReporting(text: string): { checks: ArtefactCheck[]; trends: string[] } | { error: string } {
  const table = readTable(text, 'une ligne d’en-tête (indicateur;formule;justification;mois…;commentaire) puis une ligne par indicateur');
  if ('error' in table) return table;
  const { header, rows: indicators, column: at } = table;
  const nameColumn = at('indicateur');
  const justificationColumn = at('justification');
  const commentColumn = at('commentaire');
  const months = header.map((cell, index) => ({ cell, index })).filter(({ cell }) => MONTH.test(cell.trim()));
  if (nameColumn < 0 || justificationColumn < 0 || commentColumn < 0) return { error: 'colonnes attendues : indicateur, formule, justification, un mois par colonne (AAAA-MM), commentaire' };
  const checks: ArtefactCheck[] = [];
  const count = indicators.length;
  checks.push({ id: 'kpi_count', criterion: 'Cr5.1', passed: count >= 3 && count <= 6, message: count >= 3 && count <= 6 ? `${count} indicateurs : entre 3 et 6.` : `${plural(count, 'indicateur')} : le référentiel en demande entre 3 et 6.` });
  const unjustified = indicators.filter((row) => words(row[justificationColumn]) < 5).map((row) => row[nameColumn] ?? '?');
  checks.push({ id: 'kpi_justified', criterion: 'Cr5.1', passed: unjustified.length === 0, message: unjustified.length === 0 ? 'Chaque indicateur est justifié.' : 'Justifiez chaque indicateur (une phrase d’au moins 5 mots).', ...(unjustified.length > 0 ? { evidence: unjustified.join(', ') } : {}) });
  const engagement = indicators.some((row) => ENGAGEMENT.some((word) => fold(`${row[nameColumn] ?? ''} ${row[at('formule')] ?? ''}`).includes(word)));
  checks.push({ id: 'kpi_engagement', criterion: 'Cr5.1', passed: engagement, message: engagement ? 'Au moins un indicateur mesure l’engagement de la communauté.' : 'Aucun indicateur ne mesure l’engagement (taux d’engagement, commentaires, partages, clics…).' });
  const sortedMonths = months.map(({ cell }) => DateTime.fromFormat(cell.trim(), 'yyyy-LL')).filter((month) => month.isValid);
  const consecutive = sortedMonths.length === 3 && sortedMonths.every((month, index) => index === 0 || month.diff(sortedMonths[index - 1]!, 'months').months === 1);
  checks.push({ id: 'kpi_three_months', criterion: 'Cr5.2', passed: consecutive, message: consecutive ? 'Le tableau couvre trois mois consécutifs.' : `Le tableau doit couvrir les 3 derniers mois, en colonnes AAAA-MM consécutives (trouvé : ${months.map(({ cell }) => cell).join(', ') || 'aucune'}).` });
  const missing = indicators.flatMap((row) => months.filter(({ index }) => number(row[index] ?? '') === undefined).map(({ cell }) => `${row[nameColumn]} (${cell})`));
  checks.push({ id: 'kpi_quantified', criterion: 'Cr5.1', passed: missing.length === 0 && months.length > 0, message: missing.length === 0 && months.length > 0 ? 'Chaque indicateur est chiffré chaque mois.' : 'Des valeurs manquent ou ne sont pas des nombres.', ...(missing.length > 0 ? { evidence: missing.slice(0, 5).join(' ; ') } : {}) });
  const uncommented = indicators.filter((row) => words(row[commentColumn]) < 5).map((row) => row[nameColumn] ?? '?');
  checks.push({ id: 'kpi_commented', criterion: 'Cr5.2', passed: uncommented.length === 0, message: uncommented.length === 0 ? 'Chaque indicateur est commenté.' : 'Commentez chaque indicateur au regard des objectifs (au moins 5 mots).', ...(uncommented.length > 0 ? { evidence: uncommented.join(', ') } : {}) });
  const trends = indicators.map((row) => {
    const values = months.map(({ index }) => number(row[index] ?? '')).filter((value): value is number => value !== undefined);
    return `${row[nameColumn]} : ${values.length === 3 ? trend(values) : 'évolution non calculable'}`;
  });
  return { checks, trends };
}

/** Cr5.3: each improvement action has a task, a deadline, a person responsible and an argument. */
export function checkActions(text: string, now: number): { checks: ArtefactCheck[] } | { error: string } {
  const table = readTable(text, 'action;tâche;échéance;responsable;argument puis une ligne par action');
  if ('error' in table) return table;
  const { rows: actions, column: at } = table;
  const [name, task, deadline, owner, argument] = [at('action'), at('tache'), at('echeance'), at('responsable'), at('argument')];
  if ([name, task, deadline, owner, argument].some((index) => index < 0)) return { error: 'colonnes attendues : action, tâche, échéance, responsable, argument' };
  const problems: string[] = [];
  for (const row of actions) {
    const label = row[name] || '?';
    if (!row[task]?.trim()) problems.push(`${label} : tâche manquante`);
    const date = DateTime.fromISO(row[deadline]?.trim() ?? '');
    const french = DateTime.fromFormat(row[deadline]?.trim() ?? '', 'dd/LL/yyyy');
    if (!date.isValid && !french.isValid) problems.push(`${label} : échéance « ${row[deadline] ?? ''} » non datée`);
    if (!row[owner]?.trim()) problems.push(`${label} : responsable manquant`);
    if (words(row[argument]) < 5) problems.push(`${label} : argument trop court`);
  }
  const stale = actions.filter((row) => {
    const date = DateTime.fromISO(row[deadline]?.trim() ?? '');
    return date.isValid && date.toMillis() < now - 365 * 86_400_000;
  });
  return {
    checks: [
      { id: 'actions_complete', criterion: 'Cr5.3', passed: problems.length === 0, message: problems.length === 0 ? `${plural(actions.length, 'action')}, chacune avec sa tâche, son échéance, son responsable et son argument.` : 'Chaque action doit avoir une tâche, une échéance datée, un responsable et un argument.', ...(problems.length > 0 ? { evidence: problems.slice(0, 5).join(' ; ') } : {}) },
      { id: 'actions_current', criterion: 'Cr5.3', passed: stale.length === 0, message: stale.length === 0 ? 'Les échéances sont actuelles.' : 'Une échéance date de plus d’un an : le plan doit suivre l’analyse récente.', ...(stale.length > 0 ? { evidence: stale.map((row) => row[deadline]).join(', ') } : {}) },
    ],
  };
}
