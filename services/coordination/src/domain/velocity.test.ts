import { describe, expect, it } from 'vitest';
import { percentiles, velocity, type Completion } from './velocity.ts';

const c = (taskId: string, type: string, createdAt: string, claimedAt: string | undefined, doneAt: string, costUsd: number): Completion => ({
  taskId,
  type,
  createdAt,
  claimedAt,
  doneAt,
  costUsd,
});

describe('velocity', () => {
  it('nearest-rank percentiles', () => {
    expect(percentiles([])).toEqual({ count: 0 });
    expect(percentiles([5, 1, 3, 2, 4, 6, 7, 8, 9, 10])).toEqual({ count: 10, p50: 5, p90: 9, max: 10 });
  });

  it('buckets completions per day with lead and cycle times, cost per task and per type, and reopenings', () => {
    const v = velocity(
      [
        c('a', 'task', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z', 1),
        c('b', 'bug', '2026-01-01T00:00:00Z', undefined, '2026-01-01T04:00:00Z', 3),
        c('d', 'task', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-02T00:30:00Z', 2),
      ],
      ['2026-01-02T05:00:00Z'],
    );
    expect(v.days.map((d) => d.day)).toEqual(['2026-01-01', '2026-01-02']);
    expect(v.days[0]).toMatchObject({
      completed: 2,
      reopened: 0,
      costUsd: 4,
      costPerTaskUsd: 2,
      leadTimeS: { count: 2, p50: 7200, max: 14400 },
      cycleTimeS: { count: 1, p50: 3600 },
    });
    expect(v.days[1]).toMatchObject({ completed: 1, reopened: 1, cycleTimeS: { p50: 1800 } });
    expect(v.total.byType).toEqual({ task: { completed: 2, costUsd: 3, costPerTaskUsd: 1.5 }, bug: { completed: 1, costUsd: 3, costPerTaskUsd: 3 } });
    expect(v.total).toMatchObject({ completed: 3, reopened: 1, costUsd: 6, costPerTaskUsd: 2 });
  });

  it('adds up agent-hours, tool calls, guard blocks, lines changed and merges of the completions per day', () => {
    const v = velocity(
      [
        {
          ...c('a', 'task', '2026-01-01T00:00:00Z', undefined, '2026-01-01T02:00:00Z', 0),
          agentHours: 0.5,
          toolCalls: 3,
          guardBlocks: 1,
          linesChanged: 10,
          merged: true,
        },
        { ...c('b', 'task', '2026-01-01T00:00:00Z', undefined, '2026-01-01T03:00:00Z', 0), agentHours: 0.25, toolCalls: 2, linesChanged: 4 },
        c('d', 'bug', '2026-01-01T00:00:00Z', undefined, '2026-01-02T00:30:00Z', 0),
      ],
      [],
    );
    expect(v.days[0]).toMatchObject({ agentHours: 0.75, toolCalls: 5, guardBlocks: 1, linesChanged: 14, merges: 1 });
    expect(v.days[1]).toMatchObject({ agentHours: 0, toolCalls: 0, guardBlocks: 0, linesChanged: 0, merges: 0 });
    expect(v.total).toMatchObject({ agentHours: 0.75, toolCalls: 5, guardBlocks: 1, linesChanged: 14, merges: 1 });
  });
});
