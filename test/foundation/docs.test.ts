import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envTable } from '../../scripts/env-table.ts';

describe('docs/configuration.md', () => {
  it('lists exactly the variables the services read (regenerate with scripts/env-table.ts)', () => {
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(envTable());
  });
});
