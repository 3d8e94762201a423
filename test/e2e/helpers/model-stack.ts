import { waitFor } from '@flywheel/kit/testing';
import { startScriptedModel, type ScriptedModel } from '@flywheel/scripted-model';
import { startStack, type InstanceSpec, type Stack, type StackOptions } from '../../support/index.ts';

/** What the runner says to an agent it resumes after a usage limit (its USAGE_RESUME_MESSAGE in these tests). */
export const RESUME_MESSAGE = 'The limit has reset: carry on.';

/** Safety without the coordination check: it answers the guard hooks of the agents, no coordination service needed. */
export const SAFETY_ALONE: InstanceSpec = { name: 'safety', env: { COORDINATION_CHECK: 'off' } };

/** The scripted model, then a stack of real services; the model is closed again when the stack fails to start. */
export async function startWithModel(opts: StackOptions): Promise<{ model: ScriptedModel; h: Stack }> {
  const model = await startScriptedModel();
  try {
    return { model, h: await startStack(opts) };
  } catch (err) {
    await model.close();
    throw err;
  }
}

/** Stops what startWithModel started (either is missing when its start failed). */
export async function stopWithModel(h: Stack | undefined, model: ScriptedModel | undefined): Promise<void> {
  await h?.stop();
  await model?.close();
}

/** Waits (polling its REST record) until the agent is paused; returns that record. */
export function waitPaused(h: Stack, id: string, what = 'paused at the limit'): Promise<any> {
  return waitFor(
    async () => {
      const a = (await h.http('GET', `/agents/${id}`)).body;
      return a.state === 'paused' ? a : undefined;
    },
    { what, timeoutMs: 60_000, intervalMs: 50 },
  );
}
