import { describe, expect, it } from 'vitest';
import { createActionTokens } from './tokens';

const OLD = { id: 'k1', secret: 'old-secret-0123456789-0123456789-ab' };
const NEW = { id: 'k2', secret: 'new-secret-0123456789-0123456789-ab' };
const claims = {
  bookingId: 'bkg_1',
  userId: 'usr_mentor',
  action: 'approve' as const,
  round: 3,
  expiresAt: new Date('2030-01-02T03:04:05Z'),
};

describe('email action tokens', () => {
  it('round-trip every claim under the signing key, with an id that is not the token', async () => {
    const tokens = createActionTokens([OLD]);
    const token = await tokens.sign(claims);
    expect(token).toMatch(/^[\w-]+\.[\w-]{43}$/);
    const verified = await tokens.verify(token);
    expect(verified).toEqual({
      ok: true,
      id: expect.stringMatching(/^[\w-]{43}$/),
      claims: { keyId: 'k1', ...claims },
    });
    if (verified.ok) expect(token).not.toContain(verified.id);
  });

  it('refuse a token with any claim changed, a cut signature, or no shape at all', async () => {
    const tokens = createActionTokens([OLD]);
    const token = await tokens.sign(claims);
    const [body, mac] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    for (const change of [
      { b: 'bkg_2' },
      { u: 'usr_mentee' },
      { a: 'reject' },
      { r: 4 },
      { e: payload.e + 3600 },
    ]) {
      const forged = Buffer.from(JSON.stringify({ ...payload, ...change })).toString('base64url');
      expect(await tokens.verify(`${forged}.${mac}`)).toEqual({ ok: false, reason: 'bad_signature' });
    }
    expect(await tokens.verify(`${body}.${mac.slice(1)}`)).toEqual({ ok: false, reason: 'bad_signature' });
    for (const junk of ['', 'abc', `${body}.`, `${body}.${mac}.x`, `${'A'.repeat(2000)}.${mac}`, '%%%.%%%']) {
      expect(await tokens.verify(junk)).toEqual({ ok: false, reason: 'malformed' });
    }
    const notOurs = Buffer.from(JSON.stringify({ ...payload, a: 'delete' })).toString('base64url');
    expect(await tokens.verify(`${notOurs}.${mac}`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('keep links in flight working across a rotation: the first key signs, every key verifies', async () => {
    const before = await createActionTokens([OLD]).sign(claims);
    const rotated = createActionTokens([NEW, OLD]);
    expect(rotated.signingKeyId).toBe('k2');
    expect((await rotated.verify(before)).ok).toBe(true);
    const after = await rotated.sign(claims);
    expect(await rotated.verify(after)).toMatchObject({ ok: true, claims: { keyId: 'k2' } });
    // Once the old key is dropped, its links name a key that is gone.
    expect(await createActionTokens([NEW]).verify(before)).toEqual({ ok: false, reason: 'unknown_key' });
    // The same key id with another secret is a bad signature, not a match.
    const impostor = createActionTokens([{ id: 'k1', secret: 'x'.repeat(40) }]);
    expect(await impostor.verify(before)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('bind the CSRF field to the token and its key', async () => {
    const tokens = createActionTokens([NEW, OLD]);
    const a = await tokens.sign(claims);
    const b = await tokens.sign({ ...claims, action: 'reject' });
    const csrf = await tokens.csrf(a);
    expect(csrf).toMatch(/^[\w-]{43}$/);
    expect(await tokens.csrf(a)).toBe(csrf);
    expect(await tokens.csrf(b)).not.toBe(csrf);
    expect(await tokens.csrf('junk')).toBeNull();
    expect(csrf).not.toBe(a.split('.')[1]);
  });

  it('refuse a keyring without keys, with an empty secret, or with one id twice', () => {
    expect(() => createActionTokens([])).toThrow('at least one key');
    expect(() => createActionTokens([{ id: 'k', secret: '' }])).toThrow('must not be empty');
    expect(() => createActionTokens([OLD, { ...NEW, id: 'k1' }])).toThrow('k1 is used twice');
  });
});
