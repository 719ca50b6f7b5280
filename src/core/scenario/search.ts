import { NETWORK_LABELS } from '../rubric/labels.js';
import { fold } from '../text/fold.js';
import { NETWORKS, type Network, type Scenario } from './schema.js';

/** A case as a picker names it: its title, brand, network and how many comments it has. */
export function scenarioLabel(scenario: Scenario): string {
  return `${scenario.title} — ${scenario.brand.name} (${NETWORK_LABELS[scenario.network]}, ${scenario.comments.length} commentaires)`;
}

/**
 * The cases whose title, brand, network or id contain every word typed, accents and case aside,
 * in the bank's order, at most `limit` (what an autocomplete shows as the learner types).
 */
export function searchScenarios(scenarios: Iterable<Scenario>, query: string, limit: number): Array<{ value: string; label: string }> {
  const words = fold(query).split(/[\s,;—–-]+/).filter(Boolean);
  const found: Array<{ value: string; label: string }> = [];
  for (const scenario of scenarios) {
    if (found.length >= limit) break;
    const haystack = fold([scenario.title, scenario.brand.name, NETWORK_LABELS[scenario.network], scenario.network, scenario.id].join(' '));
    if (words.every((word) => haystack.includes(word))) found.push({ value: scenario.id, label: scenarioLabel(scenario) });
  }
  return found;
}

/** The cases per network, networks in their usual order, those without cases left out. */
export function scenariosByNetwork(scenarios: Iterable<Scenario>): Array<{ network: Network; scenarios: Scenario[] }> {
  const all = [...scenarios];
  return NETWORKS.map((network) => ({ network, scenarios: all.filter((scenario) => scenario.network === network) })).filter((group) => group.scenarios.length > 0);
}
