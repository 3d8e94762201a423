import { describe, expect, it } from 'vitest';
import type { AgentInfo } from '@flywheel/contracts';
import { mergeAgentPages } from './list-merge.ts';

const a = (id: string, createdAt: string, state: AgentInfo['state'] = 'ready'): AgentInfo => ({
  id,
  name: id,
  driver: 'tmux',
  state,
  activity: 'idle',
  attention: 'none',
  guard: 'guarded',
  runnerId: 'r',
  workingDirectory: '/',
  envKeys: [],
  messageCount: 0,
  lastSeq: 0,
  createdAt,
  updatedAt: createdAt,
});

describe('mergeAgentPages', () => {
  it('pages the union of runners in creation order without gaps or duplicates', () => {
    const r1 = [a('a1', '2026-01-01T00:00:01Z'), a('a3', '2026-01-01T00:00:03Z')];
    const r2 = [a('a2', '2026-01-01T00:00:02Z'), a('a4', '2026-01-01T00:00:04Z', 'unknown')];
    const first = mergeAgentPages([{ items: r1 }, { items: r2 }], { limit: 3 });
    expect(first.items.map((x) => x.id)).toEqual(['a1', 'a2', 'a3']);
    const second = mergeAgentPages([{ items: r1 }, { items: r2 }], { limit: 3, cursor: first.nextCursor });
    expect(second.items.map((x) => x.id)).toEqual(['a4']);
    expect(second.nextCursor).toBeUndefined();
    expect(mergeAgentPages([{ items: r1 }, { items: r2 }], { limit: 10, state: 'unknown' }).items.map((x) => x.id)).toEqual(['a4']);
  });
});
