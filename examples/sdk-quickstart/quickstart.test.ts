import { loadConfig, type RunningServer, silentLogger, startServer } from '@greenlight/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { run } from './src/quickstart';

const API_KEY = 'quickstart-test-platform-key-0123456789';
let server: RunningServer;

beforeAll(async () => {
  server = await startServer(
    loadConfig({
      GREENLIGHT_DATABASE_URL: 'memory:',
      PORT: '0',
      GREENLIGHT_API_KEY: API_KEY,
      GREENLIGHT_JWT_SECRET: 'quickstart-test-jwt-secret-0123456789abcdef',
      LOG_LEVEL: 'silent',
    }),
    { logger: silentLogger, print: () => {}, handleSignals: false, workerIntervalMs: 20 },
  );
});

afterAll(() => server?.stop());

it('books, approves with a meeting link, and rejects with a refund against the real server', async () => {
  const lines: string[] = [];
  const result = await run({ baseUrl: server.url, apiKey: API_KEY, log: (line) => lines.push(line) });

  expect(result.approved).toMatchObject({
    status: 'approved',
    mentorId: result.mentorId,
    menteeId: result.menteeId,
    meeting: { status: 'ready', joinUrl: expect.stringMatching(/^https:\/\//) },
  });
  expect(result.approved.calendarLinks?.google).toContain('calendar.google.com');
  expect(result.rejected).toMatchObject({
    status: 'rejected',
    rejection: { category: 'outside_expertise' },
    refund: { status: 'succeeded', amount: 9_000, currency: 'USD' },
  });
  const kinds = result.menteeNotifications.map((n) => n.kind);
  expect(kinds).toEqual(expect.arrayContaining(['booking_approved', 'booking_rejected']));

  const output = lines.join('\n');
  expect(output).toContain(result.approved.meeting!.joinUrl!);
  expect(output).toContain('1 pending');
  expect(output).toContain('refund succeeded: $90.00');
});
