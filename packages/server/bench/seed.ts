import { openStore } from '@greenlight/adapters';
import { createWorkflow } from '@greenlight/core';

export const BENCH_API_KEY = 'bench-platform-key-0123456789';
export const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789-0123456789';

/**
 * Fills a SQLite file with `count` pending bookings spread over many mentors in non-overlapping hourly
 * slots, so every approve in the benchmark is a real approval (not a 409) and no two collide.
 */
export async function seedDatabase(file: string, count: number): Promise<string[]> {
  const store = await openStore(file, { migrate: true });
  const workflow = createWorkflow({ store });
  const platform = { kind: 'platform' } as const;
  const mentors = 200;
  for (let m = 0; m < mentors; m++) {
    await workflow.users.put(platform, `usr_mentor_${m}`, {
      name: `Mentor ${m}`,
      email: `mentor${m}@example.com`,
      timezone: 'Europe/Berlin',
    });
  }
  await workflow.users.put(platform, 'usr_mentee', {
    name: 'Mentee',
    email: 'mentee@example.com',
    timezone: 'America/New_York',
  });
  const base = Date.UTC(new Date().getUTCFullYear() + 1, 0, 1);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const booking = await workflow.bookings.request(platform, {
      mentorId: `usr_mentor_${i % mentors}`,
      menteeId: 'usr_mentee',
      start: new Date(base + Math.floor(i / mentors) * 3_600_000).toISOString(),
      durationMinutes: 60,
      price: { amount: 5000, currency: 'USD' },
      message: 'Benchmark booking',
    });
    ids.push(booking.id);
  }
  await store.close();
  return ids;
}
