#!/usr/bin/env node
/**
 * Compiles src/ into dist/ (tsc -p tsconfig.build.json) and records when that build started.
 *
 *   node scripts/build.mjs              always compiles (npm run build, npm ci's « prepare », npm test)
 *   node scripts/build.mjs --if-changed compiles only when a source changed since the last build
 *                                       (npm start, npm run moderato): silent and instant otherwise
 *
 * Dependency-free on purpose: it runs before anything else, also in the Docker build stage.
 * tsc's own output goes to stderr, so `npm run --silent moderato -- score --json` keeps a clean stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(ROOT, 'dist', '.build-stamp');
const ENTRY = join(ROOT, 'dist', 'cli.js');
/** What the compiled output depends on. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'].map((name) => join(ROOT, name));

/** Newest modification under a path; a folder's own time moves when a file is added, removed or renamed in it. */
function newestChange(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  let newest = stats.mtimeMs;
  if (stats.isDirectory()) for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
  return newest;
}

/** When the last successful build started (ms), or undefined when there is none. */
function lastBuildStart() {
  if (!existsSync(ENTRY)) return undefined;
  try {
    const started = Number(readFileSync(STAMP, 'utf8'));
    return Number.isFinite(started) ? started : undefined;
  } catch {
    return undefined;
  }
}

function isUpToDate() {
  const started = lastBuildStart();
  return started !== undefined && INPUTS.every((input) => newestChange(input) < started);
}

function compile() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('Compilation impossible : TypeScript n’est pas installé. Lancez d’abord « npm ci ».\n');
    return 1;
  }
  // The start time, not the end: a source saved during the build is newer, so the next run compiles again.
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) return result.status ?? 1;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  writeFileSync(STAMP, String(started));
  return 0;
}

const ifChanged = process.argv.includes('--if-changed');
// An installed copy without sources (a production image) has nothing to compile.
if (ifChanged && (!existsSync(join(ROOT, 'src')) || isUpToDate())) process.exit(0);
if (ifChanged) process.stderr.write('Sources modifiées depuis la dernière compilation : compilation de dist/…\n');
process.exit(compile());
