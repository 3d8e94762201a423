/** Follows a command's output through pipes, substitutions and enclosing code to a command that runs it as code. */
import type { Hit, Segment } from '../shell-types.ts';
import { codeSources, scriptLang, SHELLS, type CodeSources } from '../code-sources.ts';
import { memo } from '../rule-types.ts';

/** Commands that print their arguments, so a substitution inside them flows on to their output. */
const ECHOES = new Set(['echo', 'printf', 'print', 'cat', 'tee']);

const MAX_HOPS = 16;

export const sourcesOf = (seg: Segment): CodeSources => memo(seg, 'code-sources', () => codeSources(seg));

function runsCode(seg: Segment): boolean {
  return SHELLS.has(seg.cmd) || scriptLang(seg.cmd) !== undefined || seg.cmd === 'eval' || seg.cmd === 'source' || seg.cmd === '.';
}

/** Reads its program from stdin (`sh`, `python3 -`, `bash -c "$(cat)"`), or gets its code from xargs. */
export function runsStdin(seg: Segment): boolean {
  return sourcesOf(seg).stdin || (seg.fromXargs && runsCode(seg));
}

/** Whether what flows `via` is run by its host: as the command word, inline code, the script file, or the program on stdin. */
function runsAsCode(via: NonNullable<Segment['via']>): boolean {
  const { seg: host, word } = via;
  if (via.stdin) return sourcesOf(host).stdin;
  if (!word) return false;
  if (host.words[0] === word) return true;
  const src = sourcesOf(host);
  if (src.file === word || src.code.some((c) => c.word === word)) return true;
  if (!src.stdin) return false;
  return host.stdin?.word === word || host.redirects.some((r) => r.target === word && r.op[0] === '<');
}

/** A shell behind an output process substitution of the command (`tee >(sh)`, `> >(bash)`), which reads what it writes. */
function processSubShell(seg: Segment): Segment | undefined {
  const held = [...seg.words, ...seg.redirects.flatMap((r) => (r.target ? [r.target] : []))];
  for (const w of held) {
    if (!w.value.startsWith('>(')) continue;
    const shell = w.subs?.[0]?.segments?.find((s) => !s.prev && runsStdin(s));
    if (shell) return shell;
  }
  return undefined;
}

/** The command that ends up running `seg`'s output as code, if any. */
export function codeConsumer(seg: Segment): Segment | undefined {
  let cur: Segment | undefined = seg;
  for (let hop = 0; cur && hop < MAX_HOPS; hop++) {
    const own = processSubShell(cur);
    if (own) return own;
    for (let d = cur.next; d?.pipeIn; d = d.next) {
      const shell = runsStdin(d) ? d : processSubShell(d);
      if (shell) return shell;
    }
    const via: Segment['via'] = cur.via;
    if (!via) return undefined;
    const held: boolean = via.word !== undefined || via.stdin === true;
    if (held && runsAsCode(via)) return via.seg;
    cur = held && !ECHOES.has(via.seg.cmd) ? undefined : via.seg;
  }
  return undefined;
}

/** A hit covering both commands. */
export function spanning(a: Segment, b: Segment): Hit {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
