import {
  bookingFixture,
  createWorkflow,
  ForbiddenError,
  InMemoryStore,
  NotFoundError,
  UnauthorizedError,
} from '@greenlight/core';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { actorOf, createAuthenticator, mintUserToken, principalScope } from './auth';

const config = { apiKey: 'test-api-key-0123456789', jwtSecret: 'a-jwt-secret-of-at-least-32-characters!!' };
const auth = createAuthenticator(config);
const bearer = (token: string) => `Bearer ${token}`;

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe('createAuthenticator', () => {
  it('accepts the platform API key and acts as the platform', async () => {
    const principal = await auth.authenticate(bearer(config.apiKey), undefined);
    expect(principal).toEqual({ kind: 'platform' });
    expect(actorOf(principal)).toEqual({ kind: 'platform' });
  });

  it('lets the platform act as a user with Greenlight-Actor, authorized as that user', async () => {
    const principal = await auth.authenticate(bearer(config.apiKey), 'usr_mentor');
    expect(actorOf(principal)).toEqual({ kind: 'user', userId: 'usr_mentor' });
    expect(principalScope(principal)).toBe('platform:usr_mentor');
  });

  it('maps a signed calendar link to an actor that sees no booking, not even its own', async () => {
    const store = new InMemoryStore();
    await store.transaction((tx) => tx.insertBooking(bookingFixture({ id: 'bkg_1' })));
    const workflow = createWorkflow({ store });
    const actor = actorOf({ kind: 'calendar_link', bookingId: 'bkg_1' });
    // Only the .ics route, after checking the link, reads that booking on its behalf.
    await expect(workflow.bookings.get(actor, 'bkg_1')).rejects.toBeInstanceOf(NotFoundError);
    await expect(workflow.bookings.calendarIcs(actor, 'bkg_1')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('accepts a user JWT and takes the user id from sub', async () => {
    const token = await mintUserToken(config.jwtSecret, 'usr_mentee', 3600);
    const principal = await auth.authenticate(bearer(token), undefined);
    expect(principal).toEqual({ kind: 'user', userId: 'usr_mentee' });
    expect(principalScope(principal)).toBe('user:usr_mentee');
  });

  it('refuses a missing header, another scheme and a wrong key with 401', async () => {
    for (const header of [undefined, 'Basic abc', `Bearer ${config.apiKey}x`, 'Bearer ']) {
      const error = await rejection(auth.authenticate(header, undefined));
      expect(error).toBeInstanceOf(UnauthorizedError);
    }
  });

  it('says the token has expired', async () => {
    const token = await mintUserToken(config.jwtSecret, 'usr_a', 60, new Date(Date.now() - 3600_000));
    const error = await rejection(auth.authenticate(bearer(token), undefined));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toMatch(/expired/);
  });

  it('refuses a JWT signed with another secret', async () => {
    const token = await mintUserToken('another-secret-that-is-32-characters-long', 'usr_a', 60);
    const error = await rejection(auth.authenticate(bearer(token), undefined));
    expect(error.message).toMatch(/signature/);
  });

  it('refuses algorithms other than HS256, including none', async () => {
    const hs512 = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('usr_a')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(config.jwtSecret));
    expect((await rejection(auth.authenticate(bearer(hs512), undefined))).message).toMatch(/HS256/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'usr_a', exp: Math.floor(Date.now() / 1000) + 60 }),
    ).toString('base64url')}.`;
    expect(await rejection(auth.authenticate(bearer(none), undefined))).toBeInstanceOf(UnauthorizedError);
  });

  it('requires sub and exp claims', async () => {
    const key = new TextEncoder().encode(config.jwtSecret);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('usr_a').sign(key);
    expect((await rejection(auth.authenticate(bearer(noExp), undefined))).message).toMatch(/"exp"/);
    const noSub = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(key);
    expect((await rejection(auth.authenticate(bearer(noSub), undefined))).message).toMatch(/"sub"/);
  });

  it('calls a garbage token malformed', async () => {
    const error = await rejection(auth.authenticate(bearer('not.a.jwt'), undefined));
    expect(error.message).toMatch(/malformed/);
  });

  it('forbids a user from acting as someone else', async () => {
    const token = await mintUserToken(config.jwtSecret, 'usr_a', 60);
    expect(await rejection(auth.authenticate(bearer(token), 'usr_b'))).toBeInstanceOf(ForbiddenError);
    await expect(auth.authenticate(bearer(token), 'usr_a')).resolves.toEqual({
      kind: 'user',
      userId: 'usr_a',
    });
  });

  it('checks expiry against the injected clock', async () => {
    const issued = new Date('2030-01-01T00:00:00Z');
    const token = await mintUserToken(config.jwtSecret, 'usr_a', 60, issued);
    const atIssue = createAuthenticator(config, () => issued);
    await expect(atIssue.authenticate(bearer(token), undefined)).resolves.toEqual({
      kind: 'user',
      userId: 'usr_a',
    });
    const later = createAuthenticator(config, () => new Date(issued.getTime() + 61_000));
    expect((await rejection(later.authenticate(bearer(token), undefined))).message).toMatch(/expired/);
  });
});
