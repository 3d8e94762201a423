import type { ServiceName } from '@flywheel/contracts';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startCluster, startStack, type InstanceSpec, type Stack, type TestCluster } from '../../support/index.ts';
import { retryPortClash } from './port-clash.ts';

export interface SystemStack {
  cluster: TestCluster;
  model: ScriptedModel;
  s: Stack;
  stop(): Promise<void>;
}

/**
 * The system tier's set-up: a 3-node NATS cluster (streams and KV with 3 replicas), the scripted model, and the
 * given ws-hubs plus safety, coordination, cost and two agent-runners as processes, and the gateway.
 */
export async function startSystem(hubs: (ServiceName | InstanceSpec)[], runnerEnv: Record<string, string>): Promise<SystemStack> {
  const cluster = await retryPortClash(() => startCluster());
  const model = await startScriptedModel();
  try {
    const s = await retryPortClash(() =>
      startStack({
        nats: cluster,
        env: { STREAM_REPLICAS: '3' },
        services: [
          ...hubs,
          'safety',
          'coordination',
          { name: 'cost', mode: 'process' },
          { name: 'agent-runner', id: 'r1', mode: 'process', env: runnerEnv },
          { name: 'agent-runner', id: 'r2', mode: 'process', env: runnerEnv },
          'gateway-api',
        ],
      }),
    );
    return {
      cluster,
      model,
      s,
      async stop() {
        await s.stop();
        await model.close();
        await cluster.stop();
      },
    };
  } catch (err) {
    await model.close();
    await cluster.stop();
    throw err;
  }
}
