/**
 * Gemini CLI runs shell commands it deems safe (`ls`, `cat`, `git status` ... — its "known safe" heuristics) without
 * asking the ACP client, so the safety guard would never see them. A policy rule with an `argsPattern` skips those
 * heuristics: this one makes every run_shell_command ask (session/request_permission), where the guard answers.
 * Loaded as an admin policy (`--admin-policy <dir>`, the highest tier) so the user's own allow rules cannot skip the
 * guard either; Gemini CLI ignores --admin-policy (with a warning) when system policies are installed.
 */
export const GEMINI_GUARD_POLICY = `# Written by the Flywheel agent runner: every shell call asks the ACP client, whose safety guard decides.
[[rule]]
toolName = "run_shell_command"
argsPattern = ".*"
decision = "ask_user"
priority = 999
`;

export const GEMINI_GUARD_POLICY_FILE = 'flywheel-guard.toml';

const ACP_FLAGS = new Set(['--acp', '--experimental-acp']);

/** Whether the command starts Gemini CLI in ACP mode (its `gemini` bin or bundle/gemini.js, run directly or by node). */
export function isGeminiAcp(command: readonly string[]): boolean {
  return command.some((a) => ACP_FLAGS.has(a)) && command.slice(0, 3).some((a) => /(?:^|\/)gemini(?:\.js)?$|@google\/gemini-cli\//.test(a));
}

/** The command with `--admin-policy <dir>` added when it starts Gemini CLI in ACP mode and names no admin policy itself. */
export function withGeminiGuardPolicy(command: readonly string[], policyDir: string): string[] {
  if (!isGeminiAcp(command) || command.some((a) => a === '--admin-policy' || a.startsWith('--admin-policy='))) return [...command];
  return [...command, '--admin-policy', policyDir];
}
