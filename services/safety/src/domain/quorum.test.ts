import { describe, expect, it } from 'vitest';
import { countedApprovals, quorumFor, quorumPolicy } from './quorum.ts';

describe('quorum policy', () => {
  it('is off (1) unless configured; the project beats global, global beats the config', () => {
    expect(quorumPolicy(new Map(), 1)).toEqual({ required: 1, source: 'default' });
    expect(quorumPolicy(new Map(), 2)).toEqual({ required: 2, source: 'config' });
    expect(quorumPolicy(new Map([['global', 3]]), 2, 'p')).toEqual({ required: 3, source: 'global' });
    expect(
      quorumPolicy(
        new Map([
          ['global', 3],
          ['project:p', 2],
        ]),
        1,
        'p',
      ),
    ).toEqual({ required: 2, source: 'project', scopeId: 'p' });
    expect(quorumPolicy(new Map([['project:p', 2]]), 1, 'q')).toEqual({ required: 1, source: 'default' });
  });

  it('applies to critical rules only', () => {
    const two = { required: 2, source: 'global' as const };
    expect(quorumFor('critical', two)).toBe(2);
    expect(quorumFor('high', two)).toBe(1);
    expect(quorumFor(null, two)).toBe(1);
  });

  it('counts a principal once', () => {
    expect(countedApprovals([{ principal: 'a/k1' }, { principal: 'a/k1' }, { principal: 'a/k2' }])).toBe(2);
  });
});
