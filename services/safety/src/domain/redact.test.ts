import { describe, expect, it } from 'vitest';
import { redact } from './redact.ts';

describe('redact', () => {
  it.each([
    ['git clone https://bob:hunter2@github.com/x/y.git', 'https://bob:[REDACTED]@github.com/x/y.git', 'hunter2'],
    ['curl -H "Authorization: Bearer abcdef123456789" https://api', 'Authorization: Bearer [REDACTED]', 'abcdef123456789'],
    ['curl -H "X-Api-Key: k_live_123456" https://api', 'X-Api-Key: [REDACTED]', 'k_live_123456'],
    ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 gh pr list', 'GITHUB_TOKEN=[REDACTED]', 'ghp_abc'],
    ['aws configure set aws_secret_access_key=wJalrXUtnFEMI/K7MDENG', '[REDACTED]', 'wJalrXUtnFEMI'],
    ['echo AKIAIOSFODNN7EXAMPLE', 'echo [REDACTED]', 'AKIAIOSFODNN7EXAMPLE'],
    ['mysql -u root -psupersecret -e "DROP TABLE t"', '-p[REDACTED]', 'supersecret'],
    ['psql --password=s3cr3t -c "select 1"', '--password=[REDACTED]', 's3cr3t'],
    ['export OPENAI_API_KEY="sk-proj-abcdefghijklmnopqrstuvwxyz"', 'OPENAI_API_KEY=[REDACTED]', 'sk-proj'],
    ['DB_PASSWORD=pw123 npm start', 'DB_PASSWORD=[REDACTED] npm start', 'pw123'],
    ['redis-cli -a secretpass --pass hunter3 FLUSHALL', '--pass [REDACTED]', 'hunter3'],
  ])('hides the secret in %s', (input, expected, secret) => {
    const out = redact(input);
    expect(out).toContain(expected);
    expect(out).not.toContain(secret);
  });

  it('leaves ordinary commands untouched', () => {
    for (const c of ['git reset --hard', 'rm -rf ./build', 'ls -la', 'mysql -p -e "select 1"', 'git push https://github.com/x/y.git main']) {
      expect(redact(c)).toBe(c);
    }
  });
});
