import type { LocatedMessage } from '../validation/messages.js';
import type { Problem } from '../validation/problem.js';
import { validateYaml } from '../validation/yaml.js';
import { coherenceRules } from './rules.js';
import { scenarioSchema, type Scenario } from './schema.js';

export type ParseResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/**
 * Parses and validates one scenario file's text. Pure: the caller reads the file.
 * `expectedId` is the file's base name, which docs/scenarios.md requires to equal the id.
 */
export function parseScenarioSource(source: string, file: string, expectedId?: string): ParseResult {
  const rules = (raw: unknown): LocatedMessage[] => {
    const messages = coherenceRules(raw);
    const id = (raw as Record<string, unknown> | null)?.id;
    if (expectedId !== undefined && typeof id === 'string' && id !== expectedId) {
      messages.push({ path: ['id'], message: `l'id « ${id} » diffère du nom du fichier ; attendu : « ${expectedId} » (ou renommer le fichier en ${id}.yaml)` });
    }
    return messages;
  };
  const result = validateYaml(source, file, scenarioSchema, {
    rules,
    expectedContent: 'un scénario (id, title, network, brand, charter, post, comments)',
  });
  return result.ok ? { ok: true, scenario: result.value } : result;
}
