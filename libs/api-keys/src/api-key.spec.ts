import { hashSecret, mintApiKey, parseApiKey, scopeAllows, scopeForMethod, secretMatches } from './api-key.js';

describe('API keys', () => {
  it('mints aicmo_<id>_<secret> keys whose id shows without the secret and whose hash alone is kept', () => {
    const a = mintApiKey();
    const b = mintApiKey();
    expect(a.key).toMatch(/^aicmo_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    const parsed = parseApiKey(a.key)!;
    expect(parsed.id).toBe(a.id);
    expect(a.key).not.toContain(a.secretHash.toString('hex'));
    expect(secretMatches(parsed.secret, a.secretHash)).toBe(true);
  });

  it('refuses a secret that differs in one character, and one checked against another key', () => {
    const a = mintApiKey();
    const { secret } = parseApiKey(a.key)!;
    const other = (secret[0] === 'A' ? 'B' : 'A') + secret.slice(1);
    expect(secretMatches(other, a.secretHash)).toBe(false);
    expect(secretMatches(secret, mintApiKey().secretHash)).toBe(false);
    expect(secretMatches(secret, Buffer.alloc(5))).toBe(false);
    expect(hashSecret(secret).equals(a.secretHash)).toBe(true);
  });

  it.each(['', 'aicmo_', 'Bearer x', 'aicmo_0123456789abcdef_short', 'aicmo_0123456789ABCDEF_' + 'a'.repeat(43), 'aicmo_0123456789abcdef_' + 'a'.repeat(44), 'aicmo_0123456789abcdef_' + 'a'.repeat(42) + '=', 'x' + mintApiKey().key])(
    'does not take %j for a key',
    (presented) => {
      expect(parseApiKey(presented)).toBeNull();
    },
  );

  it('orders scopes admin ⊇ write ⊇ read', () => {
    expect(scopeAllows('admin', 'write')).toBe(true);
    expect(scopeAllows('admin', 'read')).toBe(true);
    expect(scopeAllows('write', 'read')).toBe(true);
    expect(scopeAllows('write', 'admin')).toBe(false);
    expect(scopeAllows('read', 'write')).toBe(false);
    expect(scopeAllows('read', 'read')).toBe(true);
  });

  it('asks read for GET and HEAD and write for every other method', () => {
    expect(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].map(scopeForMethod)).toEqual(['read', 'read', 'write', 'write', 'write', 'write', 'write']);
  });
});
