import { describe, expect, it } from 'vitest';
import { lex } from './lexer.ts';
import { findCodeArgs } from './code-args.ts';

const args = (s: string) => lex(s).tokens.flatMap((t) => (t.kind === 'word' ? [t.word] : []));
const PY = { code: 'c', value: 'WX', stop: 'm' };

describe('findCodeArgs', () => {
  it('reads the code after a code option, separate or attached, inside a cluster', () => {
    expect(findCodeArgs(args(`-c 'print(1)'`), PY).codes.map((c) => c.text)).toEqual(['print(1)']);
    expect(findCodeArgs(args(`-Bc 'print(1)'`), PY).codes.map((c) => c.text)).toEqual(['print(1)']);
    expect(findCodeArgs(args(`-c'print(1)'`), PY).codes.map((c) => c.text)).toEqual(['print(1)']);
  });

  it('skips option values and stops at the first positional argument', () => {
    const found = findCodeArgs(args('-W ignore script.py -c x'), PY);
    expect(found).toMatchObject({ codes: [], positional: 2, stopped: false });
  });

  it('stops at an option after which no inline code can follow', () => {
    expect(findCodeArgs(args('-m http.server'), PY)).toMatchObject({ codes: [], stopped: true });
  });

  it('reads long code options with = or a separate value', () => {
    const spec = { code: 'e', value: '', longCode: ['eval'] };
    expect(findCodeArgs(args('--eval=a --eval b'), spec).codes.map((c) => c.text)).toEqual(['a', 'b']);
  });

  it('points code offsets inside quotes', () => {
    const [code] = findCodeArgs(args(`-c 'x'`), PY).codes;
    expect(code.start).toBe(4);
  });
});
