/** Paths of credential files and of the process environment, as they appear in commands. */

const CREDENTIALS: RegExp[] = [
  /(?:^|\/)\.ssh(?:\/(?:id_[^/]*|[^/]+\.(?:pem|key)|\*))?$/,
  /(?:^|\/)\.aws(?:\/(?:credentials|config|sso\/cache(?:\/.*)?))?$/,
  /(?:^|\/)\.env(?:\.(?!example$|sample$|template$|dist$|defaults$)[\w.-]+)?$/,
  /(?:^|\/)\.config\/gh(?:\/hosts\.ya?ml)?$/,
  /(?:^|\/)[._]netrc$/,
  /(?:^|\/)\.docker\/config\.json$/,
  /(?:^|\/)\.kube\/config$/,
  /(?:^|\/)\.git-credentials$/,
  /(?:^|\/)\.(?:npmrc|pypirc|vault-token|pgpass|my\.cnf)$/,
  /(?:^|\/)\.config\/gcloud(?:\/(?:credentials\.db|access_tokens\.db|application_default_credentials\.json|legacy_credentials(?:\/.*)?))?$/,
  /(?:^|\/)\.azure\/(?:accessTokens\.json|msal_token_cache\.\w+)$/,
  /(?:^|\/)\.gnupg(?:\/(?:private-keys-v1\.d(?:\/.*)?|secring\.gpg))?$/,
  /(?:^|\/)Library\/Keychains(?:\/.*)?$|\.keychain(?:-db)?$/,
  /(?:^|\/)\.terraform\.d\/credentials\.tfrc\.json$/,
  /(?:^|\/)\.cargo\/credentials(?:\.toml)?$/,
  /^\/etc\/(?:g?shadow|sudoers)$/,
];

/** Well-known credential paths that a glob in a command (`~/.ss?/id_rsa`) is tried against. */
const KNOWN = [
  '~/.ssh/id_rsa',
  '~/.ssh/id_ed25519',
  '~/.ssh/id_ecdsa',
  '~/.aws/credentials',
  '.env',
  '~/.config/gh/hosts.yml',
  '~/.netrc',
  '~/.docker/config.json',
  '~/.kube/config',
  '~/.git-credentials',
  '~/.npmrc',
  '~/.pypirc',
];

const ENVIRON = /^\/proc\/(?:self|\d+|\*|\$\$|\$\{?\w+\}?)\/environ$/;

/** `$HOME/x`, `${HOME}/x`, `/home/me/x`, `/Users/me/x`, `/root/x` → `~/x`; `//`, `/./` and a trailing `/` removed. */
export function normalise(path: string): string {
  return path
    .replace(/^(?:\$HOME|\$\{HOME\}|\/home\/[^/]+|\/Users\/[^/]+|\/root)(?=\/|$)/, '~')
    .replace(/\/{2,}/g, '/')
    .replace(/\/(?:\.\/)+/g, '/')
    .replace(/^\.\//, '')
    .replace(/(.)\/$/, '$1');
}

function globRegex(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`(?:^|/)${body}$`);
}

/** Every credential path above contains one of these, or a glob character: a cheap test before the full one. */
const HINT = /ssh|aws|env|gh|netrc|docker|kube|credential|rc$|token|pgpass|cnf|gcloud|azure|gnupg|keychain|shadow|sudoers|terraform|cargo|[*?[]/i;

/** Whether text could hold a credential path at all (false for most arguments). */
export const mayNameCredential = (text: string): boolean => HINT.test(text);

export function isCredentialPath(raw: string): boolean {
  if (!HINT.test(raw)) return false;
  const p = normalise(raw);
  if (p.endsWith('.pub')) return false;
  if (CREDENTIALS.some((re) => re.test(p))) return true;
  if (!/[*?[]/.test(p)) return false;
  const re = globRegex(p.replace(/\[[^\]]*\]/g, '?'));
  return KNOWN.some((k) => re.test(k) || re.test(k.replace(/^~\//, '')));
}

export function isEnvironPath(raw: string): boolean {
  return raw.includes('environ') && ENVIRON.test(normalise(raw));
}
