/** Compiles pack specs once per engine: regexes built, keywords lowercased, metadata prepared. */
import type { PackInfo, RuleAction, Severity } from './types.ts';
import type { BuiltinPack, RuleTest } from './rule-types.ts';
import { PackError } from './pack-error.ts';
import { textHit } from './span.ts';
import { keywordRegex } from './gate.ts';

export interface CompiledRule {
  id: string;
  packId: string;
  severity: Severity;
  action: RuleAction;
  explanation: string;
  safeAlternative: string | undefined;
  commands: ReadonlySet<string> | undefined;
  keywords: readonly string[] | undefined;
  test: RuleTest;
}

export interface CompiledPack {
  id: string;
  keywords: readonly string[];
  /** `keywords` as one regex, for the per-segment gate. */
  keywordRe: RegExp;
  safe: { id: string; re: RegExp }[];
  rules: CompiledRule[];
  info: PackInfo;
}

function regex(source: string, flags: string | undefined, where: Record<string, unknown>): RegExp {
  try {
    return new RegExp(source, flags ?? '');
  } catch (err) {
    throw new PackError(`pattern does not compile: ${(err as Error).message}`, { ...where, pattern: source });
  }
}

/** Regex rules see command segments only; inline scripts are for matcher functions. */
function regexTest(re: RegExp): RuleTest {
  return (seg) => {
    if (seg.script) return null;
    const m = re.exec(seg.text);
    return m ? textHit(seg, m.index, m.index + m[0].length) : null;
  };
}

function compileRule(pack: BuiltinPack, rule: BuiltinPack['rules'][number]): CompiledRule {
  const where = { packId: pack.id, ruleId: rule.id };
  if (!rule.test && !rule.pattern) throw new PackError('rule has neither a pattern nor a matcher', where);
  return {
    id: `${pack.id}:${rule.id}`,
    packId: pack.id,
    severity: rule.severity,
    action: rule.action ?? 'deny',
    explanation: rule.explanation,
    safeAlternative: rule.safeAlternative,
    commands: rule.commands ? new Set(rule.commands.map((c) => c.toLowerCase())) : undefined,
    keywords: rule.keywords?.map((k) => k.toLowerCase()),
    test: rule.test ?? regexTest(regex(rule.pattern ?? '', rule.flags, where)),
  };
}

/** Distinct keywords without those that contain another one: text holding the longer holds the shorter. */
export function minimalKeywords(keywords: readonly string[]): string[] {
  const unique = [...new Set(keywords)];
  return unique.filter((k) => !unique.some((other) => other !== k && k.includes(other)));
}

export function compilePack(pack: BuiltinPack, custom: boolean): CompiledPack {
  const rules = pack.rules.map((r) => compileRule(pack, r));
  const safe = (pack.safePatterns ?? []).map((s) => ({ id: s.id, re: regex(s.pattern, s.flags, { packId: pack.id, safePattern: s.id }) }));
  const info: PackInfo = {
    id: pack.id,
    name: pack.name,
    description: pack.description,
    keywords: [...pack.keywords],
    alwaysOn: pack.alwaysOn === true,
    enabledByDefault: pack.alwaysOn === true || pack.enabledByDefault === true,
    defaultAction: pack.defaultAction ?? 'deny',
    custom,
    rules: rules.map((r) => ({
      id: r.id,
      severity: r.severity,
      action: r.action,
      explanation: r.explanation,
      ...(r.safeAlternative !== undefined && { safeAlternative: r.safeAlternative }),
    })),
  };
  const keywords = minimalKeywords([...pack.keywords, ...pack.rules.flatMap((r) => r.keywords ?? [])].map((k) => k.toLowerCase()));
  return { id: pack.id, keywords, keywordRe: keywordRegex(keywords), safe, rules, info };
}
