import { describe, expect, it } from 'vitest';
import { createEngine, listPacks } from '../index.ts';
import { RULE_EXAMPLES } from './rule-examples.ts';

const optional = listPacks()
  .filter((p) => !p.alwaysOn)
  .map((p) => p.id);
const engine = createEngine({ failMode: 'closed', packs: optional });
const rules = listPacks().flatMap((p) => p.rules);

describe('every built-in rule', () => {
  it('has destructive examples, and every example names a rule that exists', () => {
    const ids = new Set(rules.map((r) => r.id));
    expect(rules.filter((r) => !RULE_EXAMPLES[r.id]?.length).map((r) => r.id)).toEqual([]);
    expect(Object.keys(RULE_EXAMPLES).filter((id) => !ids.has(id))).toEqual([]);
  });

  const cases = rules.flatMap((r) => (RULE_EXAMPLES[r.id] ?? []).map((command) => ({ rule: r, command })));
  it.each(cases)('$rule.id fires on $command with its own action', ({ rule, command }) => {
    const d = engine.check(command);
    expect(d).toMatchObject({ decision: rule.action, ruleId: rule.id, severity: rule.severity, reason: rule.explanation });
    expect(d.matchedSpan?.text.length).toBeGreaterThan(0);
  });

  it.each(rules)('$id offers a safe alternative that is itself allowed: $safeAlternative', (rule) => {
    expect(rule.safeAlternative).toBeTruthy();
    expect(engine.check(rule.safeAlternative ?? '').decision).toBe('allow');
  });

  it.each(rules)('$id has an explanation and a pack-qualified id', (rule) => {
    expect(rule.id).toMatch(/^[a-z.]+:[a-z0-9-]+$/);
    expect(rule.explanation.length).toBeGreaterThan(20);
  });
});
