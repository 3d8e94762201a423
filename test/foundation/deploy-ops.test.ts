import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_NAMES } from '@flywheel/contracts';

interface Job {
  job_name: string;
  authorization?: { type: string; credentials_file?: string };
  static_configs: { targets: string[]; labels?: Record<string, string> }[];
}

describe('deploy/prometheus/prometheus.yml', () => {
  it("scrapes every service's metrics through the gateway with a bearer key from a file", () => {
    const cfg = parse(readFileSync('deploy/prometheus/prometheus.yml', 'utf8')) as { scrape_configs: Job[] };
    const job = cfg.scrape_configs.find((j) => j.job_name === 'flywheel')!;
    expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/etc/prometheus/flywheel.key' });
    const paths = job.static_configs.map((s) => s.labels?.__metrics_path__).sort();
    expect(paths).toEqual(SERVICE_NAMES.map((s) => (s === 'gateway-api' ? '/metrics' : `/metrics/${s}`)).sort());
    expect(new Set(job.static_configs.map((s) => s.labels?.instance)).size).toBe(SERVICE_NAMES.length);
  });
});
