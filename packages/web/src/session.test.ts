import { describe, expect, it } from 'vitest';
import {
  endSession,
  isExpired,
  returnLink,
  type SessionStorageLike,
  STORAGE_KEY,
  sessionOf,
  startSession,
  takeToken,
} from './session';

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

function memoryStorage(
  initial: Record<string, string> = {},
): SessionStorageLike & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (key) => data[key] ?? null,
    setItem: (key, value) => {
      data[key] = value;
    },
    removeItem: (key) => {
      delete data[key];
    },
  };
}

describe('sessionOf', () => {
  it('reads the user from sub and the expiry from exp', () => {
    const token = jwt({ sub: 'usr_mia', exp: 2_000_000_000 });
    expect(sessionOf(token)).toEqual({ token, userId: 'usr_mia', expiresAt: 2_000_000_000_000 });
  });

  it('reads a payload with non-ASCII characters (base64url of UTF-8)', () => {
    expect(sessionOf(jwt({ sub: 'usr_zoë', exp: 1 }))?.userId).toBe('usr_zoë');
  });

  it('is null for something that is not a JWT with a subject', () => {
    expect(sessionOf('not-a-jwt')).toBeNull();
    expect(sessionOf('a.b.c')).toBeNull();
    expect(sessionOf(jwt({ exp: 1 }))).toBeNull();
  });
});

describe('takeToken', () => {
  it('takes the token out of the fragment and keeps the other parameters', () => {
    expect(takeToken('#token=abc.def.ghi&tab=2')).toEqual({ token: 'abc.def.ghi', hash: '#tab=2' });
    expect(takeToken('#token=abc.def.ghi')).toEqual({ token: 'abc.def.ghi', hash: '' });
  });

  it('leaves a fragment without a token alone', () => {
    expect(takeToken('#section')).toEqual({ token: null, hash: '#section' });
    expect(takeToken('')).toEqual({ token: null, hash: '' });
  });
});

describe('startSession', () => {
  const location = { pathname: '/app/bookings/bkg_1', search: '?action=approve', hash: '' };

  it('stores a token handed over in the fragment and removes it from the address bar', () => {
    const token = jwt({ sub: 'usr_mia', exp: 2_000_000_000 });
    const storage = memoryStorage();
    const replaced: string[] = [];
    const session = startSession({ ...location, hash: `#token=${token}` }, storage, (url) =>
      replaced.push(url),
    );
    expect(session?.userId).toBe('usr_mia');
    expect(storage.data[STORAGE_KEY]).toBe(token);
    expect(replaced).toEqual(['/app/bookings/bkg_1?action=approve']);
  });

  it('a new token replaces the one stored before (another person signs in in this tab)', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: jwt({ sub: 'usr_old', exp: 2_000_000_000 }) });
    const token = jwt({ sub: 'usr_new', exp: 2_000_000_000 });
    expect(startSession({ ...location, hash: `#token=${token}` }, storage, () => {})?.userId).toBe('usr_new');
  });

  it('a malformed handed-over token signs the tab out instead of keeping an older session', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: jwt({ sub: 'usr_old', exp: 2_000_000_000 }) });
    expect(startSession({ ...location, hash: '#token=garbage' }, storage, () => {})).toBeNull();
    expect(storage.data[STORAGE_KEY]).toBeUndefined();
  });

  it('without a fragment, resumes the session stored in this tab', () => {
    const token = jwt({ sub: 'usr_noah', exp: 2_000_000_000 });
    const replaced: string[] = [];
    const session = startSession(location, memoryStorage({ [STORAGE_KEY]: token }), (url) =>
      replaced.push(url),
    );
    expect(session?.userId).toBe('usr_noah');
    expect(replaced).toEqual([]);
  });

  it('is null with neither', () => {
    expect(startSession(location, memoryStorage(), () => {})).toBeNull();
  });

  it('endSession forgets the token', () => {
    const storage = memoryStorage({ [STORAGE_KEY]: 'x' });
    endSession(storage);
    expect(storage.data).toEqual({});
  });
});

describe('isExpired', () => {
  it('is expired from exp on, and never without exp', () => {
    expect(isExpired({ token: '', userId: 'u', expiresAt: 1000 }, 999)).toBe(false);
    expect(isExpired({ token: '', userId: 'u', expiresAt: 1000 }, 1000)).toBe(true);
    expect(isExpired({ token: '', userId: 'u', expiresAt: null }, Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('returnLink', () => {
  it('adds the app path to come back to as next, keeping the platform URL’s own parameters', () => {
    expect(returnLink('https://mentors.example.com/greenlight?src=app', '/app/bookings/bkg_1')).toBe(
      'https://mentors.example.com/greenlight?src=app&next=%2Fapp%2Fbookings%2Fbkg_1',
    );
  });
});
