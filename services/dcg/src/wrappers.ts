/** Strips wrappers (sudo, env, nice, timeout, xargs …) so rules see the command that really runs. */
import type { Word } from './shell-types.ts';
import { commandName, codeStart, isAssignment } from './command-name.ts';
import { hasShort, skipOptions, takesNext, type OptionSpec } from './options.ts';

export interface Unwrapped {
  /** Command word first; empty when nothing runs (`sudo -l`, a bare assignment). */
  words: Word[];
  readOnly: boolean;
  fromXargs: boolean;
  /** Shell code produced by a wrapper (`env -S '…'`). */
  code?: { text: string; start: number };
}

type Wrapper = (words: Word[], i: number, out: Unwrapped) => number;

/** Reserved words that may precede a command: `if rm …`, `then rm …`, `! rm …`, `{ rm …; }`. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'esac']);

const SUDO_READ_ONLY = ['--list', '--version', '--validate', '--help', '--edit', '--remove-timestamp', '--reset-timestamp'];
const SUDO: OptionSpec = {
  value: 'ugCDprtTUR',
  longValue: ['user', 'group', 'close-from', 'chdir', 'host', 'prompt', 'role', 'type', 'command-timeout', 'other-user', 'chroot'],
};

function withOptions(spec: OptionSpec, readOnlyShort = '', readOnlyLong: readonly string[] = []): Wrapper {
  return (words, i, out) => {
    const next = skipOptions(words, i, spec);
    for (let k = i; k < next; k++) {
      const v = words[k].value;
      if (readOnlyLong.includes(v) || [...readOnlyShort].some((c) => hasShort(v, c, spec.value))) out.readOnly = true;
    }
    return next;
  };
}

function envWrapper(words: Word[], i: number, out: Unwrapped): number {
  for (; i < words.length; i++) {
    const w = words[i];
    const v = w.value;
    if (v === '--') return i + 1;
    const split = splitString(words, i);
    if (split) {
      out.code = split;
      return words.length;
    }
    if (v[0] !== '-' || v === '-') {
      if (v === '-' || isAssignment(w)) continue;
      return i;
    }
    if (takesNext(v, 'uC') || v === '--unset' || v === '--chdir') i++;
  }
  return i;
}

/** `env -S 'rm -rf /'` splits its argument into a command line. */
function splitString(words: Word[], i: number): Unwrapped['code'] {
  const v = words[i].value;
  let first: { text: string; start: number } | undefined;
  if (v === '-S' || v === '--split-string') {
    const w = words[i + 1];
    if (w) first = { text: w.value, start: codeStart(w) };
    i++;
  } else if (v.startsWith('--split-string=')) first = { text: v.slice(15), start: words[i].start + 15 };
  else if (v.startsWith('-S')) first = { text: v.slice(2), start: words[i].start + 2 };
  if (!first) return undefined;
  const rest = words.slice(i + 1).map((w) => w.value);
  return { text: [first.text, ...rest].join(' '), start: first.start };
}

function niceWrapper(words: Word[], i: number): number {
  while (i < words.length) {
    const v = words[i].value;
    if (v === '--') return i + 1;
    if (v === '-n' || v === '--adjustment') i += 2;
    else if (/^-\d+$/.test(v) || v.startsWith('-n') || v.startsWith('--adjustment=')) i++;
    else return i;
  }
  return i;
}

function timeoutWrapper(words: Word[], i: number): number {
  const next = skipOptions(words, i, { value: 'sk', longValue: ['signal', 'kill-after'] });
  return next + 1; // the duration
}

function xargsWrapper(words: Word[], i: number, out: Unwrapped): number {
  out.fromXargs = true;
  return skipOptions(words, i, {
    value: 'ILnPsdaE',
    longValue: ['arg-file', 'delimiter', 'max-args', 'max-procs', 'max-chars', 'process-slot-var'],
  });
}

const WRAPPERS: Record<string, Wrapper> = {
  sudo: withOptions(SUDO, 'lVvKe', SUDO_READ_ONLY),
  doas: withOptions({ value: 'uC' }),
  env: envWrapper,
  command: withOptions({ value: '' }, 'vV'),
  builtin: (_w, i) => i,
  exec: withOptions({ value: 'a' }),
  nohup: withOptions({ value: '' }),
  nice: niceWrapper,
  ionice: withOptions({ value: 'cnpPu' }),
  time: withOptions({ value: 'fo', longValue: ['format', 'output'] }),
  timeout: timeoutWrapper,
  xargs: xargsWrapper,
  stdbuf: withOptions({ value: 'ioe', longValue: ['input', 'output', 'error'] }),
  setsid: withOptions({ value: '' }),
  watch: withOptions({ value: 'nq', longValue: ['interval', 'equexit'] }),
  busybox: (_w, i) => i,
  chronic: (_w, i) => i,
  unbuffer: (_w, i) => i,
  eatmydata: (_w, i) => i,
};

/** `{rm,-rf,/}` is brace-expanded by bash into three words. */
function braceExpand(words: Word[], i: number): Word[] {
  const w = words[i];
  if (w.quotedFrom >= 0 || !/^\{[^{}\s]*,[^{}\s]*\}$/.test(w.value)) return words.slice(i);
  const parts = w.value
    .slice(1, -1)
    .split(',')
    .filter((p) => p !== '');
  return [...parts.map((value) => ({ ...w, value, subs: undefined })), ...words.slice(i + 1)];
}

/** Peels wrappers, assignments and reserved words off the front of a simple command. */
export function unwrap(words: Word[]): Unwrapped {
  const out: Unwrapped = { words: [], readOnly: false, fromXargs: false };
  let i = 0;
  for (let guard = 0; guard < 64 && i < words.length; guard++) {
    while (i < words.length && isAssignment(words[i])) i++;
    if (i >= words.length) break;
    const w = words[i];
    const name = commandName(w.value);
    if (w.quotedFrom < 0 && RESERVED.has(w.value)) {
      i++;
      continue;
    }
    const wrapper = WRAPPERS[name];
    if (!wrapper) {
      out.words = braceExpand(words, i);
      return out;
    }
    const at = i;
    i = wrapper(words, i + 1, out);
    // `env` with no command prints the environment: that is the command.
    if (name === 'env' && i >= words.length && !out.code) out.words = words.slice(at);
  }
  return out;
}
