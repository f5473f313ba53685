import { mintUserToken } from '@greenlight/server';
import { expect, it } from 'vitest';
import { describeBrowser, useBrowser } from '../../../testing/browser';
import { hourFromNow, MIA } from './harness';
import { useApp } from './suite';

const MENTEES = ['Grace Hopper', 'Edsger Dijkstra', 'Barbara Liskov'];

describeBrowser('the pending page’s first render', () => {
  const browser = useBrowser();
  const app = useApp({ GREENLIGHT_WORKER: 'false' });

  let seeded = false;
  async function seed(): Promise<void> {
    if (seeded) return;
    seeded = true;
    for (const [i, name] of MENTEES.entries()) {
      const id = `usr_first_${i}`;
      await app().platform.users.put(id, { name, email: `${id}@example.com`, timezone: 'Asia/Tokyo' });
      await app().book({ menteeId: id, start: hourFromNow(4, 8 + i) });
    }
  }

  /** Opens the pending page signed in as Mia; every request the page makes, in order, until all names show. */
  async function openPending(): Promise<string[]> {
    const page = await browser.page();
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      requests.push(`${url.pathname}${url.search}`);
    });
    await page.goto(await app().signInUrl(MIA.id, '/pending'));
    for (const name of MENTEES) {
      await page.getByRole('button', { name: `Review the booking from ${name}` }).waitFor();
    }
    return requests;
  }

  it('asks for the mentor’s profile once and for no mentee’s: the list carries their names', async () => {
    await seed();
    const requests = await openPending();
    // Profiles, that is: the header also asks once whom she assists (for its Assisting link).
    const profiles = requests.filter((r) => /^\/v1\/users\/[^/?]+$/.test(r));
    expect(profiles).toEqual([`/v1/users/${MIA.id}`]);
    expect(requests.filter((r) => r.endsWith('/assisting'))).toEqual([`/v1/users/${MIA.id}/assisting`]);
    const lists = requests.filter((r) => r.startsWith('/v1/bookings?'));
    expect(lists.every((r) => new URLSearchParams(r.split('?')[1]).get('expand') === 'mentee')).toBe(true);
  });

  it('asks for the pending list and the profile before the app has rendered anything', async () => {
    await seed();
    const requests = await openPending();
    // The app asks for its configuration once it renders; the page's data is on its way before that.
    const config = requests.indexOf('/app/config.json');
    expect(config).toBeGreaterThan(-1);
    expect(requests.findIndex((r) => r.startsWith('/v1/bookings?status=pending'))).toBeLessThan(config);
    expect(requests.indexOf(`/v1/users/${MIA.id}`)).toBeLessThan(config);
  });

  it('loads a page’s code when the page opens, not with the first one', async () => {
    const page = await browser.page();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(await app().signInUrl(MIA.id, '/pending'));
    await page.getByRole('heading', { name: 'Pending bookings', level: 2 }).waitFor();
    const chunk = (name: string) =>
      scripts.some((s) => new RegExp(`^/app/assets/${name}-[\\w-]+\\.js$`).test(s));
    expect(chunk('pending')).toBe(true);
    expect(chunk('settings')).toBe(false);
    expect(chunk('sign-in')).toBe(false);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    expect(chunk('settings')).toBe(true);
  });

  it('turns a token the server refuses on the very first requests into the session-expired page', async () => {
    const page = await browser.page();
    const forged = await mintUserToken('not-the-server-secret-0123456789-0123456789', MIA.id, 3600);
    await page.goto(`${app().url}/app/pending#token=${forged}`);
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
  });
});
