import type { BookingView, Greenlight, User } from '@greenlight/sdk';
import type { webApi } from '@slack/bolt';
import { type HomeInput, homeView, type MentorOverview, unlinkedHomeView } from './views/home';

/** Pending bookings read in full (with review) for a list; more are summarised as "more waiting". */
const PENDING_SHOWN = 15;
const UPCOMING_SHOWN = 20;

export async function mentorOverview(
  sdk: Greenlight,
  mentor: User,
  slackUserId: string,
): Promise<MentorOverview> {
  const as = sdk.as(mentor.id);
  const [settings, stats] = await Promise.all([
    as.users.settings.get(mentor.id),
    as.users.mentorStats(mentor.id),
  ]);
  return { slackUserId, timezone: mentor.timezone, settings, stats };
}

/** The mentor's pending requests, most urgent first, each as the mentor sees it. */
export async function pendingForMentor(
  sdk: Greenlight,
  mentor: User,
  limit = PENDING_SHOWN,
): Promise<{ pending: BookingView[]; more: boolean }> {
  const as = sdk.as(mentor.id);
  const page = await as.bookings.list({ status: 'pending', role: 'mentor', limit }).firstPage();
  const pending = await Promise.all(page.data.map((b) => as.bookings.get(b.id)));
  pending.sort((a, b) => a.respondBy.localeCompare(b.respondBy));
  return { pending, more: page.nextCursor !== null };
}

async function homeInput(sdk: Greenlight, mentor: User, slackUserId: string): Promise<HomeInput> {
  const as = sdk.as(mentor.id);
  const [overview, { pending, more }, upcomingPage] = await Promise.all([
    mentorOverview(sdk, mentor, slackUserId),
    pendingForMentor(sdk, mentor),
    as.bookings
      .list({ status: 'approved', role: 'mentor', from: new Date(), limit: UPCOMING_SHOWN })
      .firstPage(),
  ]);
  const upcoming = [...upcomingPage.data].sort((a, b) => a.start.localeCompare(b.start));
  return {
    ...overview,
    slackDelivery: mentor.slackDelivery,
    pending,
    pendingMore: more,
    upcoming,
    upcomingMore: upcomingPage.nextCursor !== null,
  };
}

/** Publishes the App Home tab of a Slack user: their requests, sessions, settings and standing. */
export async function publishHome(
  sdk: Greenlight,
  client: webApi.WebClient,
  slackUserId: string,
): Promise<void> {
  const mentor = await sdk.users.findBySlackUserId(slackUserId);
  const view = mentor ? homeView(await homeInput(sdk, mentor, slackUserId)) : unlinkedHomeView();
  await client.views.publish({ user_id: slackUserId, view });
}
