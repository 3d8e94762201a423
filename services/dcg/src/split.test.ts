import { describe, expect, it } from 'vitest';
import { lex } from './lexer.ts';
import { splitCommands } from './split.ts';

const split = (s: string) => {
  const errors: string[] = [];
  const commands = splitCommands(lex(s).tokens, errors);
  return { errors, commands: commands.map((c) => ({ words: c.words.map((w) => w.value), pipeIn: c.pipeIn, bodies: c.bodies.map((b) => b.text) })) };
};

describe('splitCommands', () => {
  it('marks commands that read from a pipe, across parentheses', () => {
    expect(split('a | b; (c) | d && e | (f)').commands.map((c) => [c.words[0], c.pipeIn])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
      ['d', true],
      ['e', false],
      ['f', true],
    ]);
  });

  it('keeps redirect targets out of the arguments and turns here-strings into bodies', () => {
    expect(split('sh -s > out.txt <<< "ls -la"').commands).toEqual([{ words: ['sh', '-s'], pipeIn: false, bodies: ['ls -la'] }]);
  });

  it('reports a redirection without a target', () => {
    expect(split('echo hi >').errors).toEqual(['redirection > without a target']);
  });
});
