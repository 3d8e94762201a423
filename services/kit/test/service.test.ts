import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { healthRpc } from '@flywheel/contracts';
import { BaseConfig, connectNats, request, startService, type Db, type NatsConnection, type ServiceDefinition, type ServiceInstance } from '../src/index.ts';
import { startNats, testLogger, type TestNats } from '../src/testing/index.ts';

const notes = sqliteTable('notes', { id: text('id').primaryKey(), body: text('body').notNull() });
const schema = { notes };
const MIGRATIONS = fileURLToPath(new URL('./fixtures/notes-drizzle', import.meta.url));

const withDb = (
  create: ServiceDefinition<typeof BaseConfig, ServiceInstance, typeof schema>['create'],
): ServiceDefinition<typeof BaseConfig, ServiceInstance, typeof schema> => ({
  name: 'coordination',
  version: '0.0.0-test',
  configSchema: BaseConfig,
  db: { schema, migrationsFolder: MIGRATIONS },
  create,
});

describe('startService with a declared database', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let dir: string;
  const env = () => ({ NATS_URL: nats.url, DATA_DIR: dir, LOG_LEVEL: 'silent' });

  beforeAll(async () => {
    nats = await startNats();
    nc = await connectNats({ url: nats.url, name: 'service-test', logger: testLogger() });
    dir = mkdtempSync(join(tmpdir(), 'fw-kit-svc-'));
  });
  afterAll(async () => {
    await nc.close();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens and migrates DATA_DIR/<name>.db before create, reports it in health, closes it after stop', async () => {
    let seen: Db<typeof schema> | undefined;
    const running = await startService(
      withDb(async ({ db }) => {
        db.insert(notes).values({ id: 'n1', body: 'hello' }).run();
        seen = db;
        return { stop: async () => void expect(db.$client.open).toBe(true) };
      }),
      env(),
    );
    expect(running.deps.db?.$client.name).toBe(join(dir, 'coordination.db'));
    expect(seen!.select().from(notes).all()).toEqual([{ id: 'n1', body: 'hello' }]);
    expect(await request(nc, healthRpc('coordination'), {})).toMatchObject({ status: 'ok', checks: { db: 'ok' } });
    await running.stop();
    expect(seen!.$client.open).toBe(false);
  });

  it('closes the database when create() throws', async () => {
    let seen: Db<typeof schema> | undefined;
    const failing = startService(
      withDb(async ({ db }) => {
        seen = db;
        throw new Error('create failed');
      }),
      env(),
    );
    await expect(failing).rejects.toThrow('create failed');
    expect(seen!.$client.open).toBe(false);
  });
});
