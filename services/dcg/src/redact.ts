/** Removes secrets from commands before they are stored or published. */

const MASK = '[REDACTED]';
const SECRET_NAME = '[A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?)[A-Za-z0-9_]*';

const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // scheme://user:password@host → keep the user, hide the password.
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]+):([^\s@'"]+)@/gi, (_m, scheme, user) => `${scheme}${user}:${MASK}@`],
  // Authorization headers of any scheme, and bare bearer tokens.
  [/\b(authorization\s*[:=]\s*)(?:(bearer|basic|token)\s+)?[^\s'"]+/gi, (_m, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${MASK}`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, (_m, head) => `${head}${MASK}`],
  // Headers that carry keys: X-Api-Key: …, X-Auth-Token: …
  [/\b(x-[a-z-]*(?:key|token|secret)\s*:\s*)[^\s'"]+/gi, (_m, head) => `${head}${MASK}`],
  // NAME=value, NAME: value, --name=value, --name value for secret-looking names.
  [new RegExp(`\\b(${SECRET_NAME}\\s*[=:]\\s*)("[^"]*"|'[^']*'|[^\\s'";&|]+)`, 'gi'), (_m, head) => `${head}${MASK}`],
  [
    /(--?(?:password|passwd|pass|token|secret|api-key|apikey|access-key|secret-key|auth-token)(?:=|\s+))("[^"]*"|'[^']*'|[^\s'";&|]+)/gi,
    (_m, head) => `${head}${MASK}`,
  ],
  // mysql -pSECRET (no space) is a password, -p alone prompts.
  [/(\bmysql(?:dump|admin)?\b[^|;&]*?\s-p)(?!\s)([^\s'";&|]+)/g, (_m, head) => `${head}${MASK}`],
  // Well-known token shapes.
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b/g, MASK],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}\b/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}\b/g, MASK],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, MASK],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}\b/g, MASK],
  [/\bsk-(?:ant-|proj-|live-|test-)?[A-Za-z0-9_-]{20,}\b/g, MASK],
  [/\bnpm_[A-Za-z0-9]{30,}\b/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, MASK],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, MASK],
];

/** Returns the text with passwords, tokens, keys and credentialed URLs replaced by [REDACTED]. */
export function redact(text: string): string {
  let out = text;
  for (const [re, by] of RULES) out = out.replace(re, by as (substring: string, ...args: string[]) => string);
  return out;
}
