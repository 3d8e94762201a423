/**
 * Matchers for deletion APIs named in inline scripts (`python -c`, `node -e`, `ruby -e`, `perl -e`, `php -r`). The path
 * in code can be computed, so no path is trusted: even a literal temporary one is denied, unlike `rm -rf /tmp/x`.
 * Names are matched as words, not only as calls, so `getattr(shutil, 'rmtree')` and `fs['rmSync']` count too.
 */
import type { Segment } from '../shell-types.ts';
import type { RuleTest } from '../rule-types.ts';

/** A name, with its qualifier and opening parenthesis when present (`shutil.rmtree(`). */
const named = (names: string, more = ''): RegExp => new RegExp(String.raw`(?<![\w$])(?:[\w$]+\.){0,3}(?:${names})\b(?:\s*\()?` + (more ? `|${more}` : ''));

const RECURSIVE = named(
  'rmtree|remove_tree|rm_rf|rm_r|remove_dir|remove_entry_secure|remove_entry|rmSync|rimraf|removeSync|emptyDirSync|emptyDir|deleteRecursively|Deno\\.remove',
  String.raw`(?:\bfs|\bfsp|\bpromises|\))\s*\.\s*rm\s*\(|\[\s*['"]rm['"]\s*\]`,
);

const SINGLE = named(
  'unlinkSync|rmdirSync|unlink|rmdir|removedirs|os\\.remove|File\\.delete|Dir\\.delete|FileUtils\\.(?:rm|rm_f|remove|remove_file)|Files\\.delete(?:IfExists)?',
  String.raw`getattr\s*\(\s*os\s*,\s*['"]remove['"]`,
);

function scriptHit(re: RegExp, seg: Segment) {
  if (!seg.script || seg.script === 'awk') return null;
  const m = re.exec(seg.text);
  return m ? { start: seg.start + m.index, end: seg.start + m.index + m[0].length } : null;
}

export const inlineRecursiveDelete: RuleTest = (seg) => scriptHit(RECURSIVE, seg);

export const inlineFileDelete: RuleTest = (seg) => scriptHit(SINGLE, seg);
