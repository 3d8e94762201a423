import { taskRpcs } from '@flywheel/contracts';
import { serve, type NatsConnection, type RpcCall } from '@flywheel/kit';
import type { CoordCore } from '../runtime/core.ts';
import type { Autopilot } from '../runtime/autopilot.ts';
import type { WorkFactPeers } from '../runtime/work-facts.ts';
import { projectVelocity } from '../runtime/velocity.ts';
import type { BeadsSync } from '../runtime/beads-sync.ts';
import {
  claimTask,
  completeTask,
  createTask,
  deleteTask,
  exportBeads,
  getTask,
  importBeads,
  listTasks,
  taskGraph,
  taskHistory,
  updateTask,
} from '../runtime/tasks.ts';

/** svc.coordination.tasks.*: the work graph. */
export function serveTasks(nc: NatsConnection, core: CoordCore, autopilot: Autopilot, cost: RpcCall, sync: BeadsSync, facts: WorkFactPeers) {
  const opts = { logger: core.logger, queue: 'coordination' };
  return [
    serve(nc, taskRpcs.create, (req, ctx) => createTask(core, req, ctx), opts),
    serve(nc, taskRpcs.list, (req, ctx) => listTasks(core, req, ctx), opts),
    serve(nc, taskRpcs.get, (req, ctx) => getTask(core, req.id, ctx), opts),
    serve(nc, taskRpcs.update, (req, ctx) => updateTask(core, req, ctx), opts),
    serve(nc, taskRpcs.delete, (req, ctx) => deleteTask(core, req, ctx), opts),
    serve(nc, taskRpcs.graph, (req, ctx) => taskGraph(core, req.projectId, ctx), opts),
    serve(nc, taskRpcs.history, (req, ctx) => taskHistory(core, req.id, ctx), opts),
    serve(nc, taskRpcs.claim, (req, ctx) => claimTask(core, req, ctx), opts),
    serve(nc, taskRpcs.complete, (req, ctx) => completeTask(core, req, ctx), opts),
    serve(nc, taskRpcs.import, (req, ctx) => importBeads(core, req, ctx), opts),
    serve(nc, taskRpcs.autopilot, (req, ctx) => autopilot.status(req.projectId, ctx), opts),
    serve(nc, taskRpcs.autopilotSet, (req, ctx) => autopilot.configure(req, ctx), opts),
    serve(nc, taskRpcs.autopilotPause, (req, ctx) => autopilot.pauseByPerson(req, ctx), opts),
    serve(nc, taskRpcs.beadsSync, (req, ctx) => sync.configure(req, ctx), opts),
    serve(nc, taskRpcs.velocity, (req, ctx) => projectVelocity(core, cost, facts, req, ctx), opts),
    serve(nc, taskRpcs.export, (req, ctx) => exportBeads(core, req.projectId, ctx), opts),
  ];
}
