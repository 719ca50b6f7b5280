import { afterEach, describe, expect, it } from 'vitest';
import { M13_TIMING } from '../../src/core/drill/types.js';
import type { Scenario } from '../../src/core/scenario/schema.js';
import { caseView } from '../../src/engine/present.js';
import type { View } from '../../src/engine/views.js';
import type { Db } from '../../src/store/database.js';
import { fixtureScenario } from '../helpers/scoring.js';
import { ALL_CASES, normalised, type CaseId, type CommentAnswer, type Driver, type SurfaceName } from './drivers/driver.js';

/**
 * The contract every surface passes: the same cases, run through each surface's driver
 * (tests/adapters/drivers/*). A new adapter is done when it passes them. Cases a surface cannot
 * run are named with the reason; cases a finding keeps off a surface point to
 * tests/adapters/contract-findings.md until src/ is fixed.
 */
export interface SurfaceSpec {
  name: SurfaceName;
  create: () => Promise<Driver>;
  /** Cases this surface cannot run, and why (not registered; the last test checks each is named with a reason). */
  notApplicable: Partial<Record<CaseId, string>>;
  /** Cases kept off this surface by a finding (its id in contract-findings.md), until src/ is fixed. */
  findings?: Partial<Record<CaseId, string>>;
  /** An oversized text is refused beside its field (a Slack modal's errors, the terminal asking that field again, the engine's `field`). */
  refusesBesideField: boolean;
}

const MINUTE = 60_000;
const fixture = fixtureScenario();

const C1 = {
  needsAction: true,
  actions: ['reply', 'private_message'],
  texts: {
    justification: 'Réclamation d’une cliente mécontente du déplacement : il faut lui répondre et la rassurer.',
    reply: 'Bonjour Julie, nous sommes désolés pour ce déplacement. Réouverture le mardi 12 mars à 7 h. L’équipe Martin',
    private_message: 'Bonjour Julie, nous vous offrons un café à votre prochaine visite. L’équipe Martin',
  },
} satisfies CommentAnswer;

/** c1 and c3 answered with actions and texts, the others « no action ». */
const ANSWERS: Record<string, CommentAnswer> = {
  c1: C1,
  c3: { needsAction: true, actions: ['delete', 'report'], texts: { justification: 'Spam avec un lien frauduleux : à supprimer et à signaler.' } },
};
const NO: CommentAnswer = { needsAction: false };
const answerFor = (commentId: string): CommentAnswer => ANSWERS[commentId] ?? NO;

const CSV = 'date;heure;réseau;axe;titre\n2026-12-01;14:00;instagram;Coulisses;Le fournil';

function count(db: Db, sql: string): number {
  return Number(db.prepare(sql).pluck().get());
}

/** What a case may not change: the drills, their answers and scores, the cohorts and calendars. */
function fingerprint(db: Db): string {
  const tables = ['drills', 'drill_events', 'scores', 'check_results', 'cohorts', 'cohort_members', 'cohort_drills', 'calendar_posts'];
  return JSON.stringify(tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()));
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The whole case reached the learner: title, every line of every section, each fact, the contact, the post, with no « … » of ours. */
function expectWholeCase(received: string, scenario: Scenario): void {
  const view = caseView(scenario) as Extract<View, { kind: 'case' }>;
  const flat = normalised(received);
  for (const line of [view.title, ...view.sections.flatMap((section) => [section.heading, ...section.lines])]) expect(flat, `« ${line} » (${scenario.id})`).toContain(normalised(line));
  for (const fact of scenario.charter.facts) expect(flat).toContain(normalised(fact.text));
  const { contact } = scenario.charter;
  for (const part of [contact.email, contact.phone, contact.url]) if (part) expect(flat).toContain(part);
  if (contact.private_message) expect(flat).toMatch(/Contact : .*messages privés/);
  expect(flat).toContain(normalised(scenario.post.text));
}

/** Registers the contract's cases for one surface. */
export function runContract(spec: SurfaceSpec): void {
  let current: Driver | undefined;

  afterEach(async () => {
    const driver = current;
    current = undefined;
    if (!driver) return;
    try {
      // Case 11, after every case: each interaction got its answer, and the platform refused nothing the bot sent.
      expect(driver.unanswered(), 'interactions sans réponse').toEqual([]);
      expect(driver.platformErrors(), 'refus de la plateforme').toEqual([]);
    } finally {
      await driver.close();
    }
  });

  async function open(): Promise<Driver> {
    current = await spec.create();
    return current;
  }

  /** Whether a case runs on this surface (neither not applicable nor kept off by a finding). */
  const runs = (id: CaseId) => spec.notApplicable[id] === undefined && spec.findings?.[id] === undefined;

  /** A case on this surface: run, unless the surface names it as not applicable or kept off by a finding (checked below). */
  const casesRun: CaseId[] = [];
  function contractCase(id: CaseId, title: string, body: () => Promise<void>, timeout?: number): void {
    if (!runs(id)) return;
    casesRun.push(id);
    it(title, body, timeout);
  }

  describe(`contract suite on ${spec.name}`, () => {
    contractCase('practice-drill', '1. a whole practice drill: every comment answered, feedback after each, the final result with Cr7.1 and Cr7.2', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      for (const [index, comment] of fixture.comments.entries()) {
        const from = d.transcript('camille').length;
        await d.answer('camille', comment.id, answerFor(comment.id));
        const after = d.transcript('camille').slice(from);
        expect(after).toContain(`Réponse enregistrée (Commentaire ${index + 1}/${fixture.comments.length})`);
        // The comment's own feedback: its heading, then what passed and what failed.
        expect(after).toMatch(new RegExp(`Commentaire ${index + 1}/${fixture.comments.length} — ${comment.author}[^]*[✓✗]`));
      }
      const from = d.transcript('camille').length;
      await d.submit('camille');
      const results = normalised(d.transcript('camille').slice(from));
      expect(results).toContain(`Résultats — ${fixture.title}`);
      expect(results).toMatch(/Cr7\.1\b[^%]{0,160}\d+\s?%/);
      expect(results).toMatch(/Cr7\.2\b[^%]{0,160}\d+\s?%/);
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'answered'")).toBe(fixture.comments.length);
      expect(count(d.db, 'SELECT COUNT(*) FROM scores')).toBe(1);
      // The texts were scored as written: c1's reply was given.
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'answered' AND payload LIKE '%Bonjour Julie, nous sommes désolés%'")).toBe(1);
    });

    contractCase('feedback-named', '1b. the feedback on a comment is named as such (« Retour sur ce commentaire »), apart from the final results', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      const from = d.transcript('camille').length;
      await d.answer('camille', 'c1', NO);
      expect(d.transcript('camille').slice(from)).toContain('Retour sur ce commentaire');
    });

    contractCase('exam-auto-submit', '2. a whole exam on the injected clock: reading, writing, reminders, automatic submission, feedback, review', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'exam');
      const reading = d.transcript('camille');
      expect(reading).toContain('Temps de lecture (5 min)');
      expectWholeCase(reading, fixture);
      expect(reading).not.toContain(fixture.comments[0]!.text);

      let from = d.transcript('camille').length;
      await d.advance(M13_TIMING.readingMs);
      await d.waitForText('camille', 'Fin du temps de lecture : 15 min pour rédiger.', from);
      await d.waitForText('camille', `Commentaire 1/${fixture.comments.length}`, from);
      await d.answer('camille', 'c1', C1);

      from = d.transcript('camille').length;
      await d.advance(10 * MINUTE);
      await d.waitForText('camille', 'Plus que 5 minutes avant le rendu automatique.', from);
      from = d.transcript('camille').length;
      await d.advance(4 * MINUTE);
      await d.waitForText('camille', 'Plus qu’une minute avant le rendu automatique.', from);
      expect(count(d.db, 'SELECT COUNT(*) FROM scores')).toBe(0);

      from = d.transcript('camille').length;
      await d.advance(2 * MINUTE);
      await d.waitForText('camille', 'Phase de relecture (10 min)', from);
      const after = normalised(d.transcript('camille').slice(from));
      expect(after).toContain('Temps écoulé : votre copie a été rendue automatiquement');
      expect(after).toContain(`Résultats — ${fixture.title}`);
      expect(after).toMatch(/Cr7\.1\b[^%]{0,160}\d+\s?%/);
      expect(after).toMatch(/Cr7\.2\b[^%]{0,160}\d+\s?%/);
      expect(count(d.db, 'SELECT COUNT(*) FROM scores')).toBe(1);
      expect(count(d.db, `SELECT COUNT(*) FROM drill_events WHERE type = 'submitted' AND json_extract(payload, '$.automatic') = 1`)).toBe(1);
      // c1, answered before the deadline, was scored with its texts; the others count as « no action ».
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'answered'")).toBe(1);

      from = d.transcript('camille').length;
      await d.endReview('camille');
      await d.waitForText('camille', 'Relecture terminée', from);
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'closed'")).toBe(1);
    });

    contractCase('redelivery', '3. a redelivered event (same interaction, envelope or event id) is handled once', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      await d.redeliverLast('camille');
      expect(count(d.db, 'SELECT COUNT(*) FROM drills')).toBe(1);
      await d.answer('camille', 'c1', NO);
      const before = fingerprint(d.db);
      const seen = d.transcript('camille');
      await d.redeliverLast('camille');
      expect(fingerprint(d.db)).toBe(before);
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'answered'")).toBe(1);
      expect(d.transcript('camille')).toBe(seen);
    });

    contractCase('rate-limit', '4. a message the platform answers with 429 (retry-after) is delivered once', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      const limited = d.rateLimited();
      d.rateLimitNextPost();
      const from = d.transcript('camille').length;
      await d.answer('camille', 'c1', NO);
      expect(d.rateLimited()).toBe(limited + 1);
      const after = d.transcript('camille').slice(from);
      expect(occurrences(normalised(after), normalised(fixture.comments[1]!.text))).toBe(1);
      expect(occurrences(after, 'Réponse enregistrée (Commentaire 1/')).toBe(1);
    });

    contractCase('forged-garbage', '5a. a forged component id gets a French notice for that person alone, and changes nothing', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      const before = fingerprint(d.db);
      const question = d.questionOnScreen('camille');
      const refusal = await d.sendForged('camille', 'camille', 'garbage');
      expect(refusal.privately).toBe(true);
      expect(refusal.text).toMatch(/plus d’actualité|n’est pas un choix|inconnu/);
      expect(refusal.text).not.toMatch(/\||needs:|undefined/);
      expect(fingerprint(d.db)).toBe(before);
      expect(d.questionOnScreen('camille')).toBe(question);
      // The question still takes its answer.
      await d.answer('camille', 'c1', NO);
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'answered'")).toBe(1);
    });

    contractCase('forged-foreign', '5b. another learner’s drill: the component answered privately to the intruder, the owner’s question untouched', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      const before = fingerprint(d.db);
      const question = d.questionOnScreen('camille');
      const seen = d.transcript('camille');
      const refusal = await d.sendForged('bilal', 'camille', 'foreign');
      expect(refusal.privately).toBe(true);
      expect(refusal.text).toContain('ne vous appartient pas');
      expect(fingerprint(d.db)).toBe(before);
      expect(d.questionOnScreen('camille')).toBe(question);
      expect(d.transcript('camille')).toBe(seen);
      await d.answer('camille', 'c1', NO);
    });

    contractCase('stale', '5c. a stale component (a question of a copy already handed in) is answered and changes nothing', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      for (const comment of fixture.comments) await d.answer('camille', comment.id, NO);
      await d.submit('camille');
      const before = fingerprint(d.db);
      const refusal = await d.sendForged('camille', 'camille', 'stale');
      expect(refusal.privately).toBe(true);
      expect(refusal.text).toMatch(/Copie déjà rendue|Aucun exercice en cours/);
      expect(fingerprint(d.db)).toBe(before);
    });

    contractCase('trainer-only', '6. a trainer’s action is refused to a learner (« réservée aux formateurs »), nothing changed', async () => {
      const d = await open();
      const before = fingerprint(d.db);
      const refusal = await d.tryTrainerAction('camille');
      expect(refusal.privately).toBe(true);
      expect(refusal.text).toContain('Cette commande est réservée aux formateurs.');
      expect(fingerprint(d.db)).toBe(before);
      expect(count(d.db, 'SELECT COUNT(*) FROM cohorts')).toBe(0);
    });

    contractCase('oversized', '7. a text over 3 000 characters is refused beside its field, and nothing of it is stored', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      const long = `Bonjour Julie, ${'x'.repeat(3_100)}`;
      const refusal = await d.submitOversized('camille', 'c1', ['reply'], { justification: C1.texts.justification, reply: long });
      expect(refusal.privately).toBe(true);
      expect(refusal.text).toMatch(/3\s115 caractères pour 3\s000 au plus/);
      if (spec.refusesBesideField) expect(refusal.besideField).toBe('reply');
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE type = 'answered'")).toBe(0);
      expect(count(d.db, "SELECT COUNT(*) FROM drill_events WHERE payload LIKE '%xxxxxxxxxx%'")).toBe(0);
    });

    contractCase('long-text', '7b. a text within the limit (2 950 characters) can be typed where the surface asks for it, and is stored whole', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      const justification = `Réclamation d’une cliente mécontente du déplacement. ${'Elle a fait le déplacement pour rien et le dit publiquement. '.repeat(60)}`.slice(0, 2_950).trim();
      expect(justification.length).toBeGreaterThan(2_900);
      await d.answer('camille', 'c1', { needsAction: true, actions: ['reply'], texts: { justification, reply: C1.texts.reply } });
      const stored = d.db.prepare("SELECT payload FROM drill_events WHERE type = 'answered'").pluck().get() as string;
      expect((JSON.parse(stored) as { answer: { justification: string } }).answer.justification).toBe(justification);
    });

    contractCase('nudge-once', '8a. a calendar reminder is delivered once through the nudge service, the next tick (and a 429 where the platform has one) included', async () => {
      const d = await open();
      await d.enrolForNudges('camille', CSV);
      const limits = runs('rate-limit');
      if (limits) d.rateLimitNextPost();
      await d.advance(3 * 60 * MINUTE + 30 * MINUTE);
      expect(await d.nudges.tick()).toEqual({ sent: 1, skipped: 0 });
      expect(await d.nudges.tick()).toEqual({ sent: 0, skipped: 0 });
      await d.waitForText('camille', 'Publication prévue à 14:00 sur Instagram : « Le fournil »');
      if (limits) expect(d.rateLimited()).toBe(1);
      expect(occurrences(d.transcript('camille'), 'Publication prévue')).toBe(1);
      expect(count(d.db, 'SELECT COUNT(*) FROM nudge_deliveries')).toBe(1);
    });

    contractCase('nudge-resent', '8b. a nudge sent again after a crash (same idempotency key, maybe delivered) is shown once', async () => {
      const d = await open();
      const nudge: View[] = [{ kind: 'prompt', id: 'nudge', text: '📅 Publication prévue à 14:00 sur Instagram : « Le fournil »', choices: [{ value: 'off', label: 'Arrêter les rappels' }] }];
      await d.engine.deliverAsync(d.origin('camille'), nudge, { idempotencyKey: '1:post:1:2026-12-01T14:00', maybeDelivered: false });
      await d.engine.deliverAsync(d.origin('camille'), nudge, { idempotencyKey: '1:post:1:2026-12-01T14:00', maybeDelivered: true });
      await d.waitForText('camille', 'Publication prévue');
      // Another key: a message of its own.
      await d.engine.deliverAsync(d.origin('camille'), nudge, { idempotencyKey: '1:post:2:2026-12-02T14:00', maybeDelivered: false });
      await d.waitForText('camille', /Publication prévue[^]*Publication prévue/);
      expect(occurrences(d.transcript('camille'), 'Publication prévue')).toBe(2);
    });

    contractCase('whole-case', `9. every fact of the scenario reaches the learner: each charter fact, the contact, the post, each comment (${spec.name})`, async () => {
      const d = await open();
      for (const scenario of d.scenarios) {
        const start = d.transcript('camille').length;
        await d.startDrill('camille', scenario.id, 'practice');
        expectWholeCase(d.transcript('camille').slice(start), scenario);
        for (const comment of scenario.comments) {
          const shown = normalised(d.transcript('camille').slice(start));
          expect(shown, `${scenario.id} ${comment.id}`).toContain(normalised(comment.text));
          expect(shown).toContain(comment.author);
          await d.answer('camille', comment.id, NO);
        }
        // Handed in, so the next case starts at once (an open drill is never left silently).
        await d.submit('camille');
      }
    }, 120_000);

    contractCase('private', '10. nothing of a private drill (learner text, feedback, score) is posted where others can read it', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      for (const comment of fixture.comments) await d.answer('camille', comment.id, answerFor(comment.id));
      await d.submit('camille');
      expect(d.transcript('camille')).toContain('Cr7.2');
      const traffic = d.publicTraffic();
      for (const text of traffic) {
        expect(text).not.toContain('Bonjour Julie');
        expect(text).not.toMatch(/Cr7|Résultats|Retour sur|%/);
      }
      expect(traffic).toEqual([]);
    });

    contractCase('every-interaction-answered', '11. every interaction gets an answer: commands, clicks, forms, forged ids, refusals, redeliveries', async () => {
      const d = await open();
      await d.startDrill('camille', fixture.id, 'practice');
      await d.answer('camille', 'c1', C1);
      if (runs('forged-garbage')) await d.sendForged('camille', 'camille', 'garbage');
      if (runs('forged-foreign')) await d.sendForged('bilal', 'camille', 'foreign');
      // What the surface has of them (a terminal has no trainer command and no redelivery), findings aside.
      if (runs('trainer-only')) await d.tryTrainerAction('camille');
      await d.answer('camille', 'c2', NO);
      if (runs('redelivery')) await d.redeliverLast('camille');
      for (const comment of fixture.comments.slice(2)) await d.answer('camille', comment.id, answerFor(comment.id));
      await d.submit('camille');
      // Checked after every case too (afterEach): here on a session that mixes them all.
      expect(d.unanswered()).toEqual([]);
      expect(count(d.db, 'SELECT COUNT(*) FROM scores')).toBe(1);
    });

    it(`names every case it does not run on ${spec.name}, with why`, () => {
      const excluded = { ...spec.notApplicable, ...spec.findings };
      for (const [id, reason] of Object.entries(excluded)) {
        expect(casesRun, `${id} est à la fois exclu et joué`).not.toContain(id);
        expect(reason.length, `${id} : raison trop courte`).toBeGreaterThan(40);
      }
      // Every case of the contract either runs here or is named above.
      expect([...casesRun, ...Object.keys(excluded)].sort()).toEqual([...ALL_CASES].sort());
    });
  });
}
