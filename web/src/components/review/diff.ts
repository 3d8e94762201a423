import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import go from 'highlight.js/lib/languages/go';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/** The review view's unified diff: a file's patch as hunks of numbered lines, highlighted per line by highlight.js core. */

for (const [name, lang] of Object.entries({ bash, css, go, javascript, json, markdown, python, rust, typescript, xml, yaml }))
  hljs.registerLanguage(name, lang);

export interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'meta';
  /** Line number in the base file (deleted and context lines). */
  old?: number;
  /** Line number in the agent's file (added and context lines): what review comments refer to. */
  new?: number;
  text: string;
}
export interface Hunk {
  header: string;
  lines: DiffLine[];
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/;

/** The hunks of one file's unified diff (the `diff --git`/`---`/`+++` preamble is skipped). */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let cur: Hunk | undefined;
  let oldNo = 0;
  let newNo = 0;
  for (const raw of patch.split('\n')) {
    const m = HUNK.exec(raw);
    if (m) {
      cur = { header: raw, lines: [] };
      hunks.push(cur);
      oldNo = Number(m[1]);
      newNo = Number(m[2]);
      continue;
    }
    if (!cur) continue;
    const sign = raw[0];
    const text = raw.slice(1);
    if (sign === '+') cur.lines.push({ kind: 'add', new: newNo++, text });
    else if (sign === '-') cur.lines.push({ kind: 'del', old: oldNo++, text });
    else if (sign === ' ') cur.lines.push({ kind: 'ctx', old: oldNo++, new: newNo++, text });
    else if (sign === '\\') cur.lines.push({ kind: 'meta', text: raw });
  }
  return hunks;
}

const BY_EXT: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  json: 'json',
  css: 'css',
  scss: 'css',
  html: 'xml',
  xml: 'xml',
  vue: 'xml',
  svg: 'xml',
  md: 'markdown',
  py: 'python',
  sh: 'bash',
  bash: 'bash',
  yml: 'yaml',
  yaml: 'yaml',
  go: 'go',
  rs: 'rust',
};

/** The highlight.js language of a path, or undefined (shown as plain text). */
export function languageOf(path: string): string | undefined {
  const ext = /\.([^./]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? BY_EXT[ext] : undefined;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One line as HTML: highlight.js output (which escapes the source), or the escaped text. */
export function highlightLine(text: string, language: string | undefined): string {
  if (!language) return escapeHtml(text);
  try {
    return hljs.highlight(text, { language, ignoreIllegals: true }).value;
  } catch {
    return escapeHtml(text);
  }
}
