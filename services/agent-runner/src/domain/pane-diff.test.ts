import { describe, expect, it } from 'vitest';
import { diffPane } from './pane-diff.ts';

describe('diffPane', () => {
  it('emits only complete lines, holding back the line still being typed', () => {
    const d = diffPane([], 'hello\nworld\n$ ');
    expect(d.lines).toEqual(['hello', 'world']);
  });

  it('emits nothing twice as scrollback grows', () => {
    const first = diffPane([], 'a\nb\n$ ');
    const second = diffPane(first.emitted, 'a\nb\n$ echo c\nc\n$ \n\n');
    expect(second.lines).toEqual(['$ echo c', 'c']);
  });

  it('after a clear, emits the new screen from where it differs', () => {
    const first = diffPane([], 'a\nb\nc\n$ ');
    const second = diffPane(first.emitted, 'x\ny\n$ ');
    expect(second.lines).toEqual(['x', 'y']);
  });

  it('once the command has ended (final), the last line is complete too and is emitted once', () => {
    const live = diffPane([], 'a\nlast-words\n\n');
    expect(live.lines).toEqual(['a']);
    const end = diffPane(live.emitted, 'a\nlast-words\n\n\n', true);
    expect(end.lines).toEqual(['last-words']);
  });
});
