import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.js';
import Database from 'better-sqlite3';
import { describeFsError } from '../core/util/fs-error.js';
import { explainDatabaseError } from '../store/database.js';
import { EXIT, type Output } from './output.js';

/**
 * `backup FILE`: SQLite's online backup of the database, consistent even while the bot runs (WAL).
 * Restoring is copying the file back in place of DATABASE_PATH while the bot is stopped.
 */
export async function backupCommand(target: string | undefined, config: Config, output: Output): Promise<number> {
  if (!target) {
    output.err('Indiquez le fichier de sauvegarde : moderato backup sauvegardes/moderato-2026-11-28.db');
    return EXIT.badInput;
  }
  const destination = resolve(target);
  if (destination === resolve(config.databasePath)) {
    output.err('La sauvegarde doit aller dans un autre fichier que la base elle-même.');
    return EXIT.badInput;
  }
  if (existsSync(destination)) {
    output.err(`${target} existe déjà : choisissez un autre nom (rien n’est écrasé).`);
    return EXIT.badInput;
  }
  if (!existsSync(config.databasePath)) {
    output.err(`Base introuvable : ${config.databasePath} (DATABASE_PATH).`);
    return EXIT.error;
  }
  try {
    mkdirSync(dirname(destination), { recursive: true });
  } catch (error) {
    // mkdir says « already exists » when a file stands where a folder of the path should be.
    const reason = (error as NodeJS.ErrnoException).code === 'EEXIST' ? "un élément du chemin n'est pas un dossier" : describeFsError(error, 'dossier');
    output.err(`Sauvegarde impossible dans ${dirname(target)} : ${reason}.`);
    return EXIT.error;
  }
  // Opened as it is: a backup copies the database, it never migrates it under the running bot.
  const db = new Database(config.databasePath, { fileMustExist: true });
  try {
    const started = Date.now();
    const progress = await db.backup(destination);
    output.out(`Sauvegarde écrite : ${target} (${progress.totalPages} pages, ${Date.now() - started} ms). Restaurer : arrêter le bot, copier ce fichier à la place de ${config.databasePath}, redémarrer.`);
    return EXIT.ok;
  } catch (error) {
    output.err(`Sauvegarde impossible vers ${target} : ${explainDatabaseError(error, destination)}`);
    return EXIT.error;
  } finally {
    db.close();
  }
}
