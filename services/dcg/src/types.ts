/** Public types of the Destructive Command Guard engine. */

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** What a rule does when it matches; `ask` waits for a human, `warn` allows but flags. */
export type RuleAction = 'deny' | 'ask' | 'warn';

export type Verdict = 'allow' | RuleAction;

/** On a parse error or an exceeded limit: `open` allows with a warning, `closed` denies. */
export type FailMode = 'open' | 'closed';

/** Offsets into the command given to `check`, end exclusive. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

export interface Decision {
  decision: Verdict;
  ruleId?: string;
  packId?: string;
  severity?: Severity;
  reason?: string;
  safeAlternative?: string;
  matchedSpan?: Span;
  /** Normalised segments that were evaluated; absent when the keyword gate allowed the command outright. */
  segments?: string[];
}

export interface CheckContext {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** A regex that, when it matches a segment, exempts that segment from the pack's rules. */
export interface SafePatternSpec {
  id: string;
  pattern: string;
  flags?: string;
}

/** Data form of a rule, as custom packs write it (built-in packs may add a matcher function). */
export interface RuleSpec {
  /** Local id; the full id is `pack:rule`. */
  id: string;
  severity: Severity;
  action?: RuleAction;
  explanation: string;
  /** A command that reaches the goal safely; it must itself be allowed. */
  safeAlternative?: string;
  /** JavaScript regex source matched against each normalised segment. */
  pattern?: string;
  flags?: string;
  /** Only segments whose command word is one of these are considered. */
  commands?: string[];
  /** Rule-level gate: at least one must appear in the segment (added to the pack's keywords). */
  keywords?: string[];
}

export interface PackSpec {
  id: string;
  name: string;
  description: string;
  /** Lowercase substrings; a segment containing none of them skips the pack. */
  keywords: string[];
  /** Whether a policy that says nothing about the pack turns it on (every built-in pack does). */
  enabledByDefault?: boolean;
  /**
   * The action a policy gives the pack when it says nothing else: the strongest action its rules take
   * (see EngineOptions.packActions). Built-in core packs `deny`, the others `ask`; unset means `deny`.
   */
  defaultAction?: RuleAction;
  safePatterns?: SafePatternSpec[];
  rules: RuleSpec[];
}

/** A custom pack after validation. */
export type Pack = PackSpec;

export interface RuleInfo {
  id: string;
  severity: Severity;
  action: RuleAction;
  explanation: string;
  safeAlternative?: string;
}

export interface PackInfo {
  id: string;
  name: string;
  description: string;
  keywords: string[];
  /** Core packs cannot be disabled. */
  alwaysOn: boolean;
  enabledByDefault: boolean;
  /** The pack's action when a policy sets none (`deny` when the pack does not say). */
  defaultAction: RuleAction;
  custom: boolean;
  rules: RuleInfo[];
}

export interface RuleTrace {
  ruleId: string;
  action: RuleAction;
  severity: Severity;
  matched: boolean;
  span?: Span;
  why?: string;
}

export type PackSkip = 'keyword-gate' | 'read-only' | 'safe-pattern';

export interface PackTrace {
  packId: string;
  /** The keyword that opened the pack's gate for this segment. */
  keyword?: string;
  skipped?: PackSkip;
  safePattern?: string;
  rules: RuleTrace[];
}

export interface SegmentTrace {
  text: string;
  command: string;
  origin: string;
  depth: number;
  span: Span;
  readOnly: boolean;
  data: boolean;
  packs: PackTrace[];
}

export interface Explanation {
  command: string;
  decision: Decision;
  gate: { passed: boolean; keyword?: string };
  parseErrors: string[];
  segments: SegmentTrace[];
}
