import { describe, expect, it } from 'vitest';
import type { AgentInfo, FleetEvent } from '@flywheel/contracts';
import { createFleetView } from './fleet-view.ts';

const agent = (id: string, runnerId: string): AgentInfo => ({
  id,
  name: id,
  driver: 'tmux',
  state: 'ready',
  activity: 'idle',
  attention: 'none',
  guard: 'guarded',
  runnerId,
  workingDirectory: '/tmp',
  envKeys: [],
  messageCount: 0,
  lastSeq: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const beat = (runnerId: string, agents: AgentInfo[]): FleetEvent => ({
  type: 'heartbeat',
  runnerId,
  host: 'h',
  startedAt: '2026-01-01T00:00:00.000Z',
  ts: '2026-01-01T00:00:00.000Z',
  intervalMs: 100,
  agentCount: agents.length,
  liveAgents: agents,
});

describe('fleet view', () => {
  it('when a runner misses 3 heartbeats, shows it lost and its agents unknown', () => {
    const v = createFleetView();
    v.observe(beat('r1', [agent('a1', 'r1')]), 1000);
    expect(v.list(1250)[0].status).toBe('alive');
    expect(v.list(1301)[0].status).toBe('lost');
    expect(v.unknownAgents('r1')[0].state).toBe('unknown');
  });

  it('places a spawn on the runner with the fewest live agents, counting recent placements', () => {
    const v = createFleetView();
    v.observe(beat('r1', [agent('a1', 'r1')]), 1000);
    v.observe(beat('r2', []), 1000);
    expect(v.pick('r1', (_id, beat) => beat, 1000)).toBe('r2');
    expect(v.pick('r1', (id, beat) => beat + (id === 'r2' ? 2 : 0), 1000)).toBe('r1');
  });
});
