import { describe, expect, it } from 'vitest';
import {
  branchFor,
  diffFiles,
  isInside,
  isPlausibleBranch,
  isPlausibleRef,
  parseLog,
  parseProjectSettings,
  parseWorktreeList,
  pruneVerdict,
  refSafeName,
  staleReason,
  worktreeAddArgs,
  worktreeRootFor,
} from './worktree-git.ts';

describe('worktree git domain', () => {
  it('makes ref-safe branch names from agent names', () => {
    expect(branchFor('alice')).toBe('flywheel/alice');
    expect(refSafeName('my agent/../x.lock')).toBe('my-agent-.-x');
    expect(refSafeName('--..')).toBe('agent');
    expect(refSafeName('.hidden name')).toBe('hidden-name');
  });

  it('accepts plausible refs and refuses option-looking or ref-expression input', () => {
    for (const ok of ['main', 'HEAD', 'feature/x', 'v1.2', 'a1b2c3d']) expect(isPlausibleRef(ok)).toBe(true);
    for (const bad of ['', '-x', '--upload-pack=evil', 'a..b', 'a b', 'a~1', 'HEAD^', 'x@{1}', 'x.lock', 'x/', 'a:b']) expect(isPlausibleRef(bad)).toBe(false);
    expect(isPlausibleBranch('HEAD')).toBe(false);
    expect(isPlausibleBranch('refs/heads/main')).toBe(false);
  });

  it('builds worktree add arguments with the path after --', () => {
    expect(worktreeAddArgs('/r/.flywheel/worktrees/a', 'flywheel/a', 'abc')).toEqual([
      'worktree',
      'add',
      '-b',
      'flywheel/a',
      '--',
      '/r/.flywheel/worktrees/a',
      'abc',
    ]);
  });

  it('parses porcelain -z worktree lists', () => {
    const out =
      'worktree /r\0HEAD aaa\0branch refs/heads/main\0\0worktree /r/.flywheel/worktrees/a\0HEAD bbb\0branch refs/heads/flywheel/a\0locked\0\0worktree /tmp/x\0HEAD ccc\0detached\0prunable gitdir file points to non-existent location\0\0';
    expect(parseWorktreeList(out)).toEqual([
      { path: '/r', head: 'aaa', branch: 'main', bare: false, detached: false, locked: false, prunable: false },
      { path: '/r/.flywheel/worktrees/a', head: 'bbb', branch: 'flywheel/a', bare: false, detached: false, locked: true, prunable: false },
      { path: '/tmp/x', head: 'ccc', bare: false, detached: true, locked: false, prunable: true },
    ]);
  });

  it('joins name-status and numstat into sorted file stats', () => {
    const ns = 'M\0b.txt\0A\0a dir/new file.txt\0D\0gone.bin\0';
    const num = '3\t1\tb.txt\0' + '2\t0\ta dir/new file.txt\0' + '-\t-\tgone.bin\0';
    expect(diffFiles(ns, num)).toEqual([
      { path: 'a dir/new file.txt', status: 'added', additions: 2, deletions: 0, binary: false },
      { path: 'b.txt', status: 'modified', additions: 3, deletions: 1, binary: false },
      { path: 'gone.bin', status: 'deleted', additions: 0, deletions: 0, binary: true },
    ]);
  });

  it('parses branch commits', () => {
    expect(parseLog('abc\x1fAl\x1f2026-01-01T00:00:00Z\x1fdo it\x1e\ndef\x1fBo\x1f2026-01-02T00:00:00Z\x1fmore\x1e\n')).toEqual([
      { sha: 'abc', author: 'Al', date: '2026-01-01T00:00:00Z', subject: 'do it' },
      { sha: 'def', author: 'Bo', date: '2026-01-02T00:00:00Z', subject: 'more' },
    ]);
  });

  it('places worktrees under <repo>/.flywheel/worktrees unless configured', () => {
    expect(worktreeRootFor('/r')).toBe('/r/.flywheel/worktrees');
    expect(worktreeRootFor('/r', 'wt')).toBe('/r/wt');
    expect(worktreeRootFor('/r', '/elsewhere/')).toBe('/elsewhere/');
    expect(isInside('/r/w', '/r/w/a/b')).toBe(true);
    expect(isInside('/r/w', '/r/w')).toBe(true);
    expect(isInside('/r/w', '/r/wx')).toBe(false);
    expect(isInside('/r/w', '/r')).toBe(false);
  });

  it('reads project settings leniently', () => {
    expect(parseProjectSettings('{"isolation":"worktree","cleanup":"when-merged","setup":["npm","ci"],"x":1}')).toEqual({
      isolation: 'worktree',
      cleanup: 'when-merged',
      setup: ['npm', 'ci'],
    });
    expect(parseProjectSettings('{"isolation":"sandbox","cleanup":3}')).toEqual({});
    expect(parseProjectSettings('not json')).toEqual({});
    expect(parseProjectSettings(undefined)).toEqual({});
  });

  it('never prunes unmerged or dirty work without force, nor a live agent even with it', () => {
    const base = { merged: false, dirty: false, unmergedCommits: 0 };
    expect(staleReason({ ...base, agentState: 'ready' })).toBeUndefined();
    expect(staleReason({ ...base })).toBe('no agent owns it');
    expect(staleReason({ ...base, agentState: 'terminated', merged: true })).toBe('agent terminated, branch merged');
    expect(pruneVerdict({ ...base, agentState: 'terminated', unmergedCommits: 2 }, false)).toMatchObject({
      remove: false,
      kept: expect.stringMatching(/2 unmerged/),
    });
    expect(pruneVerdict({ ...base, agentState: 'terminated', unmergedCommits: 2 }, true)).toEqual({ remove: true, deleteBranch: true });
    expect(pruneVerdict({ ...base, agentState: 'failed', dirty: true }, false)).toMatchObject({ remove: false, kept: expect.stringMatching(/uncommitted/) });
    expect(pruneVerdict({ ...base, agentState: 'terminated', merged: true, unmergedCommits: 1 }, false)).toEqual({ remove: true, deleteBranch: true });
    expect(pruneVerdict({ ...base, agentState: 'executing' }, true)).toMatchObject({ remove: false });
  });
});

describe('review comment message', () => {
  it('names file and lines and quotes the code', async () => {
    const { quoteLines, reviewMessage } = await import('./worktree-git.ts');
    expect(quoteLines('a\nb\nc\nd', 2, 3)).toBe('b\nc');
    expect(
      reviewMessage([
        { file: 'src/x.ts', startLine: 2, endLine: 3, quote: 'b\nc', body: 'rename b' },
        { file: 'y', startLine: 1, endLine: 1, quote: 'a', body: 'ok?' },
      ]),
    ).toBe('Address these review comments:\n\n1. src/x.ts lines 2-3:\n```\nb\nc\n```\nrename b\n\n2. y line 1:\n```\na\n```\nok?\n');
  });
});

describe('.worktreeinclude', () => {
  it('selects ignored files by pattern, never .flywheel or parent paths', async () => {
    const { parseWorktreeInclude, selectIncluded } = await import('./worktree-git.ts');
    const patterns = parseWorktreeInclude('# env files\n.env\n/config/local.json\n../secret\n\n*.key\n');
    expect(patterns).toEqual(['.env', '/config/local.json', '*.key']);
    const match = (p: string, path: string, base: boolean) => (base ? path.split('/').at(-1) : path) === p || (p === '*.key' && path.endsWith('.key'));
    expect(
      selectIncluded(['.env', 'app/.env', 'config/local.json', 'other/config/local.json', 'node_modules/', '.flywheel/', 'a.key'], patterns, match),
    ).toEqual(['.env', 'app/.env', 'config/local.json', 'a.key']);
  });
});
