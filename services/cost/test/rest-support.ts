/** The cost service behind the real gateway, and a small fetch helper for its REST routes. */
import { startService, type RunningService } from '@flywheel/kit';
import { freePort } from '@flywheel/kit/testing';
import { GatewayDefinition } from '../../gateway-api/src/service.ts';
import { startCostHarness, type CostHarness } from './support.ts';

export interface RestHarness extends CostHarness {
  gw: RunningService;
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; text: string }>;
}

export async function startRestHarness(): Promise<RestHarness> {
  const h = await startCostHarness();
  const gw = await startService(GatewayDefinition, { ...h.env, PORT: '0', HOST: '127.0.0.1', WS_HUB_URL: `http://127.0.0.1:${await freePort()}` });
  const base = `http://127.0.0.1:${(gw.instance as unknown as { port: number }).port}/api/v1/cost-analytics`;
  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return {
    ...h, gw, api,
    async stop() {
      await gw.stop();
      await h.stop();
    },
  };
}

/** Token usage with zeros for what the test does not set. */
export const tokens = (over: object) => ({ inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, ...over });
