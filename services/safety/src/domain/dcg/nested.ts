/** Data versus code: finds the code a command runs (`bash -c`, `eval`, `python -c`, `find -exec`, aliases). */
import type { Body, Origin, ScriptLang, Segment, Word } from './shell-types.ts';
import { findCodeArgs, type CodeSpec } from './code-args.ts';
import { gitCall } from './git-args.ts';
import { codeStart } from './command-name.ts';
import { skipOptions, type OptionSpec } from './options.ts';

export type Nested =
  | { kind: 'shell'; code: string; start: number; origin: Origin }
  | { kind: 'script'; lang: ScriptLang; cmd: string; code: string; start: number }
  | { kind: 'words'; words: Word[]; origin: Origin };

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'yash', 'posh', 'rbash', 'tcsh', 'csh']);
/** For shells `-c` is a flag: the command string is the first positional argument. */
const SHELL_SPEC: CodeSpec = { code: '', value: 'oO', longCode: ['command'], longValue: ['rcfile', 'init-file'] };
const SSH_SPEC: CodeSpec = { code: '', value: 'BbcDEeFIiJLlmOopQRSWw' };
const SU_SPEC: CodeSpec = { code: 'c', value: 'gGsuw', longCode: ['command'], longValue: ['shell', 'group', 'supp-group', 'user'] };

const SCRIPT_SPECS: Record<ScriptLang, CodeSpec> = {
  python: { code: 'c', value: 'WXQ', stop: 'm' },
  node: { code: 'ep', value: 'r', longCode: ['eval', 'print'], longValue: ['require', 'import', 'loader', 'conditions'] },
  ruby: { code: 'e', value: 'rICEF' },
  perl: { code: 'eE', value: 'IM' },
  php: { code: 'r', value: 'cdz', stop: 'f' },
  awk: { code: '', value: 'vF', stop: 'f' },
};

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

function shellCode(args: Word[], stdin: Body | undefined): Nested[] {
  const found = findCodeArgs(args, SHELL_SPEC);
  const dashC = args.slice(0, found.positional).some((w) => /^-[a-z]*c/i.test(w.value));
  if (found.codes.length) return found.codes.map((c) => ({ kind: 'shell', code: c.text, start: c.start, origin: 'shell-c' }));
  if (dashC && args[found.positional]) {
    const w = args[found.positional];
    return [{ kind: 'shell', code: w.value, start: codeStart(w), origin: 'shell-c' }];
  }
  const readsStdin = found.positional >= args.length || args[found.positional].value === '-';
  const dashS = args.slice(0, found.positional).some((w) => /^-[a-z]*s/i.test(w.value));
  return stdin && (readsStdin || dashS) ? [{ kind: 'shell', code: stdin.text, start: stdin.start, origin: 'stdin' }] : [];
}

function scriptCode(lang: ScriptLang, cmd: string, args: Word[], stdin: Body | undefined): Nested[] {
  // `deno eval CODE` reads like `node -e CODE`.
  const list = cmd === 'deno' && args[0]?.value === 'eval' ? [{ ...args[0], value: '-e' }, ...args.slice(1)] : args;
  const found = findCodeArgs(list, SCRIPT_SPECS[lang]);
  const codes = found.codes.slice();
  if (lang === 'awk' && !found.stopped && !codes.length && list[found.positional]) {
    const w = list[found.positional];
    codes.push({ text: w.value, start: codeStart(w) });
  }
  if (!codes.length && stdin && !found.stopped && (found.positional >= list.length || list[found.positional].value === '-')) {
    codes.push({ text: stdin.text, start: stdin.start });
  }
  return codes.map((c) => ({ kind: 'script', lang, cmd, code: c.text, start: c.start }));
}

function remoteCode(args: Word[]): Nested[] {
  const found = findCodeArgs(args, SSH_SPEC);
  const rest = args.slice(found.positional + 1);
  if (!rest.length) return [];
  return [{ kind: 'shell', code: rest.map((w) => w.value).join(' '), start: codeStart(rest[0]), origin: 'remote' }];
}

function findExec(args: Word[]): Nested[] {
  const out: Nested[] = [];
  for (let i = 0; i < args.length; i++) {
    if (!/^-(?:exec|execdir|ok|okdir)$/.test(args[i].value)) continue;
    let j = i + 1;
    while (j < args.length && args[j].value !== ';' && args[j].value !== '+') j++;
    if (j > i + 1) out.push({ kind: 'words', words: args.slice(i + 1, j), origin: 'exec' });
    i = j;
  }
  return out;
}

/** `git -c alias.x=…` aliases and `git rebase --exec CMD` commands. */
function gitNested(seg: Segment): Nested[] {
  const call = gitCall(seg.args);
  if (!call) return [];
  if (call.sub.value === 'rebase') return rebaseExec(call.rest);
  const body = call.aliases?.get(call.sub.value.toLowerCase());
  if (body === undefined) return [];
  const rest = call.rest.map((w) => w.value).join(' ');
  if (body.startsWith('!')) return [{ kind: 'shell', code: `${body.slice(1)} ${rest}`, start: call.sub.start, origin: 'alias' }];
  const words = body.split(/\s+/).filter(Boolean).map((value) => ({ ...call.sub, value, quotedFrom: -1, subs: undefined }));
  return [{ kind: 'words', words: [seg.words[0], ...words, ...call.rest], origin: 'alias' }];
}

function rebaseExec(rest: Word[]): Nested[] {
  const out: Nested[] = [];
  rest.forEach((w, i) => {
    const next = rest[i + 1];
    if ((w.value === '-x' || w.value === '--exec') && next) out.push({ kind: 'shell', code: next.value, start: codeStart(next), origin: 'shell-c' });
    else if (w.value.startsWith('--exec=')) out.push({ kind: 'shell', code: w.value.slice(7), start: w.start + 7, origin: 'shell-c' });
  });
  return out;
}

const EXEC_SPEC: OptionSpec = { value: 'euw', longValue: ['env', 'env-file', 'user', 'workdir', 'detach-keys'] };

/** `docker exec CTR cmd …` and `kubectl exec POD -- cmd …` run a command inside a container. */
function containerExec(cmd: string, args: Word[]): Nested[] {
  let words: Word[] = [];
  if ((cmd === 'docker' || cmd === 'podman') && args[0]?.value === 'exec') words = args.slice(skipOptions(args, 1, EXEC_SPEC) + 1);
  else if (cmd === 'kubectl' && args.some((w) => w.value === 'exec')) {
    const dd = args.findIndex((w) => w.value === '--');
    if (dd >= 0) words = args.slice(dd + 1);
  }
  return words.length ? [{ kind: 'words', words, origin: 'remote' }] : [];
}

/** Code the segment's command executes, to be evaluated in its own right. */
export function nestedOf(seg: Segment): Nested[] {
  const { cmd, args, stdin } = seg;
  if (SHELLS.has(cmd)) return shellCode(args, stdin);
  if (cmd === 'eval' && args.length) {
    return [{ kind: 'shell', code: args.map((w) => w.value).join(' '), start: codeStart(args[0]), origin: 'eval' }];
  }
  const lang = scriptLang(cmd);
  if (lang) return scriptCode(lang, cmd, args, stdin);
  if (cmd === 'ssh') return remoteCode(args);
  if (cmd === 'su' || cmd === 'runuser') {
    return findCodeArgs(args, SU_SPEC).codes.map((c) => ({ kind: 'shell', code: c.text, start: c.start, origin: 'shell-c' }));
  }
  if (cmd === 'find') return findExec(args);
  if (cmd === 'git') return gitNested(seg);
  return containerExec(cmd, args);
}
