/** Runs compiled packs over segments: keyword gate, then safe patterns, then destructive rules. */
import type { RuleAction } from './types.ts';
import type { Hit, Segment } from './shell-types.ts';
import type { EvalEnv } from './rule-types.ts';
import type { CompiledPack, CompiledRule } from './compile.ts';

export interface Match {
  rule: CompiledRule;
  hit: Hit;
  seg: Segment;
}

/** Strength of an action: a deny beats an ask beats a warn. */
export const RANK: Record<RuleAction, number> = { warn: 1, ask: 2, deny: 3 };

/** The pack keyword found in the segment, if any. */
export function packKeyword(pack: CompiledPack, seg: Segment): string | undefined {
  return pack.keywordRe.exec(seg.lower)?.[0];
}

export function safePatternOf(pack: CompiledPack, seg: Segment): string | undefined {
  if (seg.script) return undefined;
  for (const s of pack.safe) if (s.re.test(seg.text)) return s.id;
  return undefined;
}

/** The rule's command list and keywords admit the segment. */
export function applies(rule: CompiledRule, seg: Segment): boolean {
  if (rule.commands !== undefined && !rule.commands.has(seg.cmd)) return false;
  return rule.keywords === undefined || rule.keywords.some((k) => seg.lower.includes(k));
}

function better(a: Match | undefined, b: Match): Match {
  return !a || RANK[b.rule.action] > RANK[a.rule.action] ? b : a;
}

function matchSegment(packs: readonly CompiledPack[], seg: Segment, env: EvalEnv, best: Match | undefined): Match | undefined {
  for (const pack of packs) {
    if (packKeyword(pack, seg) === undefined || safePatternOf(pack, seg) !== undefined) continue;
    for (const rule of pack.rules) {
      if (!applies(rule, seg)) continue;
      const hit = rule.test(seg, env);
      if (!hit) continue;
      best = better(best, { rule, hit, seg });
      if (best.rule.action === 'deny') return best;
    }
  }
  return best;
}

/** The most severe match: the first deny, else the strongest ask or warn; undefined when all is allowed. */
export function findMatch(packs: readonly CompiledPack[], segments: readonly Segment[], env: EvalEnv): Match | undefined {
  let best: Match | undefined;
  for (const seg of segments) {
    if (seg.readOnly) continue;
    best = matchSegment(packs, seg, env, best);
    if (best?.rule.action === 'deny') return best;
  }
  return best;
}
