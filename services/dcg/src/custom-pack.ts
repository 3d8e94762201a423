/** Custom packs in YAML or JSON: schema-checked, then checked that every rule can fire and compiles. */
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import type { Pack } from './types.ts';
import { PackError } from './pack-error.ts';

const Id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');
const Flags = z
  .string()
  .regex(/^[imsu]*$/, 'only the i, m, s and u flags are allowed')
  .optional();

export const CustomRuleSchema = z.strictObject({
  id: Id,
  severity: z.enum(['critical', 'high', 'medium', 'low']),
  action: z.enum(['deny', 'ask', 'warn']).optional(),
  explanation: z.string().min(1),
  safeAlternative: z.string().min(1).optional(),
  pattern: z.string().min(1),
  flags: Flags,
  commands: z.array(z.string().min(1)).min(1).optional(),
  keywords: z.array(z.string().trim().min(1)).min(1).optional(),
});

export const CustomPackSchema = z.strictObject({
  id: Id,
  name: z.string().min(1),
  description: z.string().default(''),
  keywords: z.array(z.string().trim().min(1)).min(1, 'a pack needs at least one keyword, or no rule of it can ever fire'),
  enabledByDefault: z.boolean().optional(),
  defaultAction: z.enum(['deny', 'ask', 'warn']).optional(),
  safePatterns: z.array(z.strictObject({ id: Id, pattern: z.string().min(1), flags: Flags })).optional(),
  rules: z.array(CustomRuleSchema).min(1, 'a pack needs at least one rule'),
});

type CustomRule = z.infer<typeof CustomRuleSchema>;

function compile(packId: string, what: string, pattern: string, flags: string | undefined): RegExp {
  try {
    return new RegExp(pattern, flags ?? '');
  } catch (err) {
    throw new PackError(`${what} pattern does not compile: ${(err as Error).message}`, { packId, what, pattern });
  }
}

/** Literal text of a regex, roughly: escapes like `\s`/`\b` become spaces, `\.` becomes `.`. */
function literalText(pattern: string): string {
  return pattern
    .replace(/\\[a-zA-Z]/g, ' ')
    .replace(/\\(.)/g, '$1')
    .toLowerCase();
}

function checkRule(pack: z.infer<typeof CustomPackSchema>, rule: CustomRule, safe: RegExp[]): void {
  const what = `rule "${rule.id}"`;
  const details = { packId: pack.id, ruleId: rule.id };
  const re = compile(pack.id, what, rule.pattern, rule.flags);
  if (re.test('')) throw new PackError(`${what} matches the empty string, so it would fire on every command`, details);
  const keywords = (rule.keywords ?? pack.keywords).map((k) => k.toLowerCase());
  const haystacks = [literalText(rule.pattern), ...(rule.commands ?? []).map((c) => c.toLowerCase())];
  if (!keywords.some((k) => haystacks.some((h) => h.includes(k)))) {
    const whose = rule.keywords ? 'its keywords' : 'the pack keywords';
    throw new PackError(`${what} can never fire: none of ${whose} (${keywords.join(', ')}) appears in its pattern or commands`, details);
  }
  const alt = rule.safeAlternative;
  if (alt && re.test(alt) && !safe.some((s) => s.test(alt))) {
    throw new PackError(`${what} matches its own safe alternative "${alt}"`, details);
  }
}

function checkSafePatterns(pack: z.infer<typeof CustomPackSchema>): RegExp[] {
  return (pack.safePatterns ?? []).map((safe) => {
    const re = compile(pack.id, `safe pattern "${safe.id}"`, safe.pattern, safe.flags);
    if (re.test(''))
      throw new PackError(`safe pattern "${safe.id}" matches the empty string, so no rule could ever fire`, { packId: pack.id, safePattern: safe.id });
    return re;
  });
}

function checkPack(pack: z.infer<typeof CustomPackSchema>): void {
  if (pack.id.startsWith('core.') || pack.id === 'engine') throw new PackError(`pack id "${pack.id}" is reserved`, { packId: pack.id });
  const safe = checkSafePatterns(pack);
  const seen = new Set<string>();
  for (const rule of pack.rules) {
    if (seen.has(rule.id)) throw new PackError(`duplicate rule id "${rule.id}"`, { packId: pack.id, ruleId: rule.id });
    seen.add(rule.id);
    checkRule(pack, rule, safe);
  }
}

/** Validates a pack object (from any source); throws PackError naming the problem. */
export function validatePack(input: unknown): Pack {
  const parsed = CustomPackSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const first = issues[0];
    throw new PackError(`invalid pack: ${first.path || '(root)'}: ${first.message}`, { issues });
  }
  checkPack(parsed.data);
  return parsed.data;
}

/** Parses and validates a custom pack written in YAML or JSON. */
export function loadCustomPack(text: string, format: 'yaml' | 'json'): Pack {
  let data: unknown;
  try {
    data = format === 'yaml' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new PackError(`custom pack is not valid ${format.toUpperCase()}: ${(err as Error).message}`, { format });
  }
  return validatePack(data);
}
