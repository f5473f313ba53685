import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, useBrowser } from '../../testing/browser';
import { buildPage, type Stack, startStack } from './src/stack';

describeBrowser('examples/react-embed', () => {
  const browser = useBrowser();
  let pageDir: string;
  let stack: Stack;
  beforeAll(async () => {
    pageDir = await buildPage();
    stack = await startStack({ pageDir });
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
    if (pageDir) rmSync(pageDir, { recursive: true, force: true });
  });

  it('Mia signs in on MentorHub and approves a booking in the embedded components, with a token from MentorHub’s backend', async () => {
    const page = await browser.page();
    const tokenRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/greenlight-token')) tokenRequests.push(request.url());
    });
    await page.goto(`${stack.platform.url}/`);
    await page.getByLabel('Who are you?').selectOption('usr_mia');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Your mentoring dashboard' }).waitFor();
    await page.getByRole('button', { name: 'Review the booking from Noah Carter' }).first().click();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();

    // Approved, it leaves the pending list (and its card with it) and shows under Upcoming sessions.
    await page.getByText('1 booking waiting').waitFor();
    await page
      .getByRole('link', { name: 'Join the meeting' })
      .or(page.getByText('Meeting link on its way'))
      .first()
      .waitFor();
    const approved = await stack.api.bookings.list({ mentorId: 'usr_mia', status: 'approved' }).toArray();
    expect(approved).toHaveLength(1);
    // The page asked MentorHub, never Greenlight, for its credentials.
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests.every((url) => url.startsWith(stack.platform.url))).toBe(true);
  }, 30_000);

  it('refuses a Greenlight token to anyone without a MentorHub session', async () => {
    const response = await fetch(`${stack.platform.url}/api/greenlight-token`, {
      method: 'POST',
      headers: { origin: stack.platform.url },
    });
    expect(response.status).toBe(401);
  });
});
