import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';
import { hostAllowed } from './host-allowlist.ts';
import { backoffMs } from './notify-message.ts';

describe('webhook signatures', () => {
  it('verify with the same secret and a recent timestamp only', () => {
    const sig = signWebhook('s3cret', 1_700_000_000, '{"a":1}');
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1700000000' }, '{"a":1}', 1_700_000_010)).toBe(true);
    expect(verifyWebhook('other', { signature: sig, timestamp: '1700000000' }, '{"a":1}', 1_700_000_010)).toBe(false);
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1700000000' }, '{"a":2}', 1_700_000_010)).toBe(false);
    expect(verifyWebhook('s3cret', { signature: sig, timestamp: '1700000000' }, '{"a":1}', 1_700_001_000)).toBe(false);
  });
});

describe('hostAllowed', () => {
  it('allows any http(s) host without a list, and only listed ones with it', () => {
    expect(hostAllowed('https://hooks.example.com/x', [])).toBe(true);
    expect(hostAllowed('ftp://example.com/x', [])).toBe(false);
    expect(hostAllowed('http://user:pw@example.com/', [])).toBe(false);
    expect(hostAllowed('https://hooks.example.com/x', ['*.example.com'])).toBe(true);
    expect(hostAllowed('http://127.0.0.1:8080/x', ['127.0.0.1:8080'])).toBe(true);
    expect(hostAllowed('http://127.0.0.1:9090/x', ['127.0.0.1:8080'])).toBe(false);
    expect(hostAllowed('http://169.254.169.254/', ['*.example.com'])).toBe(false);
  });
});

describe('backoffMs', () => {
  it('doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(30, 1000)).toBe(300_000);
  });
});
