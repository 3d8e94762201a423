import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_NAMES } from '@flywheel/contracts';

describe('deploy files', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, { build?: { args?: { SERVICE?: string } } }> };

  it('run nats plus each of the six services from the one Dockerfile', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['nats', ...SERVICE_NAMES].sort());
    for (const name of SERVICE_NAMES) {
      expect(compose.services[name].build?.args?.SERVICE).toBe(name);
      expect(existsSync(`services/${name}/src/main.ts`)).toBe(true);
    }
  });

  it('ship a single-node and a 3-node JetStream config, and replicate every SQLite file', () => {
    expect(readFileSync('deploy/nats/single.conf', 'utf8')).toContain('jetstream');
    for (const i of [1, 2, 3]) expect(readFileSync(`deploy/nats/cluster-node${i}.conf`, 'utf8')).toMatch(/cluster[\s\S]*routes/);
    const lite = parse(readFileSync('deploy/litestream.yml', 'utf8')) as { dbs: { path: string }[] };
    expect(lite.dbs.map((d) => d.path).sort()).toEqual(SERVICE_NAMES.map((n) => `/data/${n}.db`).sort());
  });
});
