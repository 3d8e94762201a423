/** Builds the normalised Segment that rules evaluate. */
import type { Body, Origin, Piece, Redirect, ScriptLang, Segment, Word } from './shell-types.ts';
import type { Unwrapped } from './wrappers.ts';
import { codeStart, commandName } from './command-name.ts';
import { endOfOptions, takesNext } from './options.ts';
import { decodeEscapes } from './ansi-c.ts';

/** Commands whose arguments are never executed: their quoted text is data. */
const DATA_COMMANDS = new Set([
  'echo',
  'printf',
  'grep',
  'egrep',
  'fgrep',
  'zgrep',
  'rg',
  'ag',
  'ack',
  'cat',
  'tac',
  'head',
  'tail',
  'less',
  'more',
  'wc',
  'sort',
  'uniq',
  'cut',
  'tr',
  'column',
  'man',
  'info',
  'which',
  'whereis',
  'type',
  'whatis',
  'apropos',
  'help',
  'true',
  'false',
  ':',
  'test',
  '[',
  '[[',
  'printenv',
  'jq',
  'yq',
  'ls',
  'pwd',
  'basename',
  'dirname',
  'realpath',
  'readlink',
  'stat',
  'file',
  'diff',
  'cmp',
]);

/** Clients that read commands (SQL and the like) from stdin: their heredocs are code for regex rules. */
const STDIN_CODE = new Set([
  'psql',
  'pgcli',
  'mysql',
  'mariadb',
  'mycli',
  'sqlite3',
  'sqlite',
  'litecli',
  'duckdb',
  'cockroach',
  'sqlcmd',
  'clickhouse-client',
  'usql',
  'snowsql',
  'mongosh',
  'mongo',
  'redis-cli',
  'valkey-cli',
  'keydb-cli',
]);

export interface SegmentInput {
  unwrapped: Unwrapped;
  redirects: Redirect[];
  stdin: Body | undefined;
  depth: number;
  origin: Origin;
}

/** Indexes of git commit/tag messages (`-m msg`, `-mmsg`, `--message=msg`), which are data. */
function maskedArgs(cmd: string, args: Word[]): Set<number> | undefined {
  if (cmd !== 'git') return undefined;
  let masked: Set<number> | undefined;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--message' || takesNext(v, 'm')) (masked ??= new Set()).add(i + 1);
    else if (/^-[a-z]*m./.test(v) || v.startsWith('--message=')) (masked ??= new Set()).add(i);
  }
  return masked;
}

function piece(at: number, text: string, w: Word, linear: boolean): Piece {
  return { at, len: text.length, start: w.start, end: w.end, linear: linear && w.quotedFrom < 0 && w.end - w.start === text.length };
}

function buildText(cmd: string, words: Word[], isData: boolean, redirects: Redirect[], sqlStdin: Body | undefined) {
  const pieces: Piece[] = [];
  let text = cmd;
  if (words.length) pieces.push(piece(0, cmd, words[0], false));
  const masked = isData ? undefined : maskedArgs(cmd, words.slice(1));
  for (let i = 1; i < words.length && !isData; i++) {
    const value = masked?.has(i - 1) ? '…' : words[i].value;
    text += ' ';
    pieces.push(piece(text.length, value, words[i], value !== '…'));
    text += value;
  }
  for (const r of redirects) {
    if (!r.target) continue;
    text += ` ${r.fd}${r.op}`;
    pieces.push(piece(text.length, r.target.value, r.target, true));
    text += r.target.value;
  }
  if (sqlStdin) {
    text += '\n';
    pieces.push({ at: text.length, len: sqlStdin.text.length, start: sqlStdin.start, end: sqlStdin.start + sqlStdin.text.length, linear: true });
    text += sqlStdin.text;
  }
  return { text, pieces };
}

/** What `echo`/`printf`/`cat <<EOF` write to a pipe, when it is literal. */
function dataOut(cmd: string, args: Word[], stdin: Body | undefined): Body | undefined {
  if (cmd === 'echo' || cmd === 'printf') {
    let i = 0;
    let escapes = cmd === 'printf';
    for (; cmd === 'echo' && i < args.length && /^-[neE]+$/.test(args[i].value); i++) escapes ||= args[i].value.includes('e');
    if (i >= args.length) return undefined;
    const text = args
      .slice(i)
      .map((w) => w.value)
      .join(' ');
    return { text: escapes ? decodeEscapes(text) : text, start: codeStart(args[i]), expand: false };
  }
  const readsStdin = args.every((w) => w.value === '-' || w.value.startsWith('-'));
  return (cmd === 'cat' || cmd === 'tac') && readsStdin ? stdin : undefined;
}

function isReadOnly(args: Word[]): boolean {
  const end = endOfOptions(args);
  for (let i = 0; i < end; i++) if (args[i].value === '--help' || args[i].value === '--version') return true;
  return false;
}

export function makeSegment(input: SegmentInput): Segment {
  const { unwrapped, redirects, stdin } = input;
  const words = unwrapped.words;
  const cmd = words.length ? commandName(words[0].value) : '';
  const args = words.slice(1);
  const isData = DATA_COMMANDS.has(cmd);
  const built = buildText(cmd, words, isData, redirects, STDIN_CODE.has(cmd) ? stdin : undefined);
  const last = words[words.length - 1] ?? redirects.find((r) => r.target)?.target;
  return {
    cmd,
    words,
    args,
    text: built.text,
    lower: built.text.toLowerCase(),
    pieces: built.pieces,
    redirects,
    stdin,
    dataOut: dataOut(cmd, args, stdin),
    script: undefined,
    readOnly: unwrapped.readOnly || isReadOnly(args),
    isData,
    fromXargs: unwrapped.fromXargs,
    pipeIn: false,
    depth: input.depth,
    origin: input.origin,
    start: words[0]?.start ?? last?.start ?? 0,
    end: last?.end ?? 0,
  };
}

/** A segment holding the body of an inline script (`python -c`, `node -e` …). */
export function makeScriptSegment(lang: ScriptLang, cmd: string, code: string, start: number, depth: number): Segment {
  const end = start + code.length;
  return {
    cmd,
    words: [],
    args: [],
    text: code,
    lower: code.toLowerCase(),
    pieces: [{ at: 0, len: code.length, start, end, linear: true }],
    redirects: [],
    stdin: undefined,
    dataOut: undefined,
    script: lang,
    readOnly: false,
    isData: false,
    fromXargs: false,
    pipeIn: false,
    depth,
    origin: 'script',
    start,
    end,
  };
}
