import { keepAnonymousAggregates } from '../store/anonymous.js';
import type { Db } from '../store/database.js';
import { prepared, preparedPluck } from '../store/statements.js';
import type { Desk, DeskContext } from './desk.js';
import type { Inbound, View } from './views.js';
import { plural } from '../core/rubric/labels.js';

/** The confirmation asked before erasing: its only id. */
const ERASE_PROMPT = 'privacy:erase';

/** What the privacy desk recognised: « privacy ACTION », or the answer to the erase confirmation. */
export type PrivacyClaim = { kind: 'command'; action: string } | { kind: 'erase'; confirmed: boolean };

/** Tables holding a learner's data, by the column that names them (all cascade from learners). */
const LEARNER_TABLES: Array<{ table: string; column: string; label: string }> = [
  { table: 'identities', column: 'learner_id', label: 'comptes' },
  { table: 'cohort_members', column: 'learner_id', label: 'cohortes' },
  { table: 'drills', column: 'learner_id', label: 'exercices' },
  { table: 'scores', column: 'learner_id', label: 'résultats' },
  { table: 'nudge_prefs', column: 'learner_id', label: 'préférences de rappel' },
  { table: 'calendar_posts', column: 'learner_id', label: 'calendrier' },
  { table: 'nudge_deliveries', column: 'learner_id', label: 'rappels envoyés' },
  { table: 'nudge_attempts', column: 'learner_id', label: 'rappels en cours d’envoi' },
  { table: 'checklist_ticks', column: 'learner_id', label: 'fiches cochées' },
  { table: 'artefacts', column: 'learner_id', label: 'documents vérifiés' },
  { table: 'weak_spots', column: 'learner_id', label: 'points à retravailler' },
  { table: 'rehearsals', column: 'learner_id', label: 'oraux blancs' },
];

/**
 * The learner's rights over their data (RGPD): everything exported as JSON, or erased after a
 * confirmation. A learner only ever reaches their own data: the learner id comes from the platform
 * account that asked.
 */
export class PrivacyDesk implements Desk<PrivacyClaim> {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  claim(event: Inbound): PrivacyClaim | undefined {
    if (event.kind === 'command' && event.name === 'privacy') return { kind: 'command', action: event.args?.[0] ?? '' };
    if (event.kind === 'choice' && event.prompt === ERASE_PROMPT) return { kind: 'erase', confirmed: event.values[0] === 'confirm' };
    return undefined;
  }

  run(claim: PrivacyClaim, { learnerId }: DeskContext): View[] {
    return claim.kind === 'command' ? this.command(learnerId, claim.action) : this.erase(learnerId, claim.confirmed);
  }

  private command(learnerId: number, action: string): View[] {
    if (action === 'export') return this.export(learnerId);
    if (action === 'erase') {
      return [{
        kind: 'prompt',
        id: ERASE_PROMPT,
        text: 'Effacer toutes vos données (exercices, réponses, résultats, calendrier, rappels, fiches) ? C’est définitif. Pensez à « privacy export » avant.',
        choices: [{ value: 'confirm', label: 'Oui, tout effacer' }, { value: 'cancel', label: 'Non, garder mes données' }],
      }];
    }
    return [{ kind: 'notice', tone: 'info', text: 'Vos données : « privacy export » (fichier JSON de tout ce que moderato garde sur vous), « privacy erase » (tout effacer).' }];
  }

  private erase(learnerId: number, confirmed: boolean): View[] {
    if (!confirmed) return [{ kind: 'notice', tone: 'info', text: 'Rien n’a été effacé.' }];
    const counts = LEARNER_TABLES.map(({ table, column, label }) => ({ label, count: preparedPluck(this.db, `SELECT COUNT(*) FROM ${table} WHERE ${column} = ?`).get(learnerId) as number }));
    // Their part of cohort pass rates stays, as anonymous totals; then, every table referencing
    // learners with ON DELETE CASCADE, one delete removes everything (the whole is one transaction).
    keepAnonymousAggregates(this.db, learnerId);
    prepared(this.db, 'DELETE FROM learners WHERE id = ?').run(learnerId);
    return [{ kind: 'notice', tone: 'success', text: `Vos données sont effacées (${counts.filter((entry) => entry.count > 0).map((entry) => `${entry.label} : ${entry.count}`).join(', ') || 'rien n’était enregistré'}). Un nouveau message vous recréera un compte vierge.` }];
  }

  private export(learnerId: number): View[] {
    const learner = prepared(this.db, 'SELECT id, display_name, timezone, created_at FROM learners WHERE id = ?').get(learnerId);
    const data: Record<string, unknown> = { exported_at: new Date(this.now()).toISOString(), learner };
    for (const { table, column } of LEARNER_TABLES) data[table] = prepared(this.db, `SELECT * FROM ${table} WHERE ${column} = ?`).all(learnerId);
    data.drill_events = prepared(this.db, 'SELECT e.* FROM drill_events e JOIN drills d ON d.id = e.drill_id WHERE d.learner_id = ? ORDER BY e.drill_id, e.seq').all(learnerId);
    data.check_results = prepared(this.db, 'SELECT c.* FROM check_results c JOIN scores s ON s.drill_id = c.drill_id WHERE s.learner_id = ?').all(learnerId);
    data.first_attempt_results = prepared(this.db, 'SELECT f.* FROM first_attempt_results f JOIN scores s ON s.drill_id = f.drill_id WHERE s.learner_id = ?').all(learnerId);
    const json = JSON.stringify(data, null, 2);
    return [
      { kind: 'notice', tone: 'success', text: `Export de vos données : ${plural((data.drills as unknown[]).length, 'exercice')}, ${plural((data.drill_events as unknown[]).length, 'événement')}, ${plural((data.calendar_posts as unknown[]).length, 'publication prévue', 'publications prévues')}.` },
      { kind: 'file', filename: 'mes-donnees-moderato.json', title: 'Vos données moderato (JSON)', contentType: 'application/json', data: new TextEncoder().encode(json) },
    ];
  }
}
