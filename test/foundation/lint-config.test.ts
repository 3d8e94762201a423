// The lint config enforces the house boundaries (docs/DEVELOPING.md, "Lint and format"): each case lints a snippet
// as if it were a file at that path, through ESLint's Node API and the repo's own eslint.config.js.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const root = join(import.meta.dirname, '..', '..');
// no-cycle walks the whole import graph from each file; the boundary cases leave it to the last test.
const eslint = new ESLint({ cwd: root, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });

async function errorsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, filePath) });
  return result!.messages.filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint config: boundaries', { timeout: 120_000 }, () => {
  it('refuses a service importing another service by package name', async () => {
    const errors = await errorsOf(
      'services/cost/src/handlers/x.ts',
      "import { SafetyDefinition } from '@flywheel/safety';\nexport const d = SafetyDefinition;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*A service imports only/)]);
  });

  it("refuses a service importing another service's src by relative path", async () => {
    const errors = await errorsOf(
      'services/cost/src/handlers/x.ts',
      "import { SafetyDefinition } from '../../../safety/src/service.ts';\nexport const d = SafetyDefinition;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/^import-x\/no-relative-packages: /)]);
  });

  it("refuses a test reaching into a workspace's src by relative path", async () => {
    const errors = await errorsOf(
      'test/e2e/x.test.ts',
      "import { GatewayDefinition } from '../../services/gateway-api/src/service.ts';\nexport const d = GatewayDefinition;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/^import-x\/no-relative-packages: /)]);
  });

  it("refuses a service's own test starting another service (that test belongs in test/e2e/)", async () => {
    const errors = await errorsOf(
      'services/gateway-api/test/x.test.ts',
      "import { CoordinationDefinition } from '@flywheel/coordination';\nexport const d = CoordinationDefinition;\n",
    );
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*test\/e2e/)]);
  });

  it('refuses the web app importing a service or the kit', async () => {
    for (const spec of ['@flywheel/safety', '@flywheel/kit']) {
      const errors = await errorsOf('web/src/stores/x.ts', `import * as m from '${spec}';\nexport const d = m;\n`);
      expect(errors, spec).toEqual([expect.stringMatching(/^no-restricted-imports: .*The web app imports only @flywheel\/contracts/)]);
    }
  });

  it('lints Vue single-file components too', async () => {
    const sfc =
      '<script setup lang="ts">\nimport { SafetyDefinition } from \'@flywheel/safety\';\n</script>\n<template><p>{{ SafetyDefinition }}</p></template>\n';
    const errors = await errorsOf('web/src/components/LintProbePanel.vue', sfc);
    expect(errors).toEqual([expect.stringMatching(/^no-restricted-imports: .*The web app imports only @flywheel\/contracts/)]);
  });

  it('refuses I/O packages and the kit in domain files', async () => {
    for (const spec of ['@nats-io/transport-node', 'drizzle-orm', 'drizzle-orm/sqlite-core', 'express', 'pino', 'better-sqlite3', '@flywheel/kit']) {
      const errors = await errorsOf('services/cost/src/domain/x.ts', `import * as m from '${spec}';\nexport const d = m;\n`);
      expect(errors, spec).toEqual([expect.stringMatching(/^no-restricted-imports: .*domain\/ is pure/)]);
    }
  });

  it('refuses a domain file importing upward', async () => {
    for (const spec of ['../runtime/usage-ingest.ts', '../db/analytics-repo.ts', '../service.ts']) {
      const errors = await errorsOf('services/cost/src/domain/x.ts', `import * as m from '${spec}';\nexport const d = m;\n`);
      expect(errors, spec).toEqual([expect.stringMatching(/^no-restricted-imports: .*domain\/ imports nothing upward/)]);
    }
  });

  it('refuses db/ importing runtime/ and runtime/ importing handlers/', async () => {
    const db = await errorsOf('services/cost/src/db/x.ts', "import { usageIngest } from '../runtime/usage-ingest.ts';\nexport const d = usageIngest;\n");
    expect(db).toEqual([expect.stringMatching(/^no-restricted-imports: .*Imports point one way/)]);
    const runtime = await errorsOf('services/cost/src/runtime/x.ts', "import { bindRpcs } from '../handlers/bind-rpcs.ts';\nexport const d = bindRpcs;\n");
    expect(runtime).toEqual([expect.stringMatching(/^no-restricted-imports: .*Imports point one way/)]);
  });

  it('accepts files that keep to the rules', async () => {
    const handler = [
      "import { coordRpcs } from '@flywheel/contracts';",
      "import { request } from '@flywheel/kit';",
      "import { createEngine } from '@flywheel/dcg';",
      "import { MICROS_PER_USD } from '../domain/money.ts';",
      'export const d = [coordRpcs, request, createEngine, MICROS_PER_USD];',
      '',
    ].join('\n');
    expect(await errorsOf('services/cost/src/handlers/x.ts', handler)).toEqual([]);
    const domain =
      "import type { CostRecordView } from '@flywheel/contracts';\nimport { z } from 'zod';\nimport { MICROS_PER_USD } from './money.ts';\nexport type V = CostRecordView;\nexport const d = [z, MICROS_PER_USD];\n";
    expect(await errorsOf('services/cost/src/domain/x.ts', domain)).toEqual([]);
    const web = "import { API } from '@flywheel/contracts';\nimport { ref } from 'vue';\nexport const d = [API, ref];\n";
    expect(await errorsOf('web/src/stores/x.ts', web)).toEqual([]);
  });
});

describe('lint config: import circles', { timeout: 120_000 }, () => {
  // no-cycle follows imports on disk, so this case writes two real files (removed afterwards).
  const dir = join(root, 'test', `.lint-cycle-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses two modules importing each other', async () => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n");
    writeFileSync(join(dir, 'b.ts'), "import { a } from './a.ts';\nexport const b = (): number => (a ? 1 : 0);\n");
    const results = await new ESLint({ cwd: root, cache: false }).lintFiles([join(dir, 'a.ts')]);
    expect(results[0]!.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
  });
});
