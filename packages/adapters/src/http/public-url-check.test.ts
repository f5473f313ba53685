import { describe, expect, it } from 'vitest';
import { dns } from '../../test/fixtures/dns';
import { publicUrlCheck } from './public-url-check';

const names = {
  'cal.example.test': ['93.184.216.34', '2606:2800:220:1::248'],
  'intranet.example.test': ['10.1.2.3'],
  'metadata.example.test': ['169.254.169.254'],
  'mixed.example.test': ['93.184.216.34', '192.168.1.10'],
  'mapped.example.test': ['::ffff:127.0.0.1'],
};

describe('publicUrlCheck', () => {
  it('accepts http(s) URLs of hosts whose every address is public', async () => {
    const check = publicUrlCheck({ lookup: dns(names) });
    expect(await check(new URL('https://cal.example.test/feed.ics'))).toBeNull();
    expect(await check(new URL('http://cal.example.test:8080/feed.ics'))).toBeNull();
    expect(await check(new URL('https://1.1.1.1/cal.ics'))).toBeNull();
    expect(await check(new URL('https://[2606:4700:4700::1111]/cal.ics'))).toBeNull();
  });

  it('refuses other schemes', async () => {
    const check = publicUrlCheck({ lookup: dns(names) });
    expect(await check(new URL('ftp://cal.example.test/feed.ics'))).toBe(
      'ftp: URLs are not fetched, only http: and https:',
    );
    expect(await check(new URL('file:///etc/passwd'))).toBe(
      'file: URLs are not fetched, only http: and https:',
    );
  });

  it('refuses literal addresses that are not public, without asking DNS', async () => {
    const lookup = dns(names);
    const check = publicUrlCheck({ lookup });
    expect(await check(new URL('http://127.0.0.1/cal.ics'))).toBe('127.0.0.1 is loopback');
    expect(await check(new URL('http://169.254.169.254/latest/meta-data/'))).toBe(
      '169.254.169.254 is link-local',
    );
    expect(await check(new URL('http://10.0.0.7:8080/cal.ics'))).toBe('10.0.0.7 is private');
    expect(await check(new URL('http://[::1]/cal.ics'))).toBe('::1 is loopback');
    expect(await check(new URL('http://[::ffff:192.168.0.1]/cal.ics'))).toBe(
      '::ffff:c0a8:1 is IPv4-embedded private',
    );
    // WHATWG URL parsing turns these spellings into 127.0.0.1.
    expect(await check(new URL('http://2130706433/cal.ics'))).toBe('127.0.0.1 is loopback');
    expect(await check(new URL('http://0x7f.1/cal.ics'))).toBe('127.0.0.1 is loopback');
    expect(lookup.calls).toEqual([]);
  });

  it('refuses localhost and names under it whatever DNS says', async () => {
    const lookup = dns({ localhost: ['93.184.216.34'] });
    const check = publicUrlCheck({ lookup });
    expect(await check(new URL('http://localhost:3000/cal.ics'))).toBe('localhost is loopback');
    expect(await check(new URL('http://LOCALHOST./cal.ics'))).toBe('localhost. is loopback');
    expect(await check(new URL('http://feeds.localhost/cal.ics'))).toBe('feeds.localhost is loopback');
    expect(lookup.calls).toEqual([]);
  });

  it('refuses a host name when any address it resolves to is not public, as the fetch guard does', async () => {
    const check = publicUrlCheck({ lookup: dns(names) });
    expect(await check(new URL('https://intranet.example.test/cal.ics'))).toBe(
      'intranet.example.test resolves to an address that is private',
    );
    expect(await check(new URL('https://metadata.example.test/'))).toBe(
      'metadata.example.test resolves to an address that is link-local',
    );
    expect(await check(new URL('https://mixed.example.test/cal.ics'))).toBe(
      'mixed.example.test resolves to an address that is private',
    );
    expect(await check(new URL('https://mapped.example.test/cal.ics'))).toBe(
      'mapped.example.test resolves to an address that is IPv4-embedded loopback',
    );
  });

  it('accepts a host name that does not resolve, or not in time: the fetch decides later', async () => {
    expect(
      await publicUrlCheck({ lookup: dns(names) })(new URL('https://gone.example.test/cal.ics')),
    ).toBeNull();
    const empty = publicUrlCheck({ lookup: async () => [] });
    expect(await empty(new URL('https://empty.example.test/cal.ics'))).toBeNull();

    let calls = 0;
    const hanging = publicUrlCheck({
      timeoutMs: 20,
      lookup: () => {
        calls += 1;
        return new Promise(() => {});
      },
    });
    const started = Date.now();
    expect(await hanging(new URL('https://slow.example.test/cal.ics'))).toBeNull();
    expect(calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('accepts private hosts with allowPrivate, still only over http(s)', async () => {
    const lookup = dns(names);
    const check = publicUrlCheck({ allowPrivate: true, lookup });
    expect(await check(new URL('http://127.0.0.1:8080/cal.ics'))).toBeNull();
    expect(await check(new URL('http://localhost/cal.ics'))).toBeNull();
    expect(await check(new URL('https://intranet.example.test/cal.ics'))).toBeNull();
    expect(await check(new URL('ftp://intranet.example.test/cal.ics'))).toBe(
      'ftp: URLs are not fetched, only http: and https:',
    );
    expect(lookup.calls).toEqual([]);
  });
});
