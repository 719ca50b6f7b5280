/**
 * Spelling benchmark (check `spelling`): loads hunspell-asm with dictionary-fr once, then checks a
 * few hundred realistic replies of about 40 words, some with mistakes. Prints the load time, RSS
 * before and after loading, and check throughput: words per second and µs per reply (p50/p99),
 * first with an empty word cache (the first scoring), then warm (every scoring after). Never asserts.
 * Run: npm run bench:spelling [-- REPLIES]   (or npx tsx bench/spelling-load.ts)
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadSpeller, spellingAllowListSchema, wordsOf } from '../src/core/text/spelling.js';
import { mb, summarise } from './stats.js';

const REPLIES = Number(process.argv[2] ?? 400);

const openings = ['Bonjour Julie,', 'Bonsoir Marc,', 'Merci pour votre message,', 'Bonjour @julie_r,', 'Merci beaucoup 😊', 'Bonjour à tous,', 'Hello Sarah !'];
const middles = [
  "nous sommes sincèrement désolés pour ce désagrément et nous comprenons votre déception face à ce retard de livraison.",
  "l'équipe du SAV a bien reçu votre demande et revient vers vous aujourd'hui, c'est-à-dire avant 18 h.",
  'votre commande n° 48213 est partie ce matin ; vous pouvez suivre le colis sur https://exemple-boutique.fr/suivi.',
  "n'hésitez pas à nous écrire en message privé pour que nous puissions vérifier votre dossier rapidement.",
  'merci à toutes nos client·e·s pour leur fidélité : le click & collect reste disponible dans les deux boutiques.',
  'peut-être pourriez-vous nous indiquer la référence du produit ? Dites-le-nous en DM et nous regarderons.',
  'la réouverture est prévue mardi 12 mars à 7h00, avec la galette à 10€ et le pain fait maison.',
  "nous avons transmis votre suggestion à l’équipe produit, qui étudie chaque idée de la communauté avec attention.",
  'le replay du live est en ligne sur notre chaîne, et la newsletter de vendredi donnera tous les détails.',
  'nous vous remercions de votre patience et de votre compréhension pendant la mise à jour de l’appli.',
];
const typos = ['désollé', 'merçi', 'rembourssement', 'occurence', 'apeller', 'dévelopement', 'acceuil', 'recu'];
const closings = ['Belle journée, L’équipe Martin', 'À très bientôt ! L’équipe', 'Cordialement, le service client', 'Bonne soirée 🌙', '#faitmaison'];

/** A small deterministic generator, so that every run checks the same replies. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

function replies(count: number): string[] {
  const next = random(42);
  return Array.from({ length: count }, () => {
    let body = `${pick(next, middles)} ${pick(next, middles)}`;
    // One reply in four has a mistake.
    if (next() < 0.25) body = body.replace(/\bcommande\b|\bnous\b/, pick(next, typos));
    return `${pick(next, openings)} ${body} ${pick(next, closings)}`;
  });
}

const wordCount = (text: string): number => text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

const allowList = spellingAllowListSchema.parse(parse(readFileSync(new URL('../lexicons/spelling-allow.yaml', import.meta.url), 'utf8')));
const scenarioWords = wordsOf(['Boulangerie Martin', 'Réouverture le mardi 12 mars à 7 h.', 'Julie R. : toujours fermé ?']);
const texts = replies(REPLIES);
const words = texts.reduce((sum, text) => sum + wordCount(text), 0);

globalThis.gc?.();
const rssBefore = process.memoryUsage().rss;
const loadStart = performance.now();
const speller = await loadSpeller(allowList);
const loadMs = performance.now() - loadStart;
const rssAfter = process.memoryUsage().rss;

function pass(): { totalMs: number; perReplyUs: number[]; found: number } {
  const perReplyUs: number[] = [];
  let found = 0;
  const start = performance.now();
  for (const text of texts) {
    const before = performance.now();
    found += speller.check(text, scenarioWords).length;
    perReplyUs.push((performance.now() - before) * 1000);
  }
  return { totalMs: performance.now() - start, perReplyUs, found };
}

const cold = pass();
for (let round = 0; round < 4; round += 1) pass();
const warm = pass();

const prepareStart = performance.now();
speller.prepareSuggestions();
const prepareMs = performance.now() - prepareStart;
const suggestStart = performance.now();
const suggestions = speller.suggest('rembourssement');
const suggestMs = performance.now() - suggestStart;

const line = (label: string, result: ReturnType<typeof pass>) => {
  const stats = summarise(result.perReplyUs);
  const wordsPerSecond = Math.round(words / (result.totalMs / 1000));
  return `${label}: ${wordsPerSecond.toLocaleString('en')} words/s, per reply p50 ${stats.p50.toFixed(1)} µs, p99 ${stats.p99.toFixed(1)} µs, max ${stats.max.toFixed(1)} µs (${result.found} misspellings)`;
};

console.log(`spelling: ${texts.length} replies, ${words} words (${(words / texts.length).toFixed(1)} per reply)`);
console.log(`load: ${loadMs.toFixed(0)} ms; RSS ${mb(rssBefore)} → ${mb(rssAfter)} (+${mb(rssAfter - rssBefore)})`);
console.log(line('cold cache', cold));
console.log(line('warm cache', warm));
console.log(`suggestion index: ${prepareMs.toFixed(0)} ms (see npm run bench:suggest); suggest('rembourssement'): ${suggestMs.toFixed(2)} ms → ${suggestions.join(', ')}`);
console.log(`RSS at the end: ${mb(process.memoryUsage().rss)}`);
