import { describe, expect, it } from 'vitest';
import { channelMatches, channelToSubject, parseChannel, subjectToChannel } from './channels.ts';
import { FAMILY_STREAMS, streamForSubject, subjectMatches } from './streams.ts';
import { DEFAULT_NAMESPACE, nsStreamName } from './namespace.ts';

describe('the channel ↔ subject mirror', () => {
  it('spells agent:output:ID as agent.output.ID and back', () => {
    expect(channelToSubject('agent:output:a1')).toBe('agent.output.a1');
    expect(subjectToChannel('agent.output.a1')).toBe('agent:output:a1');
  });

  it('keeps a wildcard a wildcard', () => {
    expect(channelToSubject('agent:output:*')).toBe('agent.output.*');
    expect(subjectToChannel('agent.output.*')).toBe('agent:output:*');
  });
});

describe('parseChannel', () => {
  it('accepts known families with and without ids', () => {
    expect(parseChannel('agent:state:abc_1')?.id).toBe('abc_1');
    expect(parseChannel('system:dcg')?.family.name).toBe('system:dcg');
    expect(parseChannel('agent:output:*')?.id).toBe('*');
  });

  it('rejects unknown families, missing ids and unsafe segments', () => {
    for (const bad of ['agent:nope:1', 'agent:output', 'system:dcg:1', 'agent:output:a.b', 'agent:output:>', '', 'x']) {
      expect(parseChannel(bad)).toBeNull();
    }
  });
});

describe('channelMatches', () => {
  it('matches one segment per star and nothing across families', () => {
    expect(channelMatches('agent:output:*', 'agent:output:a1')).toBe(true);
    expect(channelMatches('agent:output:*', 'agent:state:a1')).toBe(false);
    expect(channelMatches('agent:output:a1', 'agent:output:a2')).toBe(false);
  });
});

describe('streams', () => {
  const fwName = (name?: string) => name && nsStreamName(DEFAULT_NAMESPACE, name);
  it('gives every family a stream whose subject is the mirrored channel', () => {
    expect(fwName(streamForSubject('agent.output.a1')?.name)).toBe('FW_AGENT_OUTPUT');
    expect(fwName(streamForSubject('system.dcg')?.name)).toBe('FW_SYSTEM_DCG');
    expect(fwName(streamForSubject('usage.a1')?.name)).toBe('FW_USAGE');
    expect(new Set(FAMILY_STREAMS.map((s) => s.name)).size).toBe(FAMILY_STREAMS.length);
  });

  it('matches NATS wildcards like the server does', () => {
    expect(subjectMatches('a.*', 'a.b')).toBe(true);
    expect(subjectMatches('a.*', 'a.b.c')).toBe(false);
    expect(subjectMatches('a.>', 'a.b.c')).toBe(true);
    expect(subjectMatches('a.>', 'a')).toBe(false);
  });
});
