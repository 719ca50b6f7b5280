/**
 * Engine benchmark (issue: conversation engine). 1,000 simulated candidates run a whole practice
 * drill, interleaved event by event, through the engine on one SQLite file. Prints events per
 * second, latency per event (p50/p99) and database size per drill. Never asserts.
 * Run: npm run bench:engine [-- CANDIDATES]
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Envelope } from '../src/engine/engine.js';
import type { Inbound } from '../src/engine/views.js';
import { createLogger } from '../src/logger.js';
import { mb, ms, summarise } from './stats.js';

const CANDIDATES = Number(process.argv[2] ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'moderato-bench-'));
const databasePath = join(dir, 'bench.db');
const config = { ...loadConfig({}), databasePath };
const app = await createApp({ config, logger: createLogger('warn') });
const scenario = [...app.scenarios.values()][0]!;


interface Candidate {
  id: string;
  drillId?: string;
  next: number;
}

function* events(candidate: Candidate): Generator<Inbound, void, void> {
  yield { kind: 'command', name: 'start', args: [scenario.id, 'practice'] };
  const drillId = candidate.drillId!;
  for (const comment of scenario.comments) {
    yield { kind: 'choice', prompt: `needs:${drillId}:${comment.id}`, values: ['yes'] };
    yield { kind: 'choice', prompt: `actions:${drillId}:${comment.id}`, values: ['reply'] };
    yield {
      kind: 'form',
      form: `texts:${drillId}:${comment.id}:r`,
      values: {
        justification: `Il s'agit d'une ${comment.category} qui demande une réponse argumentée et rapide.`,
        reply: `Bonjour ${comment.author}, merci pour votre message, nous vous répondons en message privé. ${scenario.charter.signature ?? ''}`,
      },
    };
  }
  yield { kind: 'choice', prompt: `submit:${drillId}`, values: ['submit'] };
}

const candidates: Candidate[] = Array.from({ length: CANDIDATES }, (_, index) => ({ id: `bench-${index}`, next: 0 }));
const iterators = new Map<string, Generator<Inbound, void, void>>();
const latencies: number[] = [];
let eventCount = 0;
const started = performance.now();
let active = candidates.length;
while (active > 0) {
  active = 0;
  for (const candidate of candidates) {
    let iterator = iterators.get(candidate.id);
    if (!iterator) {
      iterator = events(candidate);
      iterators.set(candidate.id, iterator);
    }
    const step = iterator.next();
    if (step.done) continue;
    active += 1;
    const envelope: Envelope = { eventId: `${candidate.id}-${candidate.next++}`, platform: 'test', userId: candidate.id, displayName: candidate.id, event: step.value };
    const start = performance.now();
    app.engine.handle(envelope);
    latencies.push(performance.now() - start);
    eventCount += 1;
    if (!candidate.drillId) candidate.drillId = app.drills.store.latestOpenDrill(Number(app.db.prepare('SELECT learner_id FROM identities WHERE platform = ? AND platform_user_id = ?').pluck().get('test', candidate.id)));
  }
}
const elapsed = performance.now() - started;
const latency = summarise(latencies);
const scored = app.db.prepare('SELECT COUNT(*) FROM scores').pluck().get() as number;
app.db.pragma('wal_checkpoint(TRUNCATE)');
const size = statSync(databasePath).size;
app.close();

console.log(`${CANDIDATES} candidats · scénario ${scenario.id} (${scenario.comments.length} commentaires) · ${eventCount} événements · ${scored} copies notées`);
console.log(`Débit : ${Math.round(eventCount / (elapsed / 1000))} événements/s (${(elapsed / 1000).toFixed(1)} s au total)`);
console.log(`Latence par événement : p50 ${ms(latency.p50)} · p90 ${ms(latency.p90)} · p99 ${ms(latency.p99)} · max ${ms(latency.max)}`);
console.log(`Base : ${mb(size)} au total, ${(size / CANDIDATES / 1024).toFixed(1)} Ko par exercice`);
console.log(`Mémoire résidente : ${mb(process.memoryUsage().rss)}`);
