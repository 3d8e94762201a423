/**
 * The default rate card prices every model the pinned agent CLIs can select. The model lists are read from the pinned
 * packages' own files (Claude Code's model table in its binary, Codex's bundled model catalog, Gemini CLI's model
 * constants), so upgrading a CLI that brings a new model fails here until the card prices it. A family match does
 * not count: it is a guess (Claude Code's own default, claude-opus-5-5, was priced as claude-opus-5 by family).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultRateCard, matchModel } from '../src/domain/index.ts';

const MODULES = join(import.meta.dirname, '../../../node_modules');

/**
 * Every place `marker` occurs in a large binary (Buffer.indexOf: native search, no decoding of the whole file),
 * with the `window` bytes that follow it as text.
 */
function around(file: string, marker: string, window: number): string[] {
  const buf = readFileSync(file);
  const needle = Buffer.from(marker, 'latin1');
  const out: string[] = [];
  for (let i = buf.indexOf(needle); i !== -1; i = buf.indexOf(needle, i + needle.length)) out.push(buf.toString('latin1', i, i + window));
  return out;
}

/** Claude Code: its model table lists each model's first-party id (`first_party:"claude-..."`). */
function claudeCodeModels(): string[] {
  const bin = join(MODULES, '@anthropic-ai/claude-code/bin/claude.exe');
  const ids = around(bin, 'first_party:"', 80).map((t) => /^first_party:"(claude-[a-z0-9-]+)"/.exec(t)?.[1]);
  return [...new Set(ids.filter((m): m is string => !!m))].sort();
}

/** Codex: the bundled model catalog (models.json in the binary): the slugs whose `visibility` is `list`. */
function codexModels(): string[] {
  const vendor = join(MODULES, '@openai/codex-linux-x64/vendor');
  const bin = join(vendor, readdirSync(vendor)[0]!, 'bin/codex');
  const entries = around(bin, '"slug": "', 200_000).map((t) => /^"slug": "([a-z0-9.-]+)",\s*"prefer_websockets"[\s\S]*?"visibility": "(\w+)"/.exec(t));
  return [...new Set(entries.filter((m) => m?.[2] === 'list').map((m) => m![1]!))].sort();
}

/** Gemini CLI: its model constants (`var ..._MODEL = "gemini-..."`), embedding and computer-use models aside. */
function geminiModels(): string[] {
  const dir = join(MODULES, '@google/gemini-cli/bundle');
  const out = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
    for (const m of readFileSync(join(dir, f), 'latin1').matchAll(/^var [A-Z0-9_]*GEMINI[A-Z0-9_]*MODEL = "(gemini-[a-z0-9.-]+)"/gm)) out.add(m[1]!);
  }
  return [...out].filter((m) => !/embedding|computer-use/.test(m)).sort();
}

/**
 * Models the pinned CLIs offer that the card cannot price from their own reports: Codex and Gemini CLI report no
 * cost (codex exec --json and Gemini's ACP quota give tokens only), and no vendor price list is reachable offline.
 * They stay unknown (priced 0 and flagged `unknown_model`) until a price is sourced; a model not listed here fails.
 */
const UNPRICED: Record<string, string[]> = {
  codex: ['gpt-5.5', 'gpt-5.6-luna', 'gpt-5.6-sol', 'gpt-5.6-terra', 'gpt-6-astra', 'gpt-6-luna', 'gpt-6-sol', 'gpt-6.1-sol', 'gpt-6.1-terra'],
  gemini: [
    'gemini-3-flash-preview',
    'gemini-3-pro-preview',
    'gemini-3.1-flash-lite',
    'gemini-3.1-pro-preview',
    'gemini-3.1-pro-preview-customtools',
    'gemini-3.5-flash',
    'gemini-3.5-flash-lite',
    'gemini-3.8-flash',
  ],
};

const card = loadDefaultRateCard();
const lacking = (models: string[]) => models.filter((m) => !['exact', 'variant'].includes(matchModel(card, m).matchKind));

describe('the default rate card prices every model the pinned CLIs can select', () => {
  it('Claude Code (2.1.332): every model in its table, by exact id or a dated/decorated variant', () => {
    const models = claudeCodeModels();
    expect(models).toEqual(expect.arrayContaining(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-opus-4-8']));
    expect(lacking(models)).toEqual([]);
  });

  it('Codex (0.169.0): every listed model is priced, or named in UNPRICED with the reason', () => {
    const models = codexModels();
    expect(models.length).toBeGreaterThanOrEqual(5);
    expect(lacking(models)).toEqual(UNPRICED.codex);
  });

  it('Gemini CLI (0.61.0): every model constant is priced, or named in UNPRICED with the reason', () => {
    const models = geminiModels();
    expect(models).toContain('gemini-2.5-pro');
    expect(lacking(models)).toEqual(UNPRICED.gemini);
  });
});
