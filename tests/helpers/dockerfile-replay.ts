import { exec } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';

/**
 * Replays a Dockerfile's COPY and RUN steps in a temporary directory, one folder per stage standing
 * for that stage's filesystem (no Docker engine runs here). Steps that only prepare the base system
 * (apt packages, the global npm, the /data mount point) cannot run on the host: they are listed as
 * `system` for the caller to check, never silently dropped.
 */

export interface Stage {
  name: string;
  image: string;
  /** The folder standing for the stage's « / ». */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  volumes: string[];
  healthcheck: { flags: Record<string, string>; command: string[] } | undefined;
  cmd: string[] | undefined;
  stopSignal: string | undefined;
  /** RUN steps run on the host, in order. */
  replayed: string[];
  /** RUN steps that prepare the base system, left to the image build. */
  system: string[];
}

const run = promisify(exec);

/** What a RUN may do to the base system only (checked by the caller, never run on the host). */
const SYSTEM_STEPS = [/^apt-get update && apt-get install /, /^npm install -g npm@\d+\.\d+\.\d+$/, /^mkdir -p \/data && chown node:node \/data && ln -s \/data \/app\/data$/];

/** Patterns of .dockerignore as simple names or `*.ext`, matched against each path segment. */
function ignoreFilter(context: string): (path: string) => boolean {
  let patterns: string[] = [];
  try {
    patterns = readFileSync(join(context, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  } catch {
    patterns = [];
  }
  const matchers = patterns.map((pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`));
  return (path: string) => !relative(context, path).split('/').some((segment) => matchers.some((matcher) => matcher.test(segment)));
}

function inStage(stage: Stage, path: string): string {
  return isAbsolute(path) ? join(stage.root, path) : join(stage.root, stage.workdir, path);
}

function jsonList(text: string, what: string): string[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) throw new Error(`${what} : forme exec (liste JSON) attendue, lu ${text}`);
  return parsed;
}

export async function replayDockerfile(context: string, workspace: string, options: { runEnv?: NodeJS.ProcessEnv } = {}): Promise<Stage[]> {
  const dockerfile = DockerfileParser.parse(readFileSync(join(context, 'Dockerfile'), 'utf8'));
  const keep = ignoreFilter(context);
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    const content = instruction.getArgumentsContent() ?? '';
    const flags = Object.fromEntries(('getFlags' in instruction && typeof instruction.getFlags === 'function' ? (instruction.getFlags() as Array<{ getName(): string; getValue(): string | null }>) : []).map((flag) => [flag.getName(), flag.getValue() ?? '']));
    if (keyword === 'FROM') {
      const [image, , name] = content.split(/\s+/);
      stage = { name: name ?? `stage${stages.length}`, image: image!, root: join(workspace, name ?? `stage${stages.length}`), workdir: '/', env: {}, user: undefined, volumes: [], healthcheck: undefined, cmd: undefined, stopSignal: undefined, replayed: [], system: [] };
      mkdirSync(stage.root, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} avant tout FROM`);
    const current: Stage = stage;
    switch (keyword) {
      case 'WORKDIR':
        current.workdir = isAbsolute(content) ? content : join(current.workdir, content);
        mkdirSync(join(current.root, current.workdir), { recursive: true });
        break;
      case 'ENV':
        for (const pair of content.split(/\s+/)) {
          const [name, ...value] = pair.split('=');
          current.env[name!] = value.join('=');
        }
        break;
      case 'COPY': {
        const parts = content.split(/\s+/);
        const destination = parts.pop()!;
        const from = flags.from ? stages.find((candidate) => candidate.name === flags.from) : undefined;
        if (flags.from && !from) throw new Error(`COPY --from=${flags.from} : étape inconnue`);
        for (const source of parts) {
          const origin = from ? join(from.root, source) : join(context, source);
          const target = destination.endsWith('/') ? join(inStage(current, destination), basename(source)) : inStage(current, destination);
          cpSync(origin, target, { recursive: true, filter: from ? () => true : keep });
        }
        break;
      }
      case 'RUN':
        if (SYSTEM_STEPS.some((step) => step.test(content))) {
          current.system.push(content);
          break;
        }
        // Asynchronous: an install takes a minute, the test runner's worker must stay responsive.
        await run(content, { cwd: join(current.root, current.workdir), env: { ...process.env, ...options.runEnv }, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
        current.replayed.push(content);
        break;
      case 'USER':
        current.user = content;
        break;
      case 'VOLUME':
        current.volumes.push(...(content.startsWith('[') ? jsonList(content, 'VOLUME') : content.split(/\s+/)));
        break;
      case 'HEALTHCHECK':
        current.healthcheck = { flags, command: jsonList(content.replace(/^CMD\s+/, ''), 'HEALTHCHECK CMD') };
        break;
      case 'CMD':
        current.cmd = jsonList(content, 'CMD');
        break;
      case 'STOPSIGNAL':
        current.stopSignal = content;
        break;
      default:
        throw new Error(`instruction non rejouée : ${keyword} (à ajouter au rejeu)`);
    }
  }
  return stages;
}

/** A path of the image (/data/moderato.db) in the replayed stage's folder. */
export function hostPath(stage: Stage, path: string): string {
  return inStage(stage, path);
}
