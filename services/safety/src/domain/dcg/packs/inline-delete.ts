/** Matchers for deletion APIs called from inline scripts (`python -c`, `node -e`, `ruby -e`, `perl -e`). */
import type { Segment } from '../shell-types.ts';
import { isTempPath } from '../paths.ts';
import { firstStringArg } from '../script-scan.ts';
import type { EvalEnv, RuleTest } from '../rule-types.ts';

const RECURSIVE = new RegExp(
  String.raw`\b(?:shutil\.rmtree|rmtree|remove_tree|rm_rf|rm_r|remove_dir|remove_entry_secure|remove_entry|rmSync` +
    String.raw`|rimraf(?:\.sync)?|removeSync|emptyDirSync|emptyDir|fs\.rm|fsp\.rm|promises\.rm|Deno\.remove)\s*\(`,
  'g',
);

const SINGLE = new RegExp(
  String.raw`\b(?:os\.remove|os\.removedirs|unlinkSync|rmdirSync|unlink|rmdir|File\.delete|Dir\.delete` +
    String.raw`|FileUtils\.(?:rm|rm_f|remove|remove_file))\s*\(|\bunlink\s+(?=['"$])`,
  'g',
);

function scriptHit(re: RegExp, seg: Segment, env: EvalEnv) {
  if (!seg.script) return null;
  const code = seg.text;
  re.lastIndex = 0;
  for (let m = re.exec(code); m; m = re.exec(code)) {
    const arg = firstStringArg(code, m.index + m[0].length);
    // A literal temporary path is as harmless here as `rm -rf /tmp/x` is in the shell.
    if (arg !== undefined && isTempPath(arg, env.tmpPrefixes)) continue;
    return { start: seg.start + m.index, end: seg.start + m.index + m[0].length };
  }
  return null;
}

export const inlineRecursiveDelete: RuleTest = (seg, env) => scriptHit(RECURSIVE, seg, env);

export const inlineFileDelete: RuleTest = (seg, env) => scriptHit(SINGLE, seg, env);
