import { describe, expect, it } from 'vitest';
import { createEngine, listPacks, validatePack } from '../index.ts';
import { BUILTIN_PACKS } from './registry.ts';
import { RULE_EXAMPLES } from './rule-examples.ts';

const optional = listPacks()
  .filter((p) => !p.alwaysOn)
  .map((p) => p.id);
const engine = createEngine({ failMode: 'closed', packs: optional });
const coreOnly = createEngine({ failMode: 'closed' });

describe('optional packs', () => {
  it('are off unless enabled: their examples pass an engine with only the core packs', () => {
    const examples = Object.entries(RULE_EXAMPLES)
      .filter(([id]) => !id.startsWith('core.'))
      .flatMap(([, list]) => list);
    for (const command of examples) expect(coreOnly.check(command).decision, command).toBe('allow');
  });

  it('enable one at a time', () => {
    const db = createEngine({ failMode: 'closed', packs: ['database'] });
    expect(db.check('redis-cli FLUSHALL').decision).toBe('deny');
    expect(db.check('kubectl delete namespace prod').decision).toBe('allow');
  });

  it('are plain data that would pass as custom packs, except the two that follow output from command to command', () => {
    const structural = BUILTIN_PACKS.filter((p) => !p.alwaysOn && p.rules.some((r) => r.test)).map((p) => p.id);
    expect(structural).toEqual(['remote.exec', 'secrets']);
    for (const pack of BUILTIN_PACKS.filter((p) => !p.alwaysOn && !structural.includes(p.id))) {
      const data = { ...pack, rules: pack.rules.map(({ test: _test, ...rule }) => rule) };
      expect(() => validatePack(data), pack.id).not.toThrow();
    }
  });

  it.each([
    'psql -c "SELECT * FROM users"',
    'psql -c "DELETE FROM sessions WHERE expires_at < now()"',
    'psql -c "UPDATE users SET admin = false WHERE id = 1"',
    'mysql -e "SHOW TABLES"',
    'sqlite3 app.db ".tables"',
    'pg_dump app > app.sql',
    'git commit -m "DROP TABLE users migration"',
    'echo "DROP TABLE users"',
    'grep -ri "truncate table" migrations/',
    'redis-cli GET session:1',
    'mongosh app --eval "db.users.find({})"',
    'mongosh app --eval "db.users.deleteMany({ stale: true })"',
    'docker ps',
    'docker compose down',
    'docker compose up -d',
    'docker rm web',
    'docker run --rm -it alpine sh',
    'docker volume ls',
    'kubectl get namespaces',
    'kubectl delete pod web-1 -n prod',
    'kubectl delete namespace prod --dry-run=client',
    'kubectl drain node-1 --dry-run=server',
    'helm list',
    'helm uninstall web --dry-run',
    'aws s3 ls s3://bucket',
    'aws s3 rm s3://bucket/key.txt',
    'aws s3 rm s3://bucket/prefix --recursive --dryrun',
    'aws ec2 terminate-instances --instance-ids i-1 --dry-run',
    'gcloud compute instances list',
    'az group list',
    'terraform plan',
    'terraform plan -destroy',
    'terraform apply tfplan',
    'terraform state list',
    'pulumi preview',
    'pulumi up',
    'dd if=disk.img of=/tmp/copy.img',
    'dd if=/dev/urandom of=/dev/null count=1',
    'echo hi > /dev/null',
    'npm test 2>/dev/null',
    'chmod -R u+rwX ./project',
    'chmod 777 ./script.sh',
    'chown -R me ./project',
    'systemctl status nginx',
    'systemctl restart nginx',
    'shutdown -c',
    'lsblk -f',
  ])('allows %s', (command) => {
    expect(engine.check(command).decision).toBe('allow');
  });

  it('asks a human for kubectl drain and terraform apply -auto-approve', () => {
    expect(engine.check('kubectl drain node-1')).toMatchObject({ decision: 'ask', ruleId: 'kubernetes:drain' });
    expect(engine.check('terraform apply -auto-approve')).toMatchObject({ decision: 'ask', severity: 'high' });
  });

  it('prefers a deny anywhere in the command over an earlier ask', () => {
    expect(engine.check('terraform apply -auto-approve && git push --force').ruleId).toBe('core.git:push-force');
    expect(engine.check('terraform apply -auto-approve -destroy').ruleId).toBe('infrastructure:terraform-destroy');
  });

  it('reads SQL from heredocs, here-strings and pipes into the client', () => {
    expect(engine.check('psql app <<EOF\nBEGIN;\nDROP TABLE users;\nCOMMIT;\nEOF').ruleId).toBe('database:drop-table');
    expect(engine.check('mysql app <<< "TRUNCATE orders"').ruleId).toBe('database:truncate');
    expect(engine.check(`printf 'DELETE FROM users;\\n' | sqlite3 app.db`).ruleId).toBe('database:delete-without-where');
  });
});
