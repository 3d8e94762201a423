import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseConfig, ConfigError, describeConfig, loadConfig } from './config.ts';

const Schema = BaseConfig.extend({ PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe('HTTP port') });

describe('loadConfig', () => {
  it('applies defaults for unset and empty variables', () => {
    const c = loadConfig(Schema, { PORT: '' });
    expect(c.PORT).toBe(3000);
    expect(c.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('names the bad variable and its value', () => {
    try {
      loadConfig(Schema, { PORT: 'abc' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).variables).toEqual(['PORT']);
      expect((e as ConfigError).message).toContain('PORT="abc"');
    }
  });

  it('puts every service in the fw namespace unless told otherwise, and refuses one that is not a subject token', () => {
    expect(loadConfig(Schema, {}).FLYWHEEL_NAMESPACE).toBe('fw');
    expect(loadConfig(Schema, { FLYWHEEL_NAMESPACE: 'team-b' }).FLYWHEEL_NAMESPACE).toBe('team-b');
    expect(() => loadConfig(Schema, { FLYWHEEL_NAMESPACE: 'Team.B' })).toThrow(/FLYWHEEL_NAMESPACE="Team.B"/);
  });

  it('describes every key for the README table', () => {
    const rows = describeConfig(Schema);
    expect(rows.find((r) => r.name === 'PORT')).toEqual({ name: 'PORT', default: 3000, description: 'HTTP port' });
  });
});
