/** Data versus code: finds the code a command runs (`bash -c`, `eval`, `python -c`, `find -exec`, aliases). */
import type { Origin, ScriptLang, Segment, Word } from './shell-types.ts';
import { findCodeArgs, type CodeSpec } from './code-args.ts';
import { codeSources, scriptLang, SHELLS } from './code-sources.ts';
import { gitCall } from './git-args.ts';
import { codeStart } from './command-name.ts';
import { skipOptions, type OptionSpec } from './options.ts';

export type Nested =
  | { kind: 'shell'; code: string; start: number; origin: Origin }
  | { kind: 'script'; lang: ScriptLang; cmd: string; code: string; start: number }
  | { kind: 'words'; words: Word[]; origin: Origin };

const SSH_SPEC: CodeSpec = { code: '', value: 'BbcDEeFIiJLlmOopQRSWw' };
const SU_SPEC: CodeSpec = { code: 'c', value: 'gGsuw', longCode: ['command'], longValue: ['shell', 'group', 'supp-group', 'user'] };

/** Inline code and, when the program comes from stdin, the known stdin body. */
function runsCode(seg: Segment, make: (text: string, start: number, origin: Origin) => Nested): Nested[] {
  const src = codeSources(seg);
  const code = src.code.map((c) => make(c.text, c.start, 'shell-c'));
  return seg.stdin && src.stdin ? [...code, make(seg.stdin.text, seg.stdin.start, 'stdin')] : code;
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
  const words = body
    .split(/\s+/)
    .filter(Boolean)
    .map((value) => ({ ...call.sub, value, quotedFrom: -1, subs: undefined }));
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
  const { cmd, args } = seg;
  if (SHELLS.has(cmd) || cmd === 'source' || cmd === '.') return runsCode(seg, (code, start, origin) => ({ kind: 'shell', code, start, origin }));
  if (cmd === 'eval' && args.length) {
    const joined: Nested = { kind: 'shell', code: args.map((w) => w.value).join(' '), start: codeStart(args[0]), origin: 'eval' };
    return [
      joined,
      ...runsCode(seg, (code, start, origin) => ({ kind: 'shell', code, start, origin })).filter((n) => n.kind === 'shell' && n.origin === 'stdin'),
    ];
  }
  const lang = scriptLang(cmd);
  if (lang) return runsCode(seg, (code, start) => ({ kind: 'script', lang, cmd, code, start }));
  if (cmd === 'ssh') return remoteCode(args);
  if (cmd === 'su' || cmd === 'runuser') {
    return findCodeArgs(args, SU_SPEC).codes.map((c) => ({ kind: 'shell', code: c.text, start: c.start, origin: 'shell-c' }));
  }
  if (cmd === 'find') return findExec(args);
  if (cmd === 'git') return gitNested(seg);
  return containerExec(cmd, args);
}
