/** What a command runs as code: inline code arguments, a script file operand, or its standard input. */
import type { ScriptLang, Segment, Word } from './shell-types.ts';
import { findCodeArgs, type CodeSpec, type CodeText } from './code-args.ts';
import { codeStart } from './command-name.ts';

/** Shells by name; `$SHELL` and `$BASH` name the user's shell. */
export const SHELLS = new Set([
  'bash',
  'sh',
  'zsh',
  'dash',
  'ksh',
  'mksh',
  'ash',
  'fish',
  'yash',
  'posh',
  'rbash',
  'tcsh',
  'csh',
  '$shell',
  '${shell}',
  '$bash',
  '${bash}',
]);

/** For shells `-c` is a flag: the command string is the first positional argument. */
const SHELL_SPEC: CodeSpec = { code: '', value: 'oO', longCode: ['command'], longValue: ['rcfile', 'init-file'] };

const SCRIPT_SPECS: Record<ScriptLang, CodeSpec> = {
  python: { code: 'c', value: 'WXQ', stop: 'm' },
  node: { code: 'ep', value: 'r', longCode: ['eval', 'print'], longValue: ['require', 'import', 'loader', 'conditions'] },
  ruby: { code: 'e', value: 'rICEF' },
  perl: { code: 'eE', value: 'IM' },
  php: { code: 'r', value: 'cdz', stop: 'f' },
  awk: { code: '', value: 'vF', stop: 'f' },
};

/** Operands that make a shell or interpreter read its program from stdin. */
const STDIN_FILES = new Set(['-', '/dev/stdin', '/dev/fd/0', '/proc/self/fd/0']);

export interface CodeSources {
  /** Inline code (`-c` strings, `eval` arguments, awk programs). */
  code: CodeText[];
  /** The operand naming the script file it runs (`bash x.sh`, `source <(…)`). */
  file: Word | undefined;
  /** Whether it reads its program from standard input (also `bash -c "$(cat)"`). */
  stdin: boolean;
}

const STDIN_READERS = new Set(['cat', 'tac', 'head', 'tail']);

const readsOnlyStdin = (s: Segment): boolean =>
  STDIN_READERS.has(s.cmd) && !s.pipeIn && s.args.every((w) => w.value.startsWith('-') || STDIN_FILES.has(w.value));

/** Inline code whose text is read from stdin by a substitution: `bash -c "$(cat)"`. */
function inline(code: CodeText[]): CodeSources {
  const stdin = code.some((c) => c.word.subs?.some((sub) => sub.segments?.some(readsOnlyStdin)));
  return { code, file: undefined, stdin };
}

const NONE: CodeSources = { code: [], file: undefined, stdin: false };

/** The inline-script language of an interpreter command, if any. */
export function scriptLang(cmd: string): ScriptLang | undefined {
  if (/^(?:python[\d.]*|pypy3?)$/.test(cmd)) return 'python';
  if (cmd === 'node' || cmd === 'nodejs' || cmd === 'bun' || cmd === 'deno') return 'node';
  if (cmd === 'ruby' || cmd === 'jruby' || cmd === 'truffleruby') return 'ruby';
  if (cmd === 'perl' || cmd === 'perl5') return 'perl';
  if (cmd === 'php') return 'php';
  if (cmd === 'awk' || cmd === 'gawk' || cmd === 'mawk' || cmd === 'nawk') return 'awk';
  return undefined;
}

const asCode = (w: Word): CodeText => ({ text: w.value, start: codeStart(w), word: w });

/** A program operand: a script file, or stdin when it names stdin. */
function operand(w: Word | undefined): CodeSources {
  if (!w) return { code: [], file: undefined, stdin: true };
  return STDIN_FILES.has(w.value) ? { code: [], file: undefined, stdin: true } : { code: [], file: w, stdin: false };
}

function shellSources(args: Word[]): CodeSources {
  const found = findCodeArgs(args, SHELL_SPEC);
  if (found.codes.length) return inline(found.codes);
  const options = args.slice(0, found.positional);
  const first = args[found.positional];
  if (first && options.some((w) => /^-[a-z]*c/i.test(w.value))) return inline([asCode(first)]);
  // `bash -s args…` reads the program from stdin whatever follows.
  if (options.some((w) => /^-[a-z]*s/i.test(w.value))) return { ...NONE, stdin: true };
  return operand(first);
}

function scriptSources(lang: ScriptLang, cmd: string, args: Word[]): CodeSources {
  // `deno eval CODE` reads like `node -e CODE`.
  const list = cmd === 'deno' && args[0]?.value === 'eval' ? [{ ...args[0], value: '-e' }, ...args.slice(1)] : args;
  const found = findCodeArgs(list, SCRIPT_SPECS[lang]);
  if (found.codes.length) return inline(found.codes);
  if (found.stopped) return NONE;
  const first = list[found.positional];
  if (lang === 'awk') return first ? inline([asCode(first)]) : NONE;
  return operand(first);
}

/** What the segment's command runs; nothing for commands that run no code of their own. */
export function codeSources(seg: Segment): CodeSources {
  const { cmd, args } = seg;
  if (SHELLS.has(cmd)) return shellSources(args);
  const lang = scriptLang(cmd);
  if (lang) return scriptSources(lang, cmd, args);
  if (cmd === 'eval') return inline(args.map(asCode));
  if (cmd === 'source' || cmd === '.') return args.length ? operand(args[0]) : NONE;
  return NONE;
}
