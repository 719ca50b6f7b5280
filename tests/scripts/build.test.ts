import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * The compiler tsc as far as the build script sees it: `tsc -p tsconfig.build.json` turns src/*.ts
 * into dist/*.js, prints its errors on stdout and exits 2. Each call is logged in calls.log.
 */
const FAKE_TSC = `
const { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
appendFileSync('calls.log', process.argv.slice(2).join(' ') + '\\n');
mkdirSync('dist', { recursive: true });
let failed = false;
for (const name of readdirSync('src')) {
  const source = readFileSync('src/' + name, 'utf8');
  if (source.includes('ERREUR')) {
    process.stdout.write('src/' + name + "(1,1): error TS2322: Type 'string' is not assignable to type 'number'.\\n");
    failed = true;
  }
  writeFileSync('dist/' + name.replace(/\\.ts$/, '.js'), source);
}
process.exit(failed ? 2 : 0);
`;

/** A project with moderato's build script and a stand-in compiler, so each case runs in milliseconds. */
function tinyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'moderato-build-'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
  mkdirSync(join(dir, 'node_modules/typescript/bin'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/typescript/package.json'), JSON.stringify({ name: 'typescript', version: '0.0.0' }));
  writeFileSync(join(dir, 'node_modules/typescript/bin/tsc'), FAKE_TSC);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tiny', type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), '{}');
  writeFileSync(join(dir, 'tsconfig.build.json'), '{}');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/cli.ts'), 'export const version = 1;\n');
  return dir;
}

const compilations = (dir: string) => (existsSync(join(dir, 'calls.log')) ? readFileSync(join(dir, 'calls.log'), 'utf8').trim().split('\n').length : 0);

function build(dir: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(dir, 'scripts/build.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('scripts/build.mjs --if-changed (npm start, npm run moderato)', () => {
  it('compiles when dist/ is missing, then does nothing and prints nothing while the sources are unchanged', () => {
    const dir = tinyProject();
    const first = build(dir, '--if-changed');
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(readFileSync(join(dir, 'dist/cli.js'), 'utf8')).toContain('version = 1');

    expect(build(dir, '--if-changed')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(build(dir, '--if-changed')).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(compilations(dir)).toBe(1);
  });

  it('always compiles without --if-changed (npm run build, npm ci, npm test)', () => {
    const dir = tinyProject();
    expect(build(dir).status).toBe(0);
    expect(build(dir).status).toBe(0);
    expect(compilations(dir)).toBe(2);
  });

  it('compiles again after a source is edited, added or removed, a tsconfig or package.json changes, or dist/ is deleted', () => {
    const dir = tinyProject();
    expect(build(dir).status).toBe(0);
    const changes: Array<() => void> = [
      () => writeFileSync(join(dir, 'src/cli.ts'), 'export const version = 2;\n'),
      () => writeFileSync(join(dir, 'src/extra.ts'), 'export const extra = true;\n'),
      () => rmSync(join(dir, 'src/extra.ts')),
      () => writeFileSync(join(dir, 'tsconfig.build.json'), '{ "compilerOptions": {} }'),
      () => writeFileSync(join(dir, 'tsconfig.json'), '{ "compilerOptions": {} }'),
      () => writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'tiny', type: 'module', version: '1.0.0' })),
      () => rmSync(join(dir, 'dist'), { recursive: true }),
    ];
    for (const [index, change] of changes.entries()) {
      change();
      const run = build(dir, '--if-changed');
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/compilation/);
      expect(compilations(dir)).toBe(index + 2);
    }
    expect(readFileSync(join(dir, 'dist/cli.js'), 'utf8')).toContain('version = 2');
  });

  it('keeps trying after a failed compilation, with the compiler errors on stderr and nothing on stdout', () => {
    const dir = tinyProject();
    expect(build(dir).status).toBe(0);
    writeFileSync(join(dir, 'src/cli.ts'), 'export const version: number = "ERREUR";\n');
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const run = build(dir, '--if-changed');
      expect(run.status).not.toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/src\/cli\.ts\(1,1\): error TS2322/);
      expect(compilations(dir)).toBe(1 + attempt);
    }
  });
});

const builtAt = (file: string) => statSync(file).mtimeMs;

describe('npm scripts of the repository', () => {
  it('npm start and npm run moderato reuse an up-to-date dist/ instead of compiling it again', () => {
    // Up to date first (a no-op after `npm test`'s own build).
    expect(build(ROOT, '--if-changed').status).toBe(0);
    const compiledAt = builtAt(join(ROOT, 'dist/cli.js'));
    const npm = (args: string[]) => spawnSync('npm', args, { cwd: ROOT, encoding: 'utf8', input: '', timeout: 30_000, env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_PATH: join(mkdtempSync(join(tmpdir(), 'moderato-start-')), 'moderato.db') } });

    const help = npm(['run', '--silent', 'moderato', '--', 'help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Utilisation : moderato <commande>/);
    const start = npm(['start', '--silent']);
    expect(start.status).toBe(0);
    expect(start.stdout).toContain('Votre choix');

    expect(builtAt(join(ROOT, 'dist/cli.js'))).toBe(compiledAt);
  }, 90_000);
});
