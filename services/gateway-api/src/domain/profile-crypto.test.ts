import { describe, expect, it } from 'vitest';
import { deriveKey, seal, unseal } from './profile-crypto.ts';

describe('profile secrets', () => {
  it('seals with AES-256-GCM so the value is not readable and opens only with the same key', () => {
    const key = deriveKey('a-long-deployment-secret-0123456789');
    const sealed = seal(key, '{"ANTHROPIC_API_KEY":"sk-ant-secret"}');
    expect(sealed).not.toContain('sk-ant');
    expect(unseal(key, sealed)).toBe('{"ANTHROPIC_API_KEY":"sk-ant-secret"}');
    expect(() => unseal(deriveKey('another-deployment-secret-0123456789'), sealed)).toThrow();
  });

  it('uses a fresh IV per value and detects tampering', () => {
    const key = deriveKey('a-long-deployment-secret-0123456789');
    expect(seal(key, 'x')).not.toBe(seal(key, 'x'));
    const [v, iv, tag, ct] = seal(key, 'hello').split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    expect(() => unseal(key, [v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });
});
