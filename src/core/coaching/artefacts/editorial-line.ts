import { z } from 'zod';
import { DateTime } from 'luxon';
import type { PlannedPost } from '../../calendar/import.js';
import { NETWORKS, type Network } from '../../scenario/schema.js';
import { fold } from '../../text/fold.js';
import { validateYaml, type Validated } from '../../validation/yaml.js';
import { plural } from '../../rubric/labels.js';

/** One rule-based check of a candidate's artefact, explained like the Cr7 checks. */
export interface ArtefactCheck {
  id: string;
  criterion: string;
  passed: boolean;
  message: string;
  evidence?: string;
}

const text = z.string().trim().min(1);

export const editorialLineSchema = z.strictObject({
  objectives: z.array(z.strictObject({ id: text, text })).min(1),
  axes: z.array(z.strictObject({ name: text, theme: text, objective: text, justification: text.optional() })).min(1),
  networks: z.array(z.strictObject({
    network: z.enum(NETWORKS),
    frequency_per_week: z.number().positive().max(50),
    times: z.array(z.string().regex(/^\d{1,2}:\d{2}$/, { error: 'heure au format 12:30' })).min(1),
    justification: text,
  })).min(1),
});

export type EditorialLine = z.infer<typeof editorialLineSchema>;

/** The template handed to candidates (Cr3.1, Cr3.2). */
export const EDITORIAL_LINE_TEMPLATE = `# Ligne éditoriale — à compléter, puis « coach check ligne »
objectives:
  - id: recrutement
    text: Recruter 5 apprentis boulangers d'ici septembre
  - id: notoriete
    text: Faire connaître la boulangerie dans le quartier
axes:            # entre 3 et 5 axes distincts
  - name: Coulisses
    theme: Montrer le savoir-faire et l'équipe du fournil
    objective: recrutement      # l'id d'un objectif ci-dessus
    justification: Les apprentis veulent voir le métier au quotidien
  - name: Produits de saison
    theme: Présenter les nouveautés et leurs producteurs
    objective: notoriete
  - name: Vie du quartier
    theme: Relayer les événements et partenaires locaux
    objective: notoriete
networks:
  - network: instagram          # x, tiktok, linkedin, instagram, facebook, youtube
    frequency_per_week: 3
    times: ["12:30", "18:30"]
    justification: Les 18-25 ans du quartier se connectent à la pause de midi et en fin de journée
`;

export function parseEditorialLine(source: string, file = 'ligne-editoriale.yaml'): Validated<EditorialLine> {
  return validateYaml(source, file, editorialLineSchema, { expectedContent: 'une ligne éditoriale (objectives, axes, networks)' });
}

const words = (value: string) => value.trim().split(/\s+/).filter(Boolean).length;

/** Cr3.1 and Cr3.2 on the editorial line alone. */
export function checkEditorialLine(line: EditorialLine): ArtefactCheck[] {
  const checks: ArtefactCheck[] = [];
  const count = line.axes.length;
  checks.push({
    id: 'axes_count', criterion: 'Cr3.1', passed: count >= 3 && count <= 5,
    message: count >= 3 && count <= 5 ? `${count} axes : entre 3 et 5, comme le demande le référentiel.` : `${plural(count, 'axe')} : le référentiel en demande entre 3 et 5.`,
  });
  const names = new Map<string, string>();
  const duplicates: string[] = [];
  for (const axis of line.axes) {
    const key = fold(axis.name);
    if (names.has(key)) duplicates.push(axis.name);
    names.set(key, axis.name);
  }
  const themes = new Set<string>();
  for (const axis of line.axes) {
    const key = fold(axis.theme);
    if (themes.has(key)) duplicates.push(axis.theme);
    themes.add(key);
  }
  checks.push({ id: 'axes_distinct', criterion: 'Cr3.1', passed: duplicates.length === 0, message: duplicates.length === 0 ? 'Les axes sont distincts.' : 'Deux axes se recouvrent : même nom ou même thématique.', ...(duplicates.length > 0 ? { evidence: duplicates.join(' ; ') } : {}) });
  const objectives = new Set(line.objectives.map((objective) => objective.id));
  const unlinked = line.axes.filter((axis) => !objectives.has(axis.objective));
  checks.push({
    id: 'axes_linked', criterion: 'Cr3.1', passed: unlinked.length === 0,
    message: unlinked.length === 0 ? 'Chaque axe est relié à un objectif énoncé.' : `Axe relié à un objectif qui n'est pas dans « objectives » (${[...objectives].join(', ')}).`,
    ...(unlinked.length > 0 ? { evidence: unlinked.map((axis) => `${axis.name} → ${axis.objective}`).join(' ; ') } : {}),
  });
  const thin = line.networks.filter((network) => words(network.justification) < 6);
  checks.push({
    id: 'rhythm_argued', criterion: 'Cr3.2', passed: thin.length === 0,
    message: thin.length === 0 ? 'Fréquence et horaires argumentés pour chaque réseau.' : 'Argumentez l’heure et la fréquence par les habitudes de connexion de la cible (une phrase d’au moins 6 mots).',
    ...(thin.length > 0 ? { evidence: thin.map((network) => `${network.network} : « ${network.justification} »`).join(' ; ') } : {}),
  });
  return checks;
}

/** Cr3.3: the imported one-month calendar against the editorial line. */
export function checkCalendar(line: EditorialLine, posts: Array<Pick<PlannedPost, 'at' | 'network' | 'axis' | 'title' | 'localDate' | 'localTime'>>, zone: string): ArtefactCheck[] {
  const checks: ArtefactCheck[] = [];
  if (posts.length === 0) return [{ id: 'calendar_present', criterion: 'Cr3.3', passed: false, message: 'Aucun calendrier importé : « calendar import » d’abord.' }];
  const first = DateTime.fromMillis(posts[0]!.at, { zone }).startOf('day');
  const last = DateTime.fromMillis(posts.at(-1)!.at, { zone }).startOf('day');
  const days = Math.round(last.diff(first, 'days').days) + 1;
  checks.push({ id: 'calendar_month', criterion: 'Cr3.3', passed: days >= 28 && days <= 31, message: days >= 28 && days <= 31 ? `Le calendrier couvre un mois (${days} jours).` : `Le calendrier couvre ${plural(days, 'jour')} : le référentiel attend un mois.`, evidence: `${posts[0]!.localDate} → ${posts.at(-1)!.localDate}` });
  const axes = new Map(line.axes.map((axis) => [fold(axis.name), axis.name]));
  const unknownAxes = [...new Set(posts.filter((post) => !axes.has(fold(post.axis))).map((post) => post.axis))];
  checks.push({ id: 'calendar_axes_known', criterion: 'Cr3.3', passed: unknownAxes.length === 0, message: unknownAxes.length === 0 ? 'Chaque publication relève d’un axe de la ligne éditoriale.' : 'Des publications relèvent d’un axe absent de la ligne éditoriale.', ...(unknownAxes.length > 0 ? { evidence: unknownAxes.join(', ') } : {}) });
  const used = new Set(posts.map((post) => fold(post.axis)));
  const unused = [...axes].filter(([key]) => !used.has(key)).map(([, name]) => name);
  checks.push({ id: 'calendar_axes_used', criterion: 'Cr3.3', passed: unused.length === 0, message: unused.length === 0 ? 'Chaque axe est utilisé.' : 'Un axe de la ligne éditoriale n’apparaît pas dans le calendrier.', ...(unused.length > 0 ? { evidence: unused.join(', ') } : {}) });
  const planned = new Map<Network, EditorialLine['networks'][number]>(line.networks.map((network) => [network.network, network]));
  const strayNetworks = [...new Set(posts.filter((post) => !planned.has(post.network)).map((post) => post.network))];
  checks.push({ id: 'calendar_networks', criterion: 'Cr3.3', passed: strayNetworks.length === 0, message: strayNetworks.length === 0 ? 'Toutes les publications sont sur les réseaux retenus.' : 'Des publications sont sur un réseau que la ligne éditoriale ne retient pas.', ...(strayNetworks.length > 0 ? { evidence: strayNetworks.join(', ') } : {}) });
  const weeks = Math.max(1, days / 7);
  const offRhythm: string[] = [];
  for (const [network, plan] of planned) {
    const perWeek = posts.filter((post) => post.network === network).length / weeks;
    // Half a publication a week either way: a month rarely divides into whole weeks.
    if (Math.abs(perWeek - plan.frequency_per_week) > 0.5) offRhythm.push(`${network} : ${perWeek.toFixed(1).replace('.', ',')} par semaine au lieu de ${plan.frequency_per_week}`);
  }
  checks.push({ id: 'calendar_frequency', criterion: 'Cr3.3', passed: offRhythm.length === 0, message: offRhythm.length === 0 ? 'La fréquence annoncée est respectée sur chaque réseau.' : 'La fréquence du calendrier ne suit pas celle de la ligne éditoriale.', ...(offRhythm.length > 0 ? { evidence: offRhythm.join(' ; ') } : {}) });
  const minutes = (value: string) => Number(value.split(':')[0]) * 60 + Number(value.split(':')[1]);
  const offTime = posts.filter((post) => {
    const plan = planned.get(post.network);
    return plan !== undefined && !plan.times.some((time) => Math.abs(minutes(time) - minutes(post.localTime)) <= 30);
  });
  checks.push({ id: 'calendar_times', criterion: 'Cr3.3', passed: offTime.length === 0, message: offTime.length === 0 ? 'Les publications tombent aux horaires annoncés (à 30 minutes près).' : `${plural(offTime.length, 'publication')} hors des horaires annoncés.`, ...(offTime.length > 0 ? { evidence: offTime.slice(0, 3).map((post) => `${post.localDate} ${post.localTime} ${post.network}`).join(' ; ') } : {}) });
  return checks;
}
