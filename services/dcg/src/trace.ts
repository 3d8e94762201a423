/** Builds the per-segment, per-pack, per-rule account that `explain` returns. */
import type { PackTrace, SegmentTrace, Span } from './types.ts';
import type { Hit, Segment } from './shell-types.ts';
import type { EvalEnv } from './rule-types.ts';
import type { CompiledPack } from './compile.ts';
import { applies, packKeyword, safePatternOf } from './evaluate.ts';

/** A span with its text taken from the checked command. */
export function toSpan(command: string, hit: Hit): Span {
  const start = Math.max(0, Math.min(hit.start, command.length));
  const end = Math.max(start, Math.min(hit.end, command.length));
  return { start, end, text: command.slice(start, end) };
}

/** How a segment is shown to people: scripts are prefixed with their language. */
export function describeSegment(seg: Segment): string {
  return seg.script ? `${seg.script}: ${seg.text}` : seg.text;
}

function tracePack(command: string, pack: CompiledPack, seg: Segment, env: EvalEnv): PackTrace {
  if (seg.readOnly) return { packId: pack.id, skipped: 'read-only', rules: [] };
  const keyword = packKeyword(pack, seg);
  if (keyword === undefined) return { packId: pack.id, skipped: 'keyword-gate', rules: [] };
  const safePattern = safePatternOf(pack, seg);
  if (safePattern !== undefined) return { packId: pack.id, keyword, skipped: 'safe-pattern', safePattern, rules: [] };
  const rules = pack.rules
    .filter((r) => applies(r, seg))
    .map((rule) => {
      const hit = rule.test(seg, env);
      const base = { ruleId: rule.id, action: rule.action, severity: rule.severity, matched: hit !== null };
      return hit ? { ...base, span: toSpan(command, hit), why: rule.explanation } : base;
    });
  return { packId: pack.id, keyword, rules };
}

export function traceSegment(command: string, packs: readonly CompiledPack[], seg: Segment, env: EvalEnv): SegmentTrace {
  return {
    text: describeSegment(seg),
    command: seg.cmd,
    origin: seg.origin,
    depth: seg.depth,
    span: toSpan(command, { start: seg.start, end: seg.end }),
    readOnly: seg.readOnly,
    data: seg.isData,
    packs: packs.map((p) => tracePack(command, p, seg, env)),
  };
}
