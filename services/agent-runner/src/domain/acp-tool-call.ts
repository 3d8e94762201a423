import { z } from 'zod';

/**
 * What an ACP tool call (session/request_permission's `toolCall`, a session/update `tool_call`) says about the call.
 * Agents differ: claude-code-acp sends `rawInput` (the tool's own arguments); Gemini CLI 0.61.0 sends none — its shell
 * command is the `title` (run_shell_command's display title is the command verbatim), the working directory and
 * description are a text content block (`[current working directory <dir>] (<description>)` or `[in <dir_path>] …`),
 * the written file is a `diff` content block's `path` and `locations[0].path` (absolute), and the tool's own name is
 * the `toolCallId`'s prefix (`run_shell_command__<id>`, `write_file__<id>`).
 */
export const AcpToolCall = z.looseObject({
  toolCallId: z.string().optional(),
  title: z.string().nullish(),
  kind: z.string().nullish(),
  rawInput: z.unknown().optional(),
  content: z.array(z.unknown()).nullish(),
  locations: z.array(z.looseObject({ path: z.string() })).nullish(),
});
export type AcpToolCall = z.infer<typeof AcpToolCall>;

/** The call as the guard and the events name it: the tool and its input (a shell call's `command`, a file tool's `file_path`). */
export interface AcpCallView {
  tool: string;
  input: unknown;
}

// Gemini CLI prefixes every call id with its tool's name and `__` (MCP tools are `server__tool`, so the last `__` splits).
const ID_TOOL = /^([A-Za-z][\w.:-]*)__[^_][^]*$/;
const TEXT = z.looseObject({ type: z.literal('content'), content: z.looseObject({ type: z.literal('text'), text: z.string() }) });
const DIFF = z.looseObject({
  type: z.literal('diff'),
  path: z.string(),
  newText: z.string().nullish(),
  _meta: z.looseObject({ kind: z.string().optional() }).nullish(),
});
// Gemini CLI's shell explanation: `[in <dir_path>]` or `[current working directory <cwd>]`, then ` (<description>)`, ` [background]`.
const SHELL_DETAILS = /^\[(?:in|current working directory) (.+?)\](?= \(| \[background\]|$)(?: \(([^]*?)\))?/;

/** The tool's own name from a Gemini-style call id (`run_shell_command__toolu_1` → run_shell_command), else undefined. */
export function toolNameFromId(toolCallId: string | undefined): string | undefined {
  if (!toolCallId || !ID_TOOL.test(toolCallId)) return undefined;
  return toolCallId.slice(0, toolCallId.lastIndexOf('__'));
}

function firstText(content: unknown[] | null | undefined): string | undefined {
  for (const c of content ?? []) {
    const t = TEXT.safeParse(c);
    if (t.success) return t.data.content.text;
  }
  return undefined;
}

function firstDiff(content: unknown[] | null | undefined): z.infer<typeof DIFF> | undefined {
  for (const c of content ?? []) {
    const d = DIFF.safeParse(c);
    if (d.success) return d.data;
  }
  return undefined;
}

/**
 * The tool and input the guard (and the tool_call_start event) sees for an ACP tool call. With `rawInput` the agent's
 * own arguments stand (named by the call's kind, as before). Without, they are rebuilt from what the call carries:
 * an `execute` call → `{tool: <CLI's name> | 'Bash', input: {command: title, dir_path?, description?}}` so the guard's
 * shell rules match; an `edit` / `delete` call → `{file_path}` (the diff's or the first location's path) so
 * coordination's write check and the worktree isolation check see the file; a `move` → `{source, destination}`.
 */
export function acpCallView(call: AcpToolCall): AcpCallView {
  const named = toolNameFromId(call.toolCallId);
  if (call.rawInput !== undefined && call.rawInput !== null) return { tool: call.kind ?? named ?? call.title ?? 'tool', input: call.rawInput };
  const title = call.title ?? undefined;
  const paths = (call.locations ?? []).map((l) => l.path);
  switch (call.kind) {
    case 'execute': {
      if (!title) break;
      const details = SHELL_DETAILS.exec(firstText(call.content) ?? '');
      return {
        tool: named ?? 'Bash',
        input: {
          command: title,
          ...(details?.[1] ? { dir_path: details[1] } : {}),
          ...(details?.[2] ? { description: details[2] } : {}),
        },
      };
    }
    case 'edit':
    case 'delete': {
      const diff = firstDiff(call.content);
      const file = diff?.path ?? paths[0];
      if (!file) break;
      const tool = named ?? (call.kind === 'delete' ? 'delete' : diff?._meta?.kind === 'add' ? 'Write' : 'Edit');
      return { tool, input: { file_path: file, ...(tool === 'write_file' && typeof diff?.newText === 'string' ? { content: diff.newText } : {}) } };
    }
    case 'move':
      if (paths.length < 2) break;
      return { tool: named ?? 'move', input: { source: paths[0], destination: paths[1] } };
  }
  return { tool: named ?? call.kind ?? title ?? 'tool', input: { title, ...(paths.length ? { paths } : {}) } };
}
