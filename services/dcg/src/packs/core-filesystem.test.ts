import { describe, expect, it } from 'vitest';
import { createEngine } from '../index.ts';

const engine = createEngine({ failMode: 'closed' });

describe('core.filesystem', () => {
  it.each([
    ['rm -rf /', 'rm-rf-root'],
    ['rm -rf /home', 'rm-rf-root'],
    ['rm -rf ~/*', 'rm-rf-root'],
    ['rm -rf "${HOME}"', 'rm-rf-root'],
    ['rm -rf /tmp', 'rm-rf-root'],
    ['rm -rf ./build', 'rm-rf'],
    ['rm -rf .', 'rm-rf'],
    ['rm -rf *', 'rm-rf'],
    ['rm -rf build dist /tmp/cache', 'rm-rf'],
    ['rm -rf /tmp/cache build', 'rm-rf'],
    ['rm -rf /tmp/', 'rm-rf-root'],
    ['rm -rf /tmp/a/../../etc', 'rm-rf'],
    ['rm -rf $TMPDIR/../x', 'rm-rf'],
    ['rm -rf "$BUILD_DIR"', 'rm-rf'],
    ['rm src -rf', 'rm-rf'],
    ['rm -r --force src', 'rm-rf'],
    ['rm --recur --forc src', 'rm-rf'],
    ['rm -v -R -f -i src', 'rm-rf'],
    ['ls | xargs rm -rf', 'rm-rf'],
    ['xargs -0 -n 10 rm -rf /tmp/x', 'rm-rf'],
    ['find . -name node_modules -exec rm -rf {} +', 'rm-rf'],
    ['find . -type d -delete', 'find-delete-unfiltered'],
    ['rm -rf', 'rm-rf'],
  ])('denies %s as %s', (command, rule) => {
    expect(engine.check(command)).toMatchObject({ decision: 'deny', ruleId: `core.filesystem:${rule}` });
  });

  it.each([
    'rm file.txt',
    'rm -f file.txt',
    'rm -r dir',
    'rm -ri dir',
    'rm -rf /tmp/build',
    'rm -rf /tmp/*',
    'rm -rf /var/tmp/session-1',
    'rm -rf "$TMPDIR/work"',
    'rm -rf ${TMPDIR}/work',
    'rm -rf /tmp/a /var/tmp/b',
    'rm --help',
    'rm -rf x --version',
    'rmdir empty-dir',
    'find /tmp/cache -delete',
    'find . -name "*.log" -print',
    'npm run format',
  ])('allows %s', (command) => {
    expect(engine.check(command).decision).toBe('allow');
  });

  it('warns rather than denies on a filtered find -delete', () => {
    expect(engine.check('find . -name "*.pyc" -delete')).toMatchObject({ decision: 'warn', ruleId: 'core.filesystem:find-delete', severity: 'medium' });
  });

  it('resolves relative targets against a temporary working directory', () => {
    expect(engine.check('rm -rf build', { cwd: '/tmp/job-1' }).decision).toBe('allow');
    expect(engine.check('rm -rf build', { cwd: '/home/me/app' }).decision).toBe('deny');
    expect(engine.check('rm -rf ../x', { cwd: '/tmp/job-1' }).decision).toBe('deny');
    expect(engine.check('rm -rf .', { cwd: '/tmp' }).decision).toBe('deny');
  });

  it('accepts the TMPDIR of the context and the engine tmpdir option as temporary', () => {
    const macTmp = '/var/folders/xy/T';
    expect(engine.check(`rm -rf ${macTmp}/cache`).decision).toBe('deny');
    expect(engine.check(`rm -rf ${macTmp}/cache`, { env: { TMPDIR: macTmp } }).decision).toBe('allow');
    const scratch = createEngine({ failMode: 'closed', tmpdir: '/scratch/' });
    expect(scratch.check('rm -rf /scratch/run-2').decision).toBe('allow');
    expect(scratch.check('rm -rf /scratch').decision).toBe('deny');
  });

  it.each([
    [`python3 -c "import os; os.unlink(path)"`, 'inline-file-delete'],
    [`python3 -c "from pathlib import Path; Path('a.txt').unlink()"`, 'inline-file-delete'],
    [`node -e "require('fs').rmSync(process.argv[1], { recursive: true })" dist`, 'inline-recursive-delete'],
    [`node -e "fs.promises.rm('dist', { recursive: true })"`, 'inline-recursive-delete'],
    [`node --eval "require('fs').rmdirSync('x')"`, 'inline-file-delete'],
    [`ruby -e 'FileUtils.remove_dir("x")'`, 'inline-recursive-delete'],
    [`perl -MFile::Path -e 'remove_tree("x")'`, 'inline-recursive-delete'],
    ['python3 <<EOF\nimport shutil\nshutil.rmtree("data")\nEOF', 'inline-recursive-delete'],
    [`echo "import os; os.remove('db.sqlite3')" | python3`, 'inline-file-delete'],
    [`python3 -c "import os; os.remove('/tmp/scratch.txt')"`, 'inline-file-delete'],
    [`python3 -c "import shutil; shutil.rmtree('/tmp/build')"`, 'inline-recursive-delete'],
  ])('denies the inline script %s as %s', (command, rule) => {
    expect(engine.check(command).ruleId).toBe(`core.filesystem:${rule}`);
  });

  it('points the span of an inline deletion at the call', () => {
    const command = `python3 -c "import shutil; shutil.rmtree('src')"`;
    expect(engine.check(command).matchedSpan?.text).toBe('shutil.rmtree(');
  });
});
