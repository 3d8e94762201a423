import { describe, expect, it } from 'vitest';
import { lex } from './lexer.ts';
import { gitCall } from './git-args.ts';

const args = (s: string) => lex(s).tokens.flatMap((t) => (t.kind === 'word' ? [t.word] : []));

describe('gitCall', () => {
  it('skips global options, with and without values, to find the subcommand', () => {
    const call = gitCall(args('-C repo -c user.name=x --git-dir=.git --work-tree . --no-pager -p status -s'));
    expect(call?.sub.value).toBe('status');
    expect(call?.rest.map((w) => w.value)).toEqual(['-s']);
  });

  it('collects aliases defined with -c, in either spelling', () => {
    const call = gitCall(args('-c alias.Nuke="reset --hard" -calias.up=push nuke'));
    expect([...(call?.aliases ?? [])]).toEqual([
      ['nuke', 'reset --hard'],
      ['up', 'push'],
    ]);
  });

  it('returns undefined when only options are given', () => {
    expect(gitCall(args('--version'))).toBeUndefined();
  });
});
