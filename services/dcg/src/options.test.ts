import { describe, expect, it } from 'vitest';
import { hasShort, isLong, shortCluster, takesNext } from './options.ts';

describe('option helpers', () => {
  it('reads short clusters up to the first option that takes a value', () => {
    expect(shortCluster('-rf')).toBe('rf');
    expect(shortCluster('-ofx', 'o')).toBe('o');
    expect(shortCluster('--force')).toBe('');
    expect(shortCluster('file')).toBe('');
  });

  it('finds a flag inside a cluster but not inside its value', () => {
    expect(hasShort('-uf', 'f', 'o')).toBe(true);
    expect(hasShort('-of', 'f', 'o')).toBe(false);
  });

  it('knows when a cluster consumes the next word', () => {
    expect(takesNext('-u', 'u')).toBe(true);
    expect(takesNext('-uroot', 'u')).toBe(false);
    expect(takesNext('-Eu', 'u')).toBe(true);
  });

  it('accepts long options, their =values and unambiguous abbreviations', () => {
    expect(isLong('--hard', 'hard')).toBe(true);
    expect(isLong('--ha', 'hard', 1)).toBe(true);
    expect(isLong('--staged=x', 'staged')).toBe(true);
    expect(isLong('--hardly', 'hard', 1)).toBe(false);
    expect(isLong('-hard', 'hard')).toBe(false);
    expect(isLong('--m', 'merge', 2)).toBe(false);
  });
});
