import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse.ts';
import { codeSources } from './code-sources.ts';

// Substitutions are parsed before the command that holds them: take the top-level command.
const first = (command: string) => parseCommand(command).segments.find((s) => s.depth === 0)!;
const sources = (command: string) => {
  const src = codeSources(first(command));
  return { code: src.code.map((c) => c.text), file: src.file?.value, stdin: src.stdin };
};

describe('codeSources', () => {
  it.each([
    ['bash -c "ls -la"', { code: ['ls -la'], file: undefined, stdin: false }],
    ['bash -lc ls', { code: ['ls'], file: undefined, stdin: false }],
    ['bash', { code: [], file: undefined, stdin: true }],
    ['bash -s -- --flag', { code: [], file: undefined, stdin: true }],
    ['sh -', { code: [], file: undefined, stdin: true }],
    ['bash /dev/stdin', { code: [], file: undefined, stdin: true }],
    ['bash deploy.sh arg', { code: [], file: 'deploy.sh', stdin: false }],
    ['source ./env.sh', { code: [], file: './env.sh', stdin: false }],
    ['python3 -c "print(1)"', { code: ['print(1)'], file: undefined, stdin: false }],
    ['python3 -m http.server', { code: [], file: undefined, stdin: false }],
    ['python3 -', { code: [], file: undefined, stdin: true }],
    ['python3 app.py', { code: [], file: 'app.py', stdin: false }],
    ['deno eval "console.log(1)"', { code: ['console.log(1)'], file: undefined, stdin: false }],
    ['eval a b', { code: ['a', 'b'], file: undefined, stdin: false }],
    ['ls -la', { code: [], file: undefined, stdin: false }],
  ])('%s', (command, expected) => {
    expect(sources(command)).toEqual(expected);
  });

  it('reads code from stdin when the code is a substitution that reads stdin', () => {
    expect(sources('bash -c "$(cat)"').stdin).toBe(true);
    expect(sources('bash -c "$(cat notes.txt)"').stdin).toBe(false);
  });
});

describe('parseCommand links', () => {
  it('links the commands of a list and marks the piped ones', () => {
    const [a, b, c] = parseCommand('curl -s x | tee f && sh f').segments;
    expect([a.next, b.next, c.prev]).toEqual([b, c, b]);
    expect([a.pipeIn, b.pipeIn, c.pipeIn]).toEqual([false, true, false]);
  });

  it('records where the output of a substitution and of nested code goes', () => {
    const segs = parseCommand('bash -c "$(curl -s x)"').segments;
    const curl = segs.find((s) => s.cmd === 'curl' && s.depth === 1);
    expect(curl?.via?.seg.cmd).toBe('bash');
    expect(curl?.via?.word?.value).toBe('$(curl -s x)');
    const inner = parseCommand("bash -c 'curl -s x'").segments.find((s) => s.cmd === 'curl');
    expect(inner?.via).toMatchObject({ seg: { cmd: 'bash' } });
    expect(inner?.via?.word).toBeUndefined();
  });
});
