import type { Engine } from '@flywheel/dcg';

export interface CaseResult {
  line: number;
  command: string;
  expected: string;
  actual: string;
  ruleId?: string;
  ok: boolean;
}

const LINE = /^(.*?)\s*(?:→|=>|->)\s*(allow|deny|warn|ask)\s*$/;

/** Parses `command → decision` lines (also `=>`/`->`; `#` comments) and checks each against the engine. */
export function runPolicyCases(text: string, engine: Engine): { results: CaseResult[]; errors: string[] } {
  const results: CaseResult[] = [];
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = LINE.exec(line);
    if (!m || !m[1]) {
      errors.push(`line ${i + 1}: expected "command → allow|deny|warn|ask", got: ${line}`);
      return;
    }
    const d = engine.check(m[1]);
    results.push({ line: i + 1, command: m[1], expected: m[2], actual: d.decision, ruleId: d.ruleId, ok: d.decision === m[2] });
  });
  return { results, errors };
}
