import { computeSignature, signatureHeaders, verifySignature } from './hmac-signature';

describe(verifySignature.name, () => {
  const now = new Date('2026-03-02T02:00:00Z');
  const body = '{"interceptionId":"x"}';

  it('accepts what signatureHeaders produced', () => {
    const h = signatureHeaders('s3cret', body, now);
    expect(h['X-Timestamp']).toBe('1772416800');
    expect(verifySignature('s3cret', body, h['X-Signature'], h['X-Timestamp'], now)).toBe(true);
  });

  it('signs timestamp.body with HMAC-SHA256 (known vector)', () => {
    // echo -n '1772416800.{"interceptionId":"x"}' | openssl dgst -sha256 -hmac s3cret
    expect(computeSignature('s3cret', '1772416800', body)).toBe('sha256=d6b40d662347ab1f209f9fe0659a59988d94a7675783dfafb46607e2b4dda02c');
  });

  it('rejects a changed body, a wrong secret, a stale timestamp or missing headers', () => {
    const h = signatureHeaders('s3cret', body, now);
    expect(verifySignature('s3cret', body + ' ', h['X-Signature'], h['X-Timestamp'], now)).toBe(false);
    expect(verifySignature('other', body, h['X-Signature'], h['X-Timestamp'], now)).toBe(false);
    expect(verifySignature('s3cret', body, h['X-Signature'], h['X-Timestamp'], new Date(now.getTime() + 301_000))).toBe(false);
    expect(verifySignature('s3cret', body, undefined, h['X-Timestamp'], now)).toBe(false);
  });
});
