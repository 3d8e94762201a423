import { describe, expect, it } from 'vitest';
import { isRootish, isTempPath, resolveTarget, TEMP_PREFIXES, withTempDir } from './paths.ts';

describe('isTempPath', () => {
  it.each(['/tmp/x', '/tmp/a/b', '/tmp/*', '/var/tmp/x', '$TMPDIR/x', '${TMPDIR}/x', '//tmp//x'])('accepts %s', (p) => {
    expect(isTempPath(p, TEMP_PREFIXES)).toBe(true);
  });

  it.each(['/tmp', '/tmp/', '/tmp/.', '/tmp/..', '/tmp/../etc', '/tmp/a/../../x', '/tmpfoo/x', 'tmp/x', '$TMPDIR', '/home/me/tmp/x'])('rejects %s', (p) => {
    expect(isTempPath(p, TEMP_PREFIXES)).toBe(false);
  });
});

describe('withTempDir', () => {
  it('adds absolute directories only', () => {
    expect(withTempDir(TEMP_PREFIXES, '/scratch')).toContain('/scratch/');
    expect(withTempDir(TEMP_PREFIXES, '/')).toBe(TEMP_PREFIXES);
    expect(withTempDir(TEMP_PREFIXES, 'relative')).toBe(TEMP_PREFIXES);
    expect(withTempDir(TEMP_PREFIXES, undefined)).toBe(TEMP_PREFIXES);
  });
});

describe('resolveTarget', () => {
  it('joins relative paths to an absolute cwd and leaves the rest alone', () => {
    expect(resolveTarget('build', '/tmp/job/')).toBe('/tmp/job/build');
    expect(resolveTarget('/etc', '/tmp')).toBe('/etc');
    expect(resolveTarget('~/x', '/tmp')).toBe('~/x');
    expect(resolveTarget('$HOME', '/tmp')).toBe('$HOME');
    expect(resolveTarget('build', undefined)).toBe('build');
  });
});

describe('isRootish', () => {
  it.each(['/', '//', '/*', '/.', '~', '~/', '~/*', '$HOME', '${HOME}/', '/etc', '/usr/', '/tmp'])('flags %s', (p) => {
    expect(isRootish(p)).toBe(true);
  });

  it.each(['/etc/nginx', './build', 'build', '.', '*', '~/project', '/home/me'])('does not flag %s', (p) => {
    expect(isRootish(p)).toBe(false);
  });
});
