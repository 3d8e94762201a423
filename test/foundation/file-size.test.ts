// Issue 9 acceptance: the median non-test source file (services/*/src, contracts/src, web/src; *.ts and *.vue,
// tests excluded) stays under 80 lines, so a newcomer reads the code in small pieces.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|vue)$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

function lineCount(path: string): number {
  const text = readFileSync(path, 'utf8');
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

describe('source file size', () => {
  it('keeps the median non-test source file under 80 lines', () => {
    const services = readdirSync(join(root, 'services'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => join(root, 'services', e.name, 'src'));
    const dirs = [...services, join(root, 'contracts', 'src'), join(root, 'web', 'src')];
    const sizes = dirs
      .flatMap((d) => {
        try {
          return sourceFiles(d);
        } catch {
          return [];
        }
      })
      .map((f) => ({ file: relative(root, f), lines: lineCount(f) }))
      .sort((a, b) => a.lines - b.lines);
    expect(sizes.length).toBeGreaterThan(100);
    const mid = sizes.length / 2;
    const median = sizes.length % 2 ? sizes[Math.floor(mid)]!.lines : (sizes[mid - 1]!.lines + sizes[mid]!.lines) / 2;
    const biggest = sizes
      .slice(-5)
      .map((s) => `${s.file} (${s.lines})`)
      .join(', ');
    expect(median, `median of ${sizes.length} files; biggest: ${biggest}`).toBeLessThan(80);
  });
});
