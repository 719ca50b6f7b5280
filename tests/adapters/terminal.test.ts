import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const SCENARIO = 'boutique-en-ligne-retard';
const COMMENTS = 8;

/** One comment answered through the menus: needs action → actions (numbers) → texts, each ended by an empty line. */
function answerLines(actions: string, texts: string[]): string[] {
  return ['1', actions, ...texts.flatMap((text) => [text, ''])];
}

function database(): string {
  return join(mkdtempSync(join(tmpdir(), 'moderato-term-')), 'm.db');
}

describe('terminal drill (piped input, no TTY)', () => {
  it('runs a whole practice drill to its feedback', () => {
    const lines = [
      ...answerLines('2', ['Réclamation d’un client mécontent du retard de livraison.', 'Bonjour, nous sommes désolés pour ce retard. L’équipe Maison Lina']),
      // A check fails on each: « 2 » past the offer to rewrite, to the next comment.
      '2',
      // « Non » everywhere else; the last comment needs no action, the others get the offer to rewrite.
      ...Array.from({ length: COMMENTS - 2 }, () => ['2', '2']).flat(),
      '2',
      '1',
    ];
    const run = runCli(['drill', '--scenario', SCENARIO, '--practice'], { input: `${lines.join('\n')}\n`, env: { DATABASE_PATH: database() } });
    expect(run.stderr).not.toMatch(/Error|at .*\.js:\d+/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Commentaire 1/8');
    expect(run.stdout).toContain('Retour sur ce commentaire');
    expect(run.stdout).toContain('Commentaire 8/8');
    expect(run.stdout).toContain('Résultats');
    expect(run.stdout).toMatch(/Cr7\.1 .*: \d+\s% \(\d+\/\d+\)/);
    expect(run.stdout).toMatch(/Cr7\.2 .*: \d+\s% \(\d+\/\d+\)/);
  });

  it('answers an unknown choice with a helpful message, not a crash', () => {
    const run = runCli(['drill', '--scenario', SCENARIO, '--practice'], { input: '9\nabc\n', env: { DATABASE_PATH: database() } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('« 9 » n’est pas un choix : tapez un numéro entre 1 et 2');
    expect(run.stdout).toContain('« abc » n’est pas un choix');
  });

  it('keeps every answer when stopped and offers to resume at the next comment', () => {
    const db = database();
    const first = runCli(['drill', '--scenario', SCENARIO, '--practice'], { input: `${['2', '2', '2', '2', '2', '2'].join('\n')}\n`, env: { DATABASE_PATH: db } }); // « Non », « Commentaire suivant » three times
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Réponse enregistrée (Commentaire 3/8)');
    const second = runCli(['drill'], { input: '1\n', env: { DATABASE_PATH: db } });
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('est en cours. Le reprendre ?');
    expect(second.stdout).toContain('Commentaire 4/8');
  });
});

describe('the terminal drill outside the repository', () => {
  it('finds the bundled scenarios whatever the working directory (a service, a container)', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'moderato-cwd-'));
    const run = runCli(['drill', '--scenario', SCENARIO, '--practice'], { input: '2\n', env: { DATABASE_PATH: database() }, cwd: elsewhere });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Réponse enregistrée (Commentaire 1/8)');
  });

  it('stops quietly, answers kept, when its reader goes away (moderato drill | head)', async () => {
    const databasePath = database();
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), 'drill', '--scenario', SCENARIO, '--practice'], { cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath, LOG_LEVEL: 'warn' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // The first screen arrives, then the reader closes its end: the next write meets EPIPE.
    await new Promise((resolve) => child.stdout.once('data', resolve));
    child.stdout.destroy();
    child.stdin.end('2\n2\n');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const resumed = runCli(['drill'], { input: '1\n', env: { DATABASE_PATH: databasePath } });
    expect(resumed.stdout).toContain('est en cours. Le reprendre ?');
  });

  it('saves a data export as a file in the working directory, never over an existing one', () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'moderato-export-'));
    const databasePath = database();
    runCli(['drill', '--scenario', SCENARIO, '--practice'], { input: '2\n', env: { DATABASE_PATH: databasePath } });
    const run = runCli(['drill'], { input: 'privacy export\nprivacy export\n', env: { DATABASE_PATH: databasePath }, cwd: elsewhere });
    expect(run.stdout).toContain(`Document enregistré : ${join(elsewhere, 'mes-donnees-moderato.json')} (Vos données moderato (JSON))`);
    expect(run.stdout).toContain(`Document enregistré : ${join(elsewhere, 'mes-donnees-moderato-2.json')}`);
    const exported = JSON.parse(readFileSync(join(elsewhere, 'mes-donnees-moderato.json'), 'utf8')) as { drills: unknown[]; drill_events: Array<{ type: string }> };
    expect(exported.drills).toHaveLength(1);
    expect(exported.drill_events.map((event) => event.type)).toEqual(['started', 'answered']);
    expect(statSync(join(elsewhere, 'mes-donnees-moderato.json')).mode & 0o777).toBe(0o600);
  });
});
