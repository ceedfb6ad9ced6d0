// The four wrangler calls a release and a rollback make, behind one interface: real, or printed (--plan).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Deployment, parseDeployments } from './deployments.ts';

export interface Traffic {
  versionId: string;
  percentage: number;
}

export interface WranglerCalls {
  deployments(): Promise<Deployment[]>;
  /** `wrangler versions upload`: a new version that serves no traffic yet; answers its ID. */
  upload(tag: string, message: string): Promise<string>;
  /** `wrangler versions deploy id@p …`: at most two versions, percentages adding up to 100. */
  deploy(traffic: Traffic[], message: string): Promise<void>;
  /** `wrangler rollback id`: the version at 100% at once (code only: data stays as it is). */
  rollback(versionId: string, message: string): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The argument list of each call, shared by the real runner and the printed plan. */
export const commands = {
  deployments: (env: string) => ['deployments', 'list', '--json', '--env', env],
  upload: (env: string, tag: string, message: string) => [
    'versions',
    'upload',
    '--env',
    env,
    '--tag',
    tag,
    '--message',
    message,
  ],
  deploy: (env: string, traffic: Traffic[], message: string) => [
    'versions',
    'deploy',
    ...traffic.map((t) => `${t.versionId}@${t.percentage}`),
    '--message',
    message,
    '--yes',
    '--env',
    env,
  ],
  rollback: (env: string, versionId: string, message: string) => [
    'rollback',
    versionId,
    '--message',
    message,
    '--yes',
    '--env',
    env,
  ],
};

function wranglerBin(): string {
  return path.join(
    path.dirname(createRequire(import.meta.url).resolve('wrangler/package.json')),
    'bin',
    'wrangler.js',
  );
}

/** Runs wrangler for real (needs CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID). */
export function realWrangler(env: string, log: (line: string) => void): WranglerCalls {
  const run = (args: string[], extraEnv: Record<string, string> = {}): string => {
    log(`$ wrangler ${args.join(' ')}`);
    const result = spawnSync(process.execPath, [wranglerBin(), ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...extraEnv },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 16 * 1024 * 1024,
    });
    if (result.status !== 0)
      throw new Error(`wrangler ${args[0]} ${args[1] ?? ''} failed (${result.status})`);
    return result.stdout;
  };
  return {
    async deployments() {
      return parseDeployments(run(commands.deployments(env)));
    },
    async upload(tag, message) {
      // wrangler writes one JSON line per command to this file; the version ID is read there, not from prose.
      const dir = mkdtempSync(path.join(tmpdir(), 'doorman-upload-'));
      const file = path.join(dir, 'output.ndjson');
      try {
        log(run(commands.upload(env, tag, message), { WRANGLER_OUTPUT_FILE_PATH: file }).trim());
        return uploadedVersion(readFileSync(file, 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    async deploy(traffic, message) {
      log(run(commands.deploy(env, traffic, message)).trim());
    },
    async rollback(versionId, message) {
      log(run(commands.rollback(env, versionId, message)).trim());
    },
  };
}

/** The version ID in wrangler's output file after `versions upload`. */
export function uploadedVersion(ndjson: string): string {
  for (const line of ndjson.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { type?: string; version_id?: string };
    if (entry.type === 'version-upload' && entry.version_id) return entry.version_id;
  }
  throw new Error('wrangler versions upload reported no version ID');
}

/** Prints each call instead of making it (--plan); invents IDs and a history so the plan reads to the end. */
export function printedWrangler(env: string, log: (line: string) => void) {
  return {
    async deployments() {
      log(`$ wrangler ${commands.deployments(env).join(' ')}`);
      return [
        { id: 'd1', created_on: '1', versions: [{ version_id: '<previous-version>', percentage: 100 }] },
        { id: 'd2', created_on: '2', versions: [{ version_id: '<current-version>', percentage: 100 }] },
      ];
    },
    async upload(tag: string, message: string) {
      log(`$ wrangler ${commands.upload(env, tag, message).join(' ')}`);
      return '<new-version>';
    },
    async deploy(traffic: Traffic[], message: string) {
      log(`$ wrangler ${commands.deploy(env, traffic, message).join(' ')}`);
    },
    async rollback(versionId: string, message: string) {
      log(`$ wrangler ${commands.rollback(env, versionId, message).join(' ')}`);
    },
  } satisfies WranglerCalls;
}
