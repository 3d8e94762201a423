import { AppError, newId, type AgentDriver as DriverName, type AgentInfo, type Isolation } from '@flywheel/contracts';
import { stat } from 'node:fs/promises';
import { toInfo } from '../domain/agent-record.ts';
import type { AgentDriver, DriverSpec } from './drivers/driver.ts';
import type { Ctx, RuntimeCore } from './runtime-deps.ts';
import { locateProject } from './project.ts';
import { placeAgent } from './worktrees.ts';
import { runSetup } from './worktree-setup.ts';

export interface SpawnInput {
  driver: DriverName;
  name?: string;
  workingDirectory: string;
  model?: string;
  prompt?: string;
  env?: Record<string, string>;
  command?: string[];
  projectId?: string;
  accountId?: string;
  profileId?: string;
  resumeSessionId?: string;
  isolation?: Isolation;
  baseRef?: string;
}

/** The driver that runs this spawn; BAD_REQUEST when it is missing or cannot do what is asked. */
function driverFor(d: RuntimeCore, input: SpawnInput): AgentDriver {
  const driver = d.drivers[input.driver];
  if (!driver) throw new AppError('BAD_REQUEST', `driver ${input.driver} is not available on this runner`);
  if ((input.driver === 'acp' || input.driver === 'tmux') && !input.command) throw new AppError('BAD_REQUEST', `driver ${input.driver} needs a command`);
  if (input.resumeSessionId && !driver.resumable) throw new AppError('BAD_REQUEST', `driver ${input.driver} cannot resume sessions`);
  return driver;
}

/**
 * The working directory must be a directory on this runner, for every driver: otherwise the SDK reports a libc
 * problem of its binary and tmux starts a pane in its own cwd and calls the agent ready.
 */
async function checkWorkingDirectory(dir: string): Promise<void> {
  const bad = (why: string) => new AppError('BAD_REQUEST', `invalid body: workingDirectory: ${why}`, { issues: [{ path: 'workingDirectory', message: why }] });
  if (!dir.startsWith('/')) throw bad(`must be an absolute path, got ${JSON.stringify(dir)}`);
  const st = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    throw bad(err.code === 'ENOENT' ? `${dir} does not exist on this runner` : `${dir} cannot be read (${err.code ?? err.message})`);
  });
  if (!st.isDirectory()) throw bad(`${dir} is not a directory`);
}

/** Checks the budget, stores the agent as spawning → initializing, then starts its driver session. */
export async function spawnAgent(d: RuntimeCore, input: SpawnInput, ctx: Ctx): Promise<AgentInfo> {
  const driver = driverFor(d, input);
  await checkWorkingDirectory(input.workingDirectory);
  const id = newId('agt');
  const accountId = input.accountId ?? ctx.accountId;
  const where = await locateProject(input.workingDirectory);
  const projectId = input.projectId ?? where.projectId;
  await d.budget({ agentId: id, accountId, projectId, model: input.model });
  const name = input.name ?? id;
  // worktree isolation: its own `git worktree` and branch (docs/worktrees.md); bad input is refused before anything is stored.
  const place = await placeAgent({ workingDirectory: input.workingDirectory, name, isolation: input.isolation, baseRef: input.baseRef });
  const now = new Date().toISOString();
  d.agents.insert({
    id,
    name,
    driver: input.driver,
    state: 'spawning',
    activity: 'idle',
    workingDirectory: place.workingDirectory,
    model: input.model ?? null,
    command: input.command ?? null,
    env: input.env ?? {},
    accountId: accountId ?? null,
    projectId,
    treeRoot: place.worktree?.path ?? where.treeRoot,
    profileId: input.profileId ?? null,
    sessionId: input.resumeSessionId ?? null,
    isolation: place.isolation,
    worktree: place.worktree ?? null,
    createdAt: now,
    updatedAt: now,
  });
  d.sinkDeps.log.append(id, { type: 'state', to: 'spawning', activity: 'idle' });
  if (place.included?.length)
    d.sinkDeps.log.append(id, { type: 'output', stream: 'system', text: `worktree: copied ${place.included.join(', ')} (.worktreeinclude)` });
  if (place.worktree && place.setup)
    await runSetup(place.setup, place.worktree.path, (stream, text) => d.sinkDeps.log.append(id, { type: 'output', stream, text }));
  d.state.move(id, 'initializing');
  const spec: DriverSpec = {
    agentId: id,
    workingDirectory: place.workingDirectory,
    model: input.model,
    prompt: input.prompt,
    env: input.env ?? {},
    command: input.command,
    resume: input.resumeSessionId ? { sessionId: input.resumeSessionId } : undefined,
  };
  await d.commands.run(id, 'spawn', ctx, () => d.sessions.start(id, spec, driver), input.prompt);
  return toInfo(d.state.row(id), d.runnerId);
}
