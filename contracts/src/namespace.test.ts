import { describe, expect, it } from 'vitest';
import { checkNamespace, DEFAULT_NAMESPACE, isNamespace, nsStreamName, nsSubject, stripNamespace } from './namespace.ts';
import { FAMILY_STREAMS, USAGE_STREAM } from './streams.ts';

describe('namespace helpers', () => {
  it('prefixes subjects and patterns with the namespace as their first token', () => {
    expect(nsSubject('fw', 'agent.output.a1')).toBe('fw.agent.output.a1');
    expect(nsSubject('team-b', 'agent.output.*')).toBe('team-b.agent.output.*');
    expect(nsSubject('a', 'svc.cost.summary')).toBe('a.svc.cost.summary');
  });

  it('strips only its own namespace and leaves other subjects alone', () => {
    expect(stripNamespace('fw', 'fw.agent.output.a1')).toBe('agent.output.a1');
    expect(stripNamespace('a', 'a.system.dcg')).toBe('system.dcg');
    expect(stripNamespace('a', 'ab.system.dcg')).toBe('ab.system.dcg');
    expect(stripNamespace('fw', '_INBOX.x')).toBe('_INBOX.x');
    expect(stripNamespace('b', nsSubject('b', 'usage.x'))).toBe('usage.x');
  });

  it('keeps the default namespace stream names FW_* and gives others their own', () => {
    expect(DEFAULT_NAMESPACE).toBe('fw');
    expect(nsStreamName(DEFAULT_NAMESPACE, USAGE_STREAM.name)).toBe('FW_USAGE');
    expect(FAMILY_STREAMS.map((s) => nsStreamName('fw', s.name))).toContain('FW_AGENT_OUTPUT');
    expect(nsStreamName('a', 'AGENT_OUTPUT')).toBe('A_AGENT_OUTPUT');
    expect(nsStreamName('team-b', 'SYSTEM_DCG')).toBe('TEAM-B_SYSTEM_DCG');
  });

  it('accepts short lower-case names and refuses anything that could break a subject or stream name', () => {
    for (const ok of ['fw', 'a', 'team-b', 'prod_2', 'x'.repeat(32)]) expect(isNamespace(ok)).toBe(true);
    for (const bad of ['', 'FW', 'a.b', 'a b', 'a*', 'a>', 'a/b', 'x'.repeat(33)]) expect(isNamespace(bad)).toBe(false);
    expect(checkNamespace('a')).toBe('a');
    expect(() => checkNamespace('A.B')).toThrow(/must match/);
  });
});
