/** Node's file-system error codes, in the words a candidate or a trainer reads. */
const REASONS: Record<string, (what: string) => string> = {
  ENOENT: (what) => `${what} introuvable`,
  EACCES: () => 'accès refusé (droits insuffisants)',
  EPERM: () => 'opération refusée (droits insuffisants)',
  EISDIR: () => "c'est un dossier, pas un fichier",
  ENOTDIR: () => "un élément du chemin n'est pas un dossier",
  EEXIST: (what) => `${what} déjà existant`,
  ENOSPC: () => 'disque plein',
  EDQUOT: () => 'quota du disque dépassé',
  EROFS: () => 'disque en lecture seule',
  EMFILE: () => 'trop de fichiers ouverts à la fois',
  ENFILE: () => 'trop de fichiers ouverts à la fois',
  ENAMETOOLONG: () => 'nom trop long',
  ELOOP: () => 'trop de liens symboliques imbriqués',
  EBUSY: () => 'ressource occupée',
  EIO: () => 'erreur de lecture ou d’écriture sur le disque',
};

/**
 * Says in French why a file operation failed (« fichier introuvable », « accès refusé (droits
 * insuffisants) »…), never with Node's code (ENOENT, EACCES), which means nothing to people.
 * `what` is the masculine noun of what was expected at the path: fichier, fichier de réponses,
 * dossier de scénarios…
 */
export function describeFsError(error: unknown, what = 'fichier'): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  return REASONS[code]?.(what) ?? `${what} inaccessible`;
}
