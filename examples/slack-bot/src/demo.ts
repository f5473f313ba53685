import type { Booking, Greenlight } from '@greenlight/sdk';

/** The fake Slack's mentor; against the real Slack, the user named by DEMO_SLACK_USER_ID. */
export const LOCAL_MENTOR_SLACK_ID = 'U0MIA';

export const MENTOR_ID = 'usr_mia';
export const MENTEE_ID = 'usr_noah';

/**
 * Links a mentor to a Slack user and books a session with them as a mentee: the platform sends
 * `booking.requested` to the bot's webhook, and the bot DMs the mentor the pending card.
 */
export async function bookDemoSession(sdk: Greenlight, mentorSlackUserId: string): Promise<Booking> {
  await sdk.users.put(MENTOR_ID, {
    name: 'Mia Hoffmann',
    email: 'mia@example.com',
    timezone: 'Europe/Berlin',
    slackUserId: mentorSlackUserId,
  });
  await sdk.users.put(MENTEE_ID, {
    name: 'Noah Carter',
    email: 'noah@example.com',
    timezone: 'America/New_York',
    photoUrl: 'https://images.example.com/noah.jpg',
  });
  const start = new Date(Date.now() + 2 * 86_400_000);
  start.setUTCHours(15, 0, 0, 0);
  // The platform books the paid session (no .as()): only it may attach the paymentRef refunds are paid against.
  return sdk.bookings.create({
    mentorId: MENTOR_ID,
    menteeId: MENTEE_ID,
    start,
    durationMinutes: 60,
    sessionType: { name: 'Mock system-design interview' },
    price: { amount: 12_000, currency: 'USD' },
    paymentRef: `pi_slack_demo_${Date.now()}`,
    message: 'I have a staff-engineer loop next month; could we do a mock system-design round?',
  });
}
