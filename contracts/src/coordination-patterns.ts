import { z } from 'zod';
import { expandBraces } from './coordination-braces.ts';

const VIRTUAL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/;
const EXTGLOB = /[@!+*?]\(/;

/** `tool://browser`, `service://db`: a resource that is not a path; it matches itself exactly. */
export const isVirtualResource = (p: string): boolean => VIRTUAL.test(p);

export type NormalizedPattern = { ok: true; pattern: string } | { ok: false; reason: string };

/** Inside a segment `**` means `*`; a segment of only stars is `**` (any depth). */
function segment(s: string): string {
  if (/^\*+$/.test(s)) return s.length > 1 ? '**' : '*';
  return s.replace(/\*{2,}/g, '*');
}

/**
 * A reservation pattern, repo-relative: `\` → `/`, leading `./` and `/` and empty or `.` segments dropped,
 * a trailing `/` means everything under it (`src/` → `src/**`), runs of `**` collapsed. `..`, negation and
 * extglobs are refused. Virtual resources (`tool://…`) are kept as written.
 */
export function normalizePattern(raw: string): NormalizedPattern {
  if (raw.includes('\0')) return { ok: false, reason: 'must not contain NUL bytes' };
  if (isVirtualResource(raw)) return { ok: true, pattern: raw };
  const p = raw.replace(/\\/g, '/');
  if (p.trim() !== p) return { ok: false, reason: 'must not start or end with spaces' };
  if (p.startsWith('!')) return { ok: false, reason: 'negated patterns are not supported' };
  if (EXTGLOB.test(p)) return { ok: false, reason: 'extglobs like @(a|b) are not supported; use {a,b}' };
  const segs = p.split('/').filter((s) => s !== '' && s !== '.');
  const expanded = expandBraces(p);
  if (!expanded) return { ok: false, reason: 'expands to more than 256 patterns' };
  if (expanded.some((e) => e.split('/').includes('..'))) return { ok: false, reason: "must not contain '..' (patterns are relative to the repository root)" };
  if (segs.length === 0) return { ok: false, reason: 'names no path (empty after normalisation)' };
  const out: string[] = [];
  for (const s of segs.map(segment)) if (!(s === '**' && out[out.length - 1] === '**')) out.push(s);
  if (p.endsWith('/') && out[out.length - 1] !== '**') out.push('**');
  return { ok: true, pattern: out.join('/') };
}

/** A path or glob of a reservation, normalised on parse (see normalizePattern); bad ones are a 400 naming the reason. */
export const Pattern = z
  .string()
  .min(1)
  .max(1024)
  .transform((s, ctx) => {
    const n = normalizePattern(s);
    if (n.ok) return n.pattern;
    ctx.addIssue({ code: 'custom', message: `pattern ${JSON.stringify(s.slice(0, 80))} ${n.reason}` });
    return z.NEVER;
  });
