/** Maps an agent's tool call (any driver's naming) to what the guard evaluates. */

export type ToolTarget =
  | { kind: 'command'; command: string }
  /** A file write or edit: allowed here (coordination checks files), still recorded. */
  | { kind: 'file' }
  /** A shell tool whose input has no command we can read. */
  | { kind: 'unreadable' }
  | { kind: 'other' };

const SHELL_TOOLS = new Set(['bash', 'shell', 'execute', 'run_shell_command', 'exec_command', 'local_shell', 'terminal', 'run_terminal_cmd', 'container.exec']);
const FILE_TOOLS = new Set(['write', 'edit', 'multiedit', 'notebookedit', 'write_file', 'replace', 'edit_file', 'apply_patch', 'delete', 'move']);
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash']);

/** Codex passes argv arrays like ["bash","-lc","git status"]; unwrap the script, else join the words. */
function fromArgv(argv: unknown[]): string | undefined {
  if (!argv.every((a) => typeof a === 'string') || argv.length === 0) return undefined;
  const words = argv as string[];
  const base = words[0].split('/').pop() ?? '';
  if (words.length === 3 && SHELLS.has(base) && /^-l?c$|^-cl$/.test(words[1])) return words[2];
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", "'\\''")}'`)).join(' ');
}

function commandOf(input: unknown): string | undefined {
  if (typeof input === 'string') return input;
  if (!input || typeof input !== 'object') return undefined;
  const rec = input as Record<string, unknown>;
  const raw = rec.command ?? rec.cmd ?? rec.script;
  if (typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return fromArgv(raw);
  return undefined;
}

export function toolTarget(tool: string, input: unknown): ToolTarget {
  const name = tool.toLowerCase();
  if (SHELL_TOOLS.has(name)) {
    const command = commandOf(input);
    return command !== undefined && command.trim() !== '' ? { kind: 'command', command } : { kind: 'unreadable' };
  }
  if (FILE_TOOLS.has(name)) return { kind: 'file' };
  return { kind: 'other' };
}
