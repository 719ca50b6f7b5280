import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFsError } from '../../../src/core/util/fs-error.js';

/** The error a real file operation throws. */
function failure(operation: () => unknown): unknown {
  try {
    operation();
  } catch (error) {
    return error;
  }
  throw new Error('the operation was expected to fail');
}

describe('describeFsError', () => {
  const dir = mkdtempSync(join(tmpdir(), 'moderato-fs-error-'));
  const file = join(dir, 'present.txt');
  writeFileSync(file, 'x');

  it.each([
    ['a missing file', () => readFileSync(join(dir, 'absent.json')), 'fichier de réponses', 'fichier de réponses introuvable'],
    ['a folder read as a file', () => readFileSync(dir), 'fichier', "c'est un dossier, pas un fichier"],
    ['a file listed as a folder', () => readdirSync(file), 'dossier de scénarios', "un élément du chemin n'est pas un dossier"],
    ['a file that must not be overwritten', () => writeFileSync(file, 'y', { flag: 'wx' }), 'fichier', 'fichier déjà existant'],
  ])('explains %s in French', (_case, operation, what, expected) => {
    expect(describeFsError(failure(operation), what)).toBe(expected);
  });

  it('explains refused rights, a full or read-only disk, and never shows the code', () => {
    expect(describeFsError(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe('accès refusé (droits insuffisants)');
    expect(describeFsError(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }))).toBe('disque plein');
    expect(describeFsError(Object.assign(new Error('EROFS'), { code: 'EROFS' }))).toBe('disque en lecture seule');
    const unknown = describeFsError(Object.assign(new Error('EWHATEVER: odd'), { code: 'EWHATEVER' }), 'dossier');
    expect(unknown).toBe('dossier inaccessible');
    expect(describeFsError('not even an error')).toBe('fichier inaccessible');
  });
});
