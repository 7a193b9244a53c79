import { hashPassword, UNUSABLE_HASH, verifyPassword } from './password';

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('正确的密码-correct horse');
    const b = await hashPassword('正确的密码-correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('正确的密码-correct horse', a)).toBe(true);
    expect(await verifyPassword('正确的密码-correct hors', a)).toBe(false);
  });

  it('matches nothing against the placeholder for unknown users', async () => {
    expect(await verifyPassword('', UNUSABLE_HASH)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text-password')).toBe(false);
  });
});
