// Records what Claude Code 2.1.x reports as costUSD for known usage: the cost service's pricing oracle.
// Run from the repo root: node --import tsx tools/scripted-model/scripts/record-cost-observations.ts
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startScriptedModel } from '../src/index.ts';
import { COST_MODELS, COST_USAGES, TIER_CASES, mapLimit, observeCost, type CostObservation } from '../test/helpers/cost-cases.ts';

const OUT = resolve(import.meta.dirname, '../test/fixtures/claude-cost-observations.json');

const model = await startScriptedModel();
try {
  const cases = [...COST_MODELS.flatMap((m) => COST_USAGES.map((usage) => ({ model: m, usage }))), ...TIER_CASES];
  const observations = await mapLimit(cases, 3, async (c, i): Promise<CostObservation> => ({
    ...c,
    reportedCostUSD: await observeCost(model, c.model, c.usage, `sk-record-${i}`),
  }));
  await writeFile(OUT, `${JSON.stringify(observations, null, 2)}\n`);
  process.stdout.write(`wrote ${observations.length} observations to ${OUT}\n`);
} finally {
  await model.close();
}
