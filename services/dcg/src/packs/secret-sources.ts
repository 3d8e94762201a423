/** Commands that print secrets: credential files read, secret stores and token helpers queried, the environment dumped. */
import type { Body, Segment, Sub, Word } from '../shell-types.ts';
import { isCredentialPath, isEnvironPath, mayNameCredential } from './secret-paths.ts';

export type SecretKind = 'file' | 'store' | 'environment';

export interface SecretSource {
  kind: SecretKind;
  seg: Segment;
  word: Word | undefined;
}

/** Options whose value is a local file that is used or written, not sent (`ssh -i key`, `curl -o out`). */
const NOT_SENT = new Set([
  '-i',
  '-K',
  '-E',
  '-e',
  '-o',
  '-O',
  '-D',
  '-c',
  '--identity',
  '--key',
  '--cert',
  '--cacert',
  '--config',
  '--netrc-file',
  '--kubeconfig',
  '--password-file',
  '--key-file',
  '--rsh',
  '--output',
  '--output-document',
  '--dump-header',
  '--cookie-jar',
]);

/** Paths a word may name: itself, after `=` (`--post-file=F`), `@` (`-d @F`, `f=@F`) or `<` (`f=<F`); a `;type=…` suffix dropped. */
function pathsIn(v: string): string[] {
  const out = [v];
  for (const sep of ['=', '@', '<']) {
    const i = v.indexOf(sep);
    if (i >= 0) out.push(v.slice(i + 1).replace(/^[@<]/, ''));
  }
  const socat = /^(?:open|gopen|file|readline):([^,]+)/i.exec(v);
  if (socat) out.push(socat[1]);
  return out.map((p) => p.split(';')[0]);
}

const names = (v: string, test: (p: string) => boolean): boolean => pathsIn(v).some(test);

const REMOTE = /^[\w.@-]+:/;

/** The argument or stdin file naming a credential; for a copy, its destination and remote (`host:path`) operands are left out. */
export function credentialWord(seg: Segment, copy = false): Word | undefined {
  const args = seg.args;
  const last = copy ? args.findLastIndex((w) => !w.value.startsWith('-')) : -1;
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (NOT_SENT.has(v)) i++;
    else if (i === last || (copy && REMOTE.test(v)) || NOT_SENT.has(v.split('=')[0])) continue;
    else if (mayNameCredential(v) && names(v, isCredentialPath)) return args[i];
  }
  return seg.redirects.find((r) => r.op[0] === '<' && r.target && isCredentialPath(r.target.value))?.target;
}

/** The argument or stdin file naming the process environment (`/proc/self/environ`). */
export function environWord(seg: Segment): Word | undefined {
  const inArgs = seg.args.find((w) => w.value.includes('environ') && names(w.value, isEnvironPath));
  return inArgs ?? seg.redirects.find((r) => r.op[0] === '<' && r.target && isEnvironPath(r.target.value))?.target;
}

/** `cmd sub …` (and `cmd sub sub2 …`) invocations that print a secret. */
const STORE_CALLS: Record<string, RegExp> = {
  security: /^(?:find-generic-password|find-internet-password|dump-keychain|export)\b/,
  'secret-tool': /^(?:lookup|search)\b/,
  gh: /^auth (?:token|status .*(?:-t|--show-token))\b/,
  aws: /^(?:configure (?:get|export-credentials)|sts get-session-token|ecr get-login-password|codeartifact get-authorization-token)\b/,
  gcloud: /^(?:auth (?:print-access-token|print-identity-token|application-default print-access-token)|secrets versions access)\b/,
  az: /^(?:account get-access-token|keyvault secret show)\b/,
  op: /^(?:read|item get|inject|document get)\b/,
  pass: /^(?!ls\b|list\b|find\b|search\b|init\b|insert\b|edit\b|generate\b|rm\b|mv\b|cp\b|git\b|help\b|version\b)/,
  gopass: /^(?:show|cat)\b/,
  vault: /^(?:read|kv get|token create|print token)\b/,
  kubectl: /^config view .*--raw\b/,
  heroku: /^auth:token\b/,
  git: /^credential fill\b/,
  keyring: /^get\b/,
  bw: /^get\b/,
  lpass: /^show\b/,
  doppler: /^secrets\b/,
  gpg: /^.*--export-secret-(?:keys|subkeys)\b/,
};

/** Where a secret store's token is meant to go: sending it there is using it, not leaking it. */
const STORE_HOMES: Record<string, RegExp> = {
  gh: /(?:^|\.)(?:github\.com|githubusercontent\.com|ghcr\.io)$/,
  gcloud: /(?:^|\.)(?:googleapis\.com|google\.com|gcr\.io|pkg\.dev)$/,
  az: /(?:^|\.)(?:azure\.com|azure\.net|windows\.net|microsoft\.com|microsoftonline\.com)$/,
  aws: /(?:^|\.)amazonaws\.com$/,
  heroku: /(?:^|\.)heroku\.com$/,
};

export const homeOf = (src: SecretSource): RegExp | undefined => (src.kind === 'store' ? STORE_HOMES[src.seg.cmd] : undefined);

const ENV_DUMPERS: Record<string, (args: Word[]) => boolean> = {
  env: () => true,
  printenv: () => true,
  set: (args) => args.length === 0,
  export: (args) => args.every((w) => w.value === '-p'),
  declare: (args) => args.every((w) => /^-[pxgr]+$/.test(w.value)),
  typeset: (args) => args.every((w) => /^-[pxgr]+$/.test(w.value)),
};

/** The secret this one command prints, ignoring what its substitutions do. */
export function ownSecret(seg: Segment): SecretSource | undefined {
  if (seg.script) return undefined;
  const dumper = ENV_DUMPERS[seg.cmd];
  if (dumper?.(seg.args)) return { kind: 'environment', seg, word: seg.words[0] };
  const environ = environWord(seg);
  if (environ) return { kind: 'environment', seg, word: environ };
  const call = STORE_CALLS[seg.cmd];
  if (call?.test(seg.args.map((w) => w.value).join(' '))) return { kind: 'store', seg, word: seg.words[0] };
  const file = credentialWord(seg);
  return file ? { kind: 'file', seg, word: file } : undefined;
}

/** A secret printed by the command or by a substitution in its words (`echo "$(env)"`). */
export function secretOf(seg: Segment): SecretSource | undefined {
  return ownSecret(seg) ?? substitutedSecret(seg.words);
}

/** A secret printed inside a substitution of one of these words, or of a heredoc. */
export function substitutedSecret(words: readonly Word[], heredoc?: Body): SecretSource | undefined {
  const held: { word: Word | undefined; subs: Sub[] | undefined }[] = words.map((w) => ({ word: w, subs: w.subs }));
  held.push({ word: undefined, subs: heredoc?.subs });
  for (const { word, subs } of held) {
    for (const sub of subs ?? []) {
      for (const s of sub.segments ?? []) {
        const found = ownSecret(s);
        if (found) return { ...found, word };
      }
    }
  }
  return undefined;
}
