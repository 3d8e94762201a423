import { writeTargets } from './write-targets.ts';

/** The paths a tool call writes, for the coordination check. `mayBeDirectory`: shell targets (`rm -r src`). */
export interface WritePaths {
  paths: string[];
  mayBeDirectory: boolean;
}

const FILE_PATH_TOOLS = new Set([
  'write',
  'edit',
  'multiedit',
  'notebookedit',
  'write_file',
  'replace',
  'edit_file',
  'delete',
  'move',
  'create_file',
  'str_replace_based_edit_tool',
]);
const PATH_KEYS = ['file_path', 'notebook_path', 'path', 'filePath', 'absolute_path', 'target_file', 'source', 'destination'];
const PATCH_PATH = /^\*\*\* (?:Add File|Update File|Delete File|Move to): (.+)$/gm;

function stringsAt(input: unknown, keys: readonly string[]): string[] {
  if (!input || typeof input !== 'object') return [];
  const rec = input as Record<string, unknown>;
  return keys.map((k) => rec[k]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Codex's apply_patch names its files in `*** Update File: path` lines. */
function patchPaths(input: unknown): string[] {
  const text = typeof input === 'string' ? input : stringsAt(input, ['patch', 'input', 'command']).join('\n');
  return [...text.matchAll(PATCH_PATH)].map((m) => m[1].trim());
}

/** What a file tool or a shell command writes; undefined when it writes nothing we can name. */
export function writePaths(tool: string, input: unknown, command: string | undefined): WritePaths | undefined {
  const name = tool.toLowerCase();
  let paths: string[] = [];
  if (command !== undefined) paths = writeTargets(command).map((t) => t.path);
  else if (name === 'apply_patch') paths = patchPaths(input);
  else if (FILE_PATH_TOOLS.has(name)) paths = stringsAt(input, PATH_KEYS);
  const unique = [...new Set(paths)].filter((p) => p.length <= 4096).slice(0, 200);
  return unique.length ? { paths: unique, mayBeDirectory: command !== undefined } : undefined;
}
