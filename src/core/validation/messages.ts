import type { z } from 'zod';
import type { DocumentPath } from './problem.js';
import { closest } from './suggest.js';
import { plural } from '../rubric/labels.js';

type Issue = z.core.$ZodIssue;

/** What a value looks like, in words a trainer recognises from their YAML. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'rien';
  if (value === null) return 'une valeur vide';
  if (typeof value === 'string') return `le texte « ${value.length > 40 ? `${value.slice(0, 40)}…` : value} »`;
  if (typeof value === 'number') return `le nombre ${value}`;
  if (typeof value === 'boolean') return `la valeur ${value}`;
  if (Array.isArray(value)) return 'une liste';
  return 'un objet (clés : valeurs)';
}

const EXPECTED_TYPES: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  boolean: 'true ou false',
  array: 'une liste (lignes commençant par « - » ou [a, b])',
  object: 'un objet (lignes « clé: valeur »)',
};

export function valueAt(root: unknown, path: DocumentPath): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** Zod schemas wrap each other (optional, default, pipe…); this finds the object keys allowed at a path. */
function schemaAt(schema: z.core.$ZodType, path: DocumentPath): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = unwrap(schema);
  for (const segment of path) {
    if (!current) return undefined;
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (typeof segment === 'number') current = def.type === 'array' ? unwrap(def.element as z.core.$ZodType) : undefined;
    else current = def.type === 'object' ? unwrap((def.shape as Record<string, z.core.$ZodType>)[segment]) : undefined;
  }
  return current;
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth += 1) {
    const def = current._zod.def as unknown as Record<string, unknown>;
    if (def.innerType) current = def.innerType as z.core.$ZodType;
    else if (def.type === 'pipe') current = def.in as z.core.$ZodType;
    else break;
  }
  return current;
}

export function allowedKeys(schema: z.core.$ZodType, path: DocumentPath): string[] {
  const found = schemaAt(schema, path);
  if (!found) return [];
  const def = found._zod.def as unknown as Record<string, unknown>;
  return def.type === 'object' ? Object.keys(def.shape as object) : [];
}

function suggestion(word: string, candidates: readonly string[]): string {
  const guess = closest(word, candidates);
  return guess ? ` (vouliez-vous dire « ${guess} » ?)` : '';
}

export interface LocatedMessage {
  path: DocumentPath;
  message: string;
}

/** Turns one zod issue into one or more French messages, each with the precise path it is about. */
export function issueToMessages(issue: Issue, raw: unknown, schema: z.core.$ZodType): LocatedMessage[] {
  const path = issue.path as DocumentPath;
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_TYPES[issue.expected] ?? issue.expected;
      if (value === undefined) {
        return [{ path, message: `champ obligatoire manquant ; attendu : ${expected}` }];
      }
      const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')
        ? ' (mettez la valeur entre guillemets)'
        : '';
      return [{ path, message: `${describeValue(value)} ne convient pas ; attendu : ${expected}${hint}` }];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const shown = typeof value === 'string' ? `« ${value} »` : describeValue(value);
      const guess = typeof value === 'string' ? suggestion(value, options) : '';
      return [{ path, message: `valeur ${shown} inconnue ; attendu : une de ${options.join(', ')}${guess}` }];
    }
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `clé inconnue « ${key} »${suggestion(key, allowed)} ; clés permises ici : ${allowed.join(', ')}`,
      }));
    }
    case 'too_small': {
      if (issue.origin === 'string') return [{ path, message: 'texte vide ; attendu : un texte non vide' }];
      if (issue.origin === 'array') {
        return [{ path, message: `liste trop courte ; attendu : au moins ${plural(Number(issue.minimum), 'élément')}` }];
      }
      return [{ path, message: `valeur trop petite ; attendu : au moins ${String(issue.minimum)}` }];
    }
    case 'too_big': {
      return [{ path, message: `valeur trop grande ; attendu : au plus ${String(issue.maximum)}` }];
    }
    default:
      // Formats and custom rules carry the schema's own French message.
      return [{ path, message: issue.message }];
  }
}
