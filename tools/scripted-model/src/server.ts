import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestLog, type RecordedRequest } from './request-log.ts';
import { createRouter } from './router.ts';
import { Turn, Turns, type TurnInput } from './script-schema.ts';
import { createScriptStore, DEFAULT_SCRIPT_KEY, type ScriptStatus } from './script-store.ts';

export interface ScriptedModelOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** The default script: played to every caller whose key has no script of its own. */
  script?: TurnInput[];
  /** Scripts keyed by `x-script-key` / API key. */
  scripts?: Record<string, TurnInput[]>;
  /** Answer once a script has run out; default text `ok`, end_turn, zero usage. */
  defaultReply?: TurnInput;
  /** Answer Claude Code's side requests (title, quota probe) without consuming turns; default true. */
  detectSideRequests?: boolean;
  /** Size of the request log; default 1000. */
  maxRecordedRequests?: number;
}

export interface ScriptedModel {
  url: string;
  port: number;
  /** Loads or replaces the script for `key` (`default` for the shared one) and rewinds it. */
  setScript(key: string, turns: TurnInput[], defaultReply?: TurnInput): void;
  scriptStatus(): Record<string, ScriptStatus>;
  requests(): RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

/** Starts an Anthropic Messages API compatible server that plays scripted turns. */
export async function startScriptedModel(options: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  const store = createScriptStore(Turn.parse(options.defaultReply ?? {}));
  const log = createRequestLog(options.maxRecordedRequests ?? 1000);
  const setScript = (key: string, turns: TurnInput[], reply?: TurnInput) =>
    store.set(key, Turns.parse(turns), reply === undefined ? undefined : Turn.parse(reply));
  setScript(DEFAULT_SCRIPT_KEY, options.script ?? []);
  for (const [key, turns] of Object.entries(options.scripts ?? {})) setScript(key, turns);

  const route = createRouter({ store, log, detectSideRequests: options.detectSideRequests ?? true });
  const server = createServer((req, res) => void route(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    setScript,
    scriptStatus: () => store.status(),
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
