import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runHook } from './hook.ts';
import { hookEnv, type HookFlags } from './hook-env.ts';
import type { LocalOptions } from './local.ts';

const USAGE = `usage: flywheel-guard hook [--format claude|gemini|codex] [--nats URL] [--namespace NS] [--local]
       flywheel-guard install [--project DIR] [--nats URL] [--namespace NS] [--agent claude|codex|gemini] [--gateway URL] [--key-env VAR] [--command]
         (claude: an HTTP hook on the gateway (FLYWHEEL_GATEWAY_URL) when it answers, authenticated by $VAR
          (FLYWHEEL_AGENT_TOKEN); the command hook otherwise, or with --command)
       flywheel-guard test FILE [--packs a,b] [--pack custom.yaml]...
env: NATS_URL, FLYWHEEL_NAMESPACE (fw), FLYWHEEL_GUARD_TIMEOUT_MS (1500), FLYWHEEL_AGENT_ID, FLYWHEEL_ACCOUNT_ID, FLYWHEEL_PROJECT_ID, FLYWHEEL_ISOLATION_ROOT, DCG_PACKS, GUARD_FAIL_MODE (open|closed)
`;

const out = (s: string) => void process.stdout.write(s);
const err = (s: string) => void process.stderr.write(s);
const list = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function readStdin(): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (c: Buffer) => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function localOptions(v: { packs?: string; pack?: string[] }): LocalOptions {
  return { packs: list(v.packs ?? process.env.DCG_PACKS), customFiles: v.pack ?? [], failMode: process.env.GUARD_FAIL_MODE === 'closed' ? 'closed' : 'open' };
}

async function hook(v: Record<string, string | boolean | string[] | undefined>, opts: MainOptions): Promise<number> {
  const env = hookEnv(v as HookFlags, process.env);
  const r = await runHook(
    { ...env, localOnly: env.localOnly || opts.serviceTried === true, serviceTried: opts.serviceTried },
    opts.stdin ?? (await readStdin()),
  );
  if (r.stdout) out(`${r.stdout}\n`);
  if (r.stderr) err(r.stderr);
  return 0;
}

/** Any HTTP answer from the gateway's /health within a second counts: the route itself needs no more. */
async function reachable(gateway: string): Promise<boolean> {
  try {
    await fetch(`${gateway.replace(/\/+$/, '')}/health`, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

async function install(v: Record<string, string | boolean | string[] | undefined>, bin: string): Promise<number> {
  const { installHook, installClaudeHttpHook } = await import('./install.ts');
  const agent = (v.agent as string | undefined) ?? 'claude';
  if (agent !== 'claude' && agent !== 'codex' && agent !== 'gemini') return (err(USAGE), 2);
  const gateway = (v.gateway as string | undefined) ?? process.env.FLYWHEEL_GATEWAY_URL;
  if (agent === 'claude' && gateway && v.command !== true) {
    if (await reachable(gateway)) {
      const keyEnv = (v['key-env'] as string | undefined) ?? 'FLYWHEEL_AGENT_TOKEN';
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) return (err(`--key-env must name an environment variable, got ${keyEnv}\n`), 2);
      const r = installClaudeHttpHook((v.project as string) ?? process.cwd(), gateway, keyEnv);
      out(`${r.changed ? 'installed the PreToolUse HTTP hook in' : 'already installed in'} ${r.file}\n`);
      return 0;
    }
    err(`flywheel-guard: the gateway at ${gateway} did not answer; installing the command hook instead\n`);
  }
  const nats = `${v.nats ? ` --nats ${JSON.stringify(v.nats)}` : ''}${v.namespace ? ` --namespace ${JSON.stringify(v.namespace)}` : ''}`;
  const r = installHook(
    agent,
    (v.project as string) ?? process.cwd(),
    `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} hook --format ${agent}${nats}`,
  );
  out(`${r.changed ? `installed the ${agent === 'gemini' ? 'BeforeTool' : 'PreToolUse'} hook in` : 'already installed in'} ${r.file}\n`);
  return 0;
}

async function policyTest(file: string | undefined, v: { packs?: string; pack?: string[] }): Promise<number> {
  if (!file) return (err(USAGE), 2);
  const [{ runPolicyCases }, { localEngine }] = await Promise.all([import('./policy-test.ts'), import('./local.ts')]);
  const { results, errors } = runPolicyCases(readFileSync(file, 'utf8'), localEngine(localOptions(v)));
  for (const r of results)
    out(`${r.ok ? 'ok  ' : 'FAIL'} ${r.command} → ${r.actual}${r.ok ? '' : ` (expected ${r.expected})`}${r.ruleId ? ` [${r.ruleId}]` : ''}\n`);
  for (const e of errors) err(`${e}\n`);
  const failed = results.filter((r) => !r.ok).length;
  out(`${results.length - failed}/${results.length} passed\n`);
  return failed || errors.length ? 1 : 0;
}

/** The CLI entry: hook mode must always exit 0 (any other code lets Claude Code run the tool). */
export interface MainOptions {
  bin: string;
  /** Hook stdin already read by the fast path. */
  stdin?: string;
  /** The fast path already asked the service and got no answer: go straight to the local engine. */
  serviceTried?: boolean;
}

export async function main(argv: string[], opts: MainOptions): Promise<number> {
  const [cmd, ...rest] = argv;
  const { values: v, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    strict: false,
    options: {
      format: { type: 'string' },
      nats: { type: 'string' },
      namespace: { type: 'string' },
      local: { type: 'boolean' },
      project: { type: 'string' },
      agent: { type: 'string' },
      gateway: { type: 'string' },
      'key-env': { type: 'string' },
      command: { type: 'boolean' },
      packs: { type: 'string' },
      pack: { type: 'string', multiple: true },
    },
  });
  if (cmd === 'hook') return hook(v, opts);
  if (cmd === 'install') return install(v, opts.bin);
  if (cmd === 'test') return policyTest(positionals[0], v as { packs?: string; pack?: string[] });
  err(USAGE);
  return 2;
}
