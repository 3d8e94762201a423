/** createEngine: the in-process Destructive Command Guard. Pure: no I/O, no clocks, no globals mutated. */
import type { CheckContext, Decision, Explanation, FailMode, Pack, PackInfo, RuleAction } from './types.ts';
import type { EvalEnv } from './rule-types.ts';
import { DEFAULT_LIMITS, parseCommand, type Limits, type Parsed } from './parse.ts';
import { foldLookalikes } from './unicode.ts';
import { gateKeyword, keywordRegex } from './gate.ts';
import { findMatch } from './evaluate.ts';
import { describeSegment, toSpan, traceSegment } from './trace.ts';
import { TEMP_PREFIXES, withTempDir } from './paths.ts';
import { selectPacks, builtinPackInfo } from './pack-selection.ts';
import { minimalKeywords, type CompiledPack } from './compile.ts';

export interface EngineOptions {
  /** Optional packs to enable (database, containers, …); core.git and core.filesystem are always on. */
  packs?: string[];
  /** Validated custom packs (see loadCustomPack); always enabled. */
  customPacks?: Pack[];
  /**
   * Per pack id, the strongest action its rules may take (`ask` turns its denies into asks, a warn stays a
   * warn); packs not named keep their rules' own actions. A policy fills this from each pack's `defaultAction`.
   */
  packActions?: Readonly<Record<string, RuleAction>>;
  failMode: FailMode;
  /** An extra directory under which recursive deletion is allowed. */
  tmpdir?: string;
  limits?: Partial<Limits>;
}

export interface EnginePackInfo extends PackInfo {
  enabled: boolean;
}

export interface Engine {
  check(command: string, ctx?: CheckContext): Decision;
  explain(command: string, ctx?: CheckContext): Explanation;
  listPacks(): EnginePackInfo[];
}

interface Runtime {
  packs: CompiledPack[];
  keywords: RegExp;
  limits: Limits;
  prefixes: readonly string[];
  mode: FailMode;
}

function failDecision(mode: FailMode, problem: string, limit: boolean, segments?: string[]): Decision {
  const ruleId = limit ? 'engine:limit-exceeded' : 'engine:parse-error';
  const closed = mode === 'closed';
  const decision: Decision = {
    decision: closed ? 'deny' : 'warn',
    ruleId,
    packId: 'engine',
    severity: closed ? 'high' : 'low',
    reason: `Could not evaluate the command (${problem}); ${closed ? 'denied because the guard fails closed' : 'allowed because the guard fails open'}.`,
  };
  if (segments) decision.segments = segments;
  return decision;
}

function decide(rt: Runtime, command: string, parsed: Parsed, env: EvalEnv): Decision {
  const segments = parsed.segments.map(describeSegment);
  const match = findMatch(rt.packs, parsed.segments, env);
  const problem = parsed.limit ?? parsed.errors[0];
  if (problem !== undefined && match?.rule.action !== 'deny' && (rt.mode === 'closed' || !match)) {
    return failDecision(rt.mode, problem, parsed.limit !== undefined, segments);
  }
  if (!match) return { decision: 'allow', segments };
  const { rule } = match;
  const decision: Decision = { decision: rule.action, ruleId: rule.id, packId: rule.packId, severity: rule.severity, reason: rule.explanation };
  if (rule.safeAlternative !== undefined) decision.safeAlternative = rule.safeAlternative;
  return { ...decision, matchedSpan: toSpan(command, match.hit), segments };
}

function envFor(rt: Runtime, ctx: CheckContext | undefined): EvalEnv {
  return { tmpPrefixes: withTempDir(rt.prefixes, ctx?.env?.TMPDIR), cwd: ctx?.cwd };
}

const tooLong = (rt: Runtime): Decision => failDecision(rt.mode, `longer than ${rt.limits.maxLength} characters`, true);

function check(rt: Runtime, command: string, ctx?: CheckContext): Decision {
  if (typeof command !== 'string') return failDecision(rt.mode, 'the command is not a string', false);
  if (gateKeyword(rt.keywords, command) === undefined) return { decision: 'allow' };
  if (command.length > rt.limits.maxLength) return tooLong(rt);
  return decide(rt, command, parseCommand(foldLookalikes(command), rt.limits), envFor(rt, ctx));
}

function explain(rt: Runtime, command: string, ctx?: CheckContext): Explanation {
  const keyword = gateKeyword(rt.keywords, command);
  const env = envFor(rt, ctx);
  const parsed = command.length > rt.limits.maxLength ? undefined : parseCommand(foldLookalikes(command), rt.limits);
  const decision: Decision = keyword === undefined ? { decision: 'allow' } : parsed ? decide(rt, command, parsed, env) : tooLong(rt);
  return {
    command,
    decision,
    gate: keyword === undefined ? { passed: false } : { passed: true, keyword },
    parseErrors: parsed ? [...parsed.errors, ...(parsed.limit ? [parsed.limit] : [])] : [`longer than ${rt.limits.maxLength} characters`],
    segments: parsed ? parsed.segments.map((s) => traceSegment(command, rt.packs, s, env)) : [],
  };
}

function listEnginePacks(rt: Runtime): EnginePackInfo[] {
  const inForce = new Map(rt.packs.map((p) => [p.id, p.info]));
  const custom = rt.packs.filter((p) => p.info.custom).map((p) => p.info);
  const builtin = builtinPackInfo().map((info) => inForce.get(info.id) ?? info);
  return [...builtin, ...custom].map((info) => ({ ...info, enabled: inForce.has(info.id) }));
}

/** Builds an engine; throws PackError for unknown packs (in `packs` or `packActions`) or invalid custom packs. */
export function createEngine(options: EngineOptions): Engine {
  const packs = selectPacks(options.packs, options.customPacks, options.packActions);
  const rt: Runtime = {
    packs,
    keywords: keywordRegex(minimalKeywords(packs.flatMap((p) => p.keywords))),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    prefixes: withTempDir(TEMP_PREFIXES, options.tmpdir),
    mode: options.failMode,
  };
  return {
    check: (command, ctx) => check(rt, command, ctx),
    explain: (command, ctx) => explain(rt, command, ctx),
    listPacks: () => listEnginePacks(rt),
  };
}
