/** `curl -o x.sh URL && sh x.sh`: a downloaded file run later in the same command, before anyone read it. */
import type { Segment, Word } from '../shell-types.ts';
import { shortCluster } from '../options.ts';
import { hitThrough, type RuleTest } from '../rule-types.ts';
import { sourcesOf } from './output-flow.ts';

/** Short options that take a value, per downloader (the rest are flags that may share a cluster). */
const VALUE_CHARS: Record<string, string> = { curl: 'AbcCdDeEFHKmoPQrtTuUwxXyYz', wget: 'aABDeiIlOoPQRtTUwX', fetch: 'oNSTU', aria2c: 'dioNsxj' };
const OUTPUT_CHAR: Record<string, string> = { curl: 'o', wget: 'O', fetch: 'o', aria2c: 'o' };
const OUTPUT_LONG = new Set(['output', 'output-document', 'out']);

const baseName = (p: string): string =>
  p
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .split('/')
    .pop() ?? '';

interface Saved {
  files: string[];
  remoteName: boolean;
}

/** An output of `-` is stdout: nothing is saved, not even under the remote name. */
function keep(out: Saved, value: string | undefined): void {
  if (value === '-') out.remoteName = false;
  else if (value) out.files.push(value);
}

function readOption(cmd: string, args: Word[], i: number, out: Saved): number {
  const v = args[i].value;
  if (v.startsWith('--')) {
    const eq = v.indexOf('=');
    const name = v.slice(2, eq < 0 ? undefined : eq);
    if (name === 'remote-name' || name === 'remote-name-all') out.remoteName = true;
    if (!OUTPUT_LONG.has(name)) return 0;
    keep(out, eq < 0 ? args[i + 1]?.value : v.slice(eq + 1));
    return eq < 0 ? 1 : 0;
  }
  const cluster = shortCluster(v, VALUE_CHARS[cmd]);
  if (cmd === 'curl' && cluster.includes('O')) out.remoteName = true;
  const last = cluster[cluster.length - 1];
  if (last === undefined || !VALUE_CHARS[cmd].includes(last)) return 0;
  const glued = v.slice(cluster.length + 1);
  const value = glued || args[i + 1]?.value;
  if (last === OUTPUT_CHAR[cmd]) keep(out, value);
  return glued ? 0 : 1;
}

/** Names of the files a download command writes. */
function savedFiles(seg: Segment): string[] {
  if (!VALUE_CHARS[seg.cmd]) return [];
  const out: Saved = { files: [], remoteName: seg.cmd === 'wget' };
  const urls: string[] = [];
  for (let i = 0; i < seg.args.length; i++) {
    const v = seg.args[i].value;
    if (v.length > 1 && v[0] === '-') i += readOption(seg.cmd, seg.args, i, out);
    else if (/^[a-z][\w+.-]*:\/\//i.test(v)) urls.push(v);
  }
  for (const r of seg.redirects) if (r.op[0] === '>' && r.target && !/^(?:\d+|-|\/dev\/.*)$/.test(r.target.value)) out.files.push(r.target.value);
  if (out.remoteName && out.files.length === 0) out.files.push(...urls);
  return out.files.map(baseName).filter(Boolean);
}

/** The file a command runs: `./x.sh`, `/tmp/x`, `sh x.sh`, `python x.py`, `. x.sh`. */
function runFile(seg: Segment): Word | undefined {
  const first = seg.words[0];
  if (first && first.value.includes('/')) return first;
  return sourcesOf(seg).file;
}

export const downloadThenRun: RuleTest = (seg) => {
  const files = savedFiles(seg);
  if (!files.length) return null;
  for (let n = seg.next; n; n = n.next) {
    const run = runFile(n);
    if (run && files.includes(baseName(run.value))) return { start: seg.start, end: hitThrough(n, run).end };
  }
  return null;
};
