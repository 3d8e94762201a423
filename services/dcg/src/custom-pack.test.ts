import { describe, expect, it } from 'vitest';
import { loadCustomPack, PackError, validatePack } from './index.ts';

const rule = { id: 'nuke', severity: 'high', pattern: String.raw`^acme\s+nuke\b`, explanation: 'Deletes everything.' };
const pack = (over: Record<string, unknown> = {}) => ({ id: 'acme', name: 'ACME', keywords: ['acme'], rules: [rule], ...over });

function problem(input: unknown): PackError {
  try {
    validatePack(input);
  } catch (err) {
    if (err instanceof PackError) return err;
    throw err;
  }
  throw new Error('expected a PackError');
}

describe('loadCustomPack', () => {
  it('loads a YAML pack and fills defaults', () => {
    const text = `id: acme\nname: ACME\nkeywords: [acme]\nrules:\n  - id: nuke\n    severity: high\n    pattern: '^acme\\s+nuke\\b'\n    explanation: Deletes everything.\n`;
    expect(loadCustomPack(text, 'yaml')).toEqual({ ...pack(), description: '' });
  });

  it('loads the same pack from JSON', () => {
    expect(loadCustomPack(JSON.stringify(pack({ description: 'd' })), 'json')).toMatchObject({ id: 'acme', description: 'd' });
  });

  it('names the format when the text does not parse', () => {
    expect(() => loadCustomPack('{"id": ', 'json')).toThrow(/not valid JSON/);
    expect(() => loadCustomPack('id: [unclosed', 'yaml')).toThrow(/not valid YAML/);
  });
});

describe('validatePack', () => {
  it('rejects a pack with no keywords, since none of its rules could fire', () => {
    const err = problem(pack({ keywords: [] }));
    expect(err.message).toMatch(/keywords: a pack needs at least one keyword/);
    expect(err.details.issues).toEqual([{ path: 'keywords', message: expect.stringContaining('at least one keyword') }]);
  });

  it('rejects a rule whose regex does not compile', () => {
    const err = problem(pack({ rules: [{ ...rule, pattern: 'acme (nuke' }] }));
    expect(err.message).toMatch(/rule "nuke" pattern does not compile/);
    expect(err.details).toMatchObject({ packId: 'acme', pattern: 'acme (nuke' });
  });

  it('rejects a rule whose pattern contains none of the pack keywords', () => {
    const err = problem(pack({ rules: [{ ...rule, pattern: String.raw`^deploy\s+--wipe` }] }));
    expect(err.message).toMatch(/rule "nuke" can never fire: none of the pack keywords \(acme\)/);
    expect(err.details).toEqual({ packId: 'acme', ruleId: 'nuke' });
  });

  it('checks rule-level keywords against the pattern instead of the pack keywords', () => {
    expect(problem(pack({ rules: [{ ...rule, keywords: ['boom'] }] })).message).toMatch(/none of its keywords \(boom\)/);
    expect(() => validatePack(pack({ rules: [{ ...rule, pattern: String.raw`^deploy\s+--wipe`, keywords: ['deploy'] }] }))).not.toThrow();
  });

  it('accepts a rule whose commands carry the keyword even if its pattern does not', () => {
    expect(() => validatePack(pack({ rules: [{ ...rule, pattern: String.raw`\s--wipe\b`, commands: ['acme'] }] }))).not.toThrow();
  });

  it('rejects duplicate rule ids', () => {
    expect(problem(pack({ rules: [rule, { ...rule, pattern: '^acme\\s+boom' }] })).message).toBe('duplicate rule id "nuke"');
  });

  it('rejects patterns that match the empty string and so would fire on everything', () => {
    expect(problem(pack({ rules: [{ ...rule, pattern: '(acme)?' }] })).message).toMatch(/matches the empty string/);
    expect(problem(pack({ safePatterns: [{ id: 'all', pattern: '.*' }] })).message).toMatch(/safe pattern "all" matches the empty string/);
  });

  it('rejects a rule that denies its own safe alternative unless a safe pattern exempts it', () => {
    const bad = { ...rule, safeAlternative: 'acme nuke --plan' };
    expect(problem(pack({ rules: [bad] })).message).toMatch(/matches its own safe alternative/);
    expect(() => validatePack(pack({ rules: [bad], safePatterns: [{ id: 'plan', pattern: '--plan' }] }))).not.toThrow();
  });

  it.each([
    [{ id: 'Bad Id' }, /id: use lowercase/],
    [{ id: 'core.mine' }, /reserved/],
    [{ rules: [] }, /at least one rule/],
    [{ rules: [{ ...rule, severity: 'fatal' }] }, /rules\.0\.severity/],
    [{ rules: [{ ...rule, action: 'block' }] }, /rules\.0\.action/],
    [{ rules: [{ ...rule, flags: 'g' }] }, /only the i, m, s and u flags/],
    [{ rules: [{ ...rule, explanation: undefined }] }, /rules\.0\.explanation/],
    [{ extra: true }, /Unrecognized key/],
  ])('rejects %j', (over, message) => {
    expect(() => validatePack(pack(over))).toThrow(message);
  });
});
