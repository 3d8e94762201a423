import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Task, TaskDependency } from '@flywheel/contracts';
import { blockersOf, byPriority, canMove, cycleText, dependencyProblems, findCycle, isBlocked, isReady, newlyReady } from './task-graph.ts';

type N = Pick<Task, 'id' | 'status' | 'dependencies'>;
const t = (id: string, status: Task['status'], ...blocks: string[]): N => ({ id, status, dependencies: blocks.map((d) => ({ type: 'blocks', dependsOn: d })) });
const map = (ts: N[]) => new Map(ts.map((x) => [x.id, x]));

describe('task status transitions', () => {
  it('allows the working moves and reopening, refuses closing a blocked task or leaving done except by reopening', () => {
    expect(canMove('open', 'in_progress')).toBe(true);
    expect(canMove('in_progress', 'done')).toBe(true);
    expect(canMove('done', 'open')).toBe(true);
    expect(canMove('done', 'in_progress')).toBe(false);
    expect(canMove('blocked', 'done')).toBe(false);
    expect(canMove('cancelled', 'done')).toBe(false);
    expect(canMove('done', 'done')).toBe(true);
  });
});

describe('ready and blocked', () => {
  it('a task is ready when open with every blocks-dependency done or cancelled; related and discovered-from never block', () => {
    const ts = [
      t('a', 'open'),
      t('b', 'open', 'a'),
      t('c', 'open', 'a'),
      t('d', 'done'),
      t('e', 'open', 'd'),
      t('f', 'in_progress', 'a'),
      {
        id: 'g',
        status: 'open' as const,
        dependencies: [
          { type: 'related', dependsOn: 'a' },
          { type: 'discovered-from', dependsOn: 'a' },
        ] as TaskDependency[],
      },
    ];
    const m = map(ts);
    expect(ts.filter((x) => isReady(x, m)).map((x) => x.id)).toEqual(['a', 'e', 'g']);
    expect(ts.filter((x) => isBlocked(x, m)).map((x) => x.id)).toEqual(['b', 'c']);
    expect(blockersOf(ts[1], m)).toEqual(['a']);
  });

  it('completing a task names exactly the open tasks that it was the last blocker of', () => {
    const ts = [t('a', 'done'), t('x', 'open'), t('b', 'open', 'a'), t('c', 'open', 'a', 'x'), t('d', 'in_progress', 'a')];
    expect(newlyReady('a', ts)).toEqual(['b']);
  });

  it('orders ready work by priority, then age', () => {
    const x = [
      { id: 'a', priority: 2, createdAt: '2026-01-01T00:00:00Z' },
      { id: 'b', priority: 0, createdAt: '2026-01-02T00:00:00Z' },
      { id: 'c', priority: 2, createdAt: '2025-01-01T00:00:00Z' },
    ];
    expect([...x].sort(byPriority).map((y) => y.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('cycles', () => {
  it('names the cycle through blocks and parent-child edges, ignoring related and discovered-from', () => {
    const ts = [
      t('a', 'open', 'b'),
      t('b', 'open', 'c'),
      { id: 'c', status: 'open' as const, dependencies: [{ type: 'parent-child', dependsOn: 'a' }] as TaskDependency[] },
    ];
    const cycle = findCycle(ts)!;
    expect(cycleText(cycle)).toBe('a → b → c → a');
    expect(cycleText(findCycle(ts, 'c')!)).toBe('c → a → b → c');
    const loose: N[] = [
      t('a', 'open'),
      { id: 'b', status: 'open', dependencies: [{ type: 'related', dependsOn: 'a' }] },
      { id: 'a2', status: 'open', dependencies: [{ type: 'discovered-from', dependsOn: 'b' }] },
    ];
    loose[0].dependencies.push({ type: 'related', dependsOn: 'a2' });
    expect(findCycle(loose)).toBeNull();
  });

  it('finds no cycle in any graph whose edges only point to earlier tasks', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 5 }), { minLength: 1, maxLength: 30 }), (adj) => {
        const ts = adj.map((targets, i) => t(`t${i}`, 'open', ...(i === 0 ? [] : [...new Set(targets.map((x) => `t${x % i}`))])));
        return findCycle(ts) === null;
      }),
    );
  });

  it('in any graph with a back edge, reports a real cycle: each step is a dependency and it closes on itself', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 2, maxLength: 25 }), fc.nat(), fc.nat(), (adj, p, q) => {
        const ts = adj.map((targets, i) => t(`t${i}`, 'open', ...(i === 0 ? [] : [...new Set(targets.map((x) => `t${x % i}`))])));
        // Make a chain t(lo) ← ... ← t(hi) exist, then close it: t(lo) depends on t(hi).
        const hi = 1 + (p % (ts.length - 1));
        const lo = q % hi;
        for (let i = lo + 1; i <= hi; i++)
          if (!ts[i].dependencies.some((d) => d.dependsOn === `t${i - 1}`)) ts[i].dependencies.push({ type: 'blocks', dependsOn: `t${i - 1}` });
        ts[lo].dependencies.push({ type: 'blocks', dependsOn: `t${hi}` });
        const cycle = findCycle(ts);
        if (!cycle) return false;
        const byId = map(ts);
        return cycle[0] === cycle.at(-1) && cycle.slice(0, -1).every((id, i) => byId.get(id)!.dependencies.some((d) => d.dependsOn === cycle[i + 1]));
      }),
    );
  });

  it('refuses self references and duplicate dependencies', () => {
    expect(dependencyProblems('a', [{ type: 'blocks', dependsOn: 'a' }])).toContain('itself');
    expect(
      dependencyProblems('a', [
        { type: 'blocks', dependsOn: 'b' },
        { type: 'blocks', dependsOn: 'b' },
      ]),
    ).toContain('duplicate');
    expect(
      dependencyProblems('a', [
        { type: 'blocks', dependsOn: 'b' },
        { type: 'related', dependsOn: 'b' },
      ]),
    ).toBeUndefined();
  });
});
