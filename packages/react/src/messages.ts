import { COMMON_REJECTION_REASONS, type RejectionCategory } from '@greenlight/core/contract';

/**
 * Every string the components show, in English. Pass `messages` to `<GreenlightProvider>` to replace any of
 * them (a translation, or your platform's wording); dates, times, money and countdowns are formatted by Intl
 * with the provider's `locale`, so they need no strings here.
 */
export const englishMessages = {
  loading: 'Loading…',
  retry: 'Try again',
  close: 'Close',
  cancel: 'Cancel',
  loadFailed: (detail: string) => `Could not load this: ${detail}`,
  actionFailed: (detail: string) => `That did not work: ${detail}`,

  // Who did something, in sentences such as "Ada already approved this on Slack."
  you: 'You',
  thePlatform: 'The platform',
  greenlight: 'Greenlight',
  channels: {
    api: 'through the API',
    web: 'on the web',
    slack: 'on Slack',
    email: 'from an email',
  } as Record<string, string>,
  decidedElsewhere: (who: string, what: string, where: string | null) =>
    `${who} already ${what} this${where ? ` ${where}` : ''}.`,
  changedMeanwhile: 'This booking changed while you were looking at it.',
  showLatest: 'Show the latest',
  changes: {
    approved: 'approved',
    auto_approved: 'approved',
    rejected: 'rejected',
    alternative_suggested: 'suggested another time for',
    proposal_accepted: 'accepted the new time for',
    proposal_declined: 'declined the new time for',
    counter_proposed: 'proposed another time for',
    cancelled: 'cancelled',
    expired: 'expired',
    completed: 'completed',
  } as Record<string, string>,

  statuses: {
    pending: 'Pending',
    alternative_suggested: 'New time suggested',
    approved: 'Approved',
    rejected: 'Rejected',
    declined: 'Declined',
    expired: 'Expired',
    cancelled: 'Cancelled',
    completed: 'Completed',
  } as Record<string, string>,

  // <PendingBookings>
  pendingTitle: 'Pending bookings',
  pendingEmpty: 'No bookings are waiting for you.',
  pendingCount: (count: number) => (count === 1 ? '1 booking waiting' : `${count} bookings waiting`),
  waitingForMentee: 'Waiting for the mentee to answer your suggestion',
  /** The pending list's countdown; `when` is Intl's relative time ("in 5 hours", "2 hours ago"). */
  answerDue: (when: string, overdue: boolean) => (overdue ? `Answer overdue, due ${when}` : `Answer ${when}`),
  review: 'Review',
  reviewBookingFrom: (name: string) => `Review the booking from ${name}`,

  // <BookingReview>
  reviewTitle: (name: string) => `Booking request from ${name}`,
  requestedTime: 'Requested time',
  suggestedTime: 'Time you suggested',
  yourTime: (zone: string) => `Your time (${zone})`,
  theirTime: (zone: string) => `Their time (${zone})`,
  duration: 'Duration',
  minutes: (count: number) => `${count} min`,
  sessionType: 'Session type',
  pricePaid: 'Price paid',
  messageFromMentee: 'Message',
  noMessage: 'No message.',
  menteeHistory: 'History with mentors',
  priorSessions: 'Prior sessions',
  totalSpend: 'Total spend',
  averageRatingGiven: 'Average rating given',
  noRatingsYet: 'No ratings yet',
  ratingOutOfFive: (rating: string) => `${rating} / 5`,
  photoOf: (name: string) => `Photo of ${name}`,
  redFlags: 'Red flags',
  noRedFlags: 'No red flags.',
  redFlagTitles: {
    low_ratings_given: 'Gives low ratings',
    no_show_reports: 'Reported mentors for not showing up',
    rude_message: 'Message tone',
  } as Record<string, string>,
  evidence: 'Evidence',
  calendar: 'Your calendar',
  noConflicts: 'No conflicts in your calendar.',
  conflictWith: (what: string) => `Overlaps ${what}`,
  anotherSession: 'another of your sessions',
  /** Calendar sources as people write them; others are shown as the server names them. */
  calendarSources: { ical: 'iCal', google: 'Google' } as Record<string, string>,
  busyIn: (source: string) => `a busy time in your ${source} calendar`,
  calendarUnreadable: (source: string) =>
    `Couldn't check your ${source} calendar: treat this time as unconfirmed.`,
  respondBy: 'Respond by',
  expires: 'Expires',
  overdue: 'overdue',
  approve: 'Approve',
  approveAnyway: 'Approve anyway',
  reject: 'Reject',
  suggestTime: 'Suggest another time',
  approved: 'Approved. The meeting link and calendar invitations are on their way to both of you.',
  rejected: 'Rejected. The mentee has been told why and is refunded.',
  suggested: 'Suggested. The mentee can accept it, decline it or propose another time.',
  calendarConflictWarning: 'Your calendar shows this time as busy or could not be read:',
  slotTaken: 'This time overlaps another approved session; pick another time.',
  notAvailableNow: (status: string) => `This booking is ${status} now; there is nothing left to decide.`,

  // Reject dialog
  rejectTitle: 'Reject this booking',
  rejectCategory: 'Main reason',
  otherReason: 'Something else',
  rejectReason: 'Reason, shown to the mentee',
  rejectReasonHint: 'Explain in a few words: the mentee reads this and is refunded in full.',
  rejectReasonProblem: (problem: string) => `The reason is too short: ${problem}.`,
  confirmReject: 'Reject and refund',
  /** The common valid reasons of the help article, as the contract words them, and a way out. */
  rejectionReasons: { ...COMMON_REJECTION_REASONS, other: 'Something else' } satisfies Record<
    RejectionCategory,
    string
  > as Record<string, string>,

  // Suggest / propose dialogs
  suggestTitle: 'Suggest another time',
  proposeTitle: 'Propose another time',
  newStart: (zone: string) => `New start (${zone})`,
  pickTime: 'Pick a date and time.',
  timeInPast: 'Pick a time in the future.',
  confirmSuggest: 'Send suggestion',
  suggestAnyway: 'Suggest anyway',
  confirmPropose: 'Send proposal',

  // <NotificationBell>
  notifications: 'Notifications',
  notificationsUnread: (count: number) =>
    count === 0 ? 'Notifications, none unread' : `Notifications, ${count} unread`,
  unreadCount: (count: number) => (count === 0 ? 'No unread notifications' : `${count} unread`),
  noNotifications: 'Nothing new.',
  markRead: 'Mark read',
  markAllRead: 'Mark all read',
  openBooking: 'Open booking',

  // <UpcomingSessions>
  upcomingTitle: 'Upcoming sessions',
  upcomingEmpty: 'No upcoming sessions.',
  withPerson: (name: string) => `with ${name}`,
  join: 'Join the meeting',
  meetingOnItsWay: 'Meeting link on its way',
  meetingRetrying: 'The meeting link is delayed; we keep trying.',
  addToCalendar: 'Add to calendar',
  calendars: {
    google: 'Google',
    yahoo: 'Yahoo',
    outlook: 'Outlook.com',
    office365: 'Office 365',
    ics: 'Download .ics',
  } as Record<string, string>,
  cancelSession: 'Cancel session',
  cancelTitle: 'Cancel this session',
  cancelReason: 'Reason, shown to the other side',
  cancelReasonRequired: 'A reason is required: the other side reads it.',
  confirmCancel: 'Cancel the session',
  keepSession: 'Keep it',
  cancelled: 'Cancelled. The other side has been told.',
  refundFull: (amount: string) => `The mentee is refunded in full (${amount}).`,
  refundPartial: (amount: string, hours: number) =>
    `Less than ${hours} hours before the start, the mentee is refunded ${amount}.`,
  refundNone: 'Nothing is refunded.',

  // <MentorSettings>
  settingsTitle: 'Settings',
  autoApprove: 'Approve new bookings automatically',
  autoApproveHint:
    'New bookings go straight to approved and the meeting is created at once. You can switch it off any time.',
  calendarFeed: 'Calendar feed URL (iCal)',
  calendarFeedHint: 'A secret iCal address of your calendar (Google, Outlook, Apple), checked for conflicts.',
  save: 'Save',
  saved: 'Saved.',
  availability: 'Weekly availability',
  availabilityHint: (zone: string) =>
    `Bookings can start only inside these hours (${zone}). None means any time.`,
  anyTime: 'Any time: no hours set.',
  weekday: 'Day',
  from: 'From',
  to: 'To',
  addHours: 'Add hours',
  removeHours: (day: string) => `Remove ${day} hours`,
  saveAvailability: 'Save availability',
  statsTitle: 'Your stats',
  approvalRate: 'Approval rate',
  badge: 'Badge',
  badges: { new: 'New', none: 'None yet', bronze: 'Bronze', silver: 'Silver', gold: 'Gold' } as Record<
    string,
    string
  >,
  medianResponse: 'Median response',
  answeredWithin24h: 'Answered within 24 hours',
  notYet: '—',

  // <MyBookings> and <ProposalResponse>
  myBookingsTitle: 'My bookings',
  myBookingsEmpty: 'You have no bookings yet.',
  groups: {
    action: 'Needs your answer',
    waiting: 'Waiting for the mentor',
    upcoming: 'Upcoming',
    past: 'Past',
  } as Record<string, string>,
  answer: 'Answer',
  proposalTitle: (name: string) => `${name} suggested another time`,
  proposedTime: 'Suggested time',
  originalTime: 'You asked for',
  accept: 'Accept',
  decline: 'Decline',
  proposeAnother: 'Propose another time',
  declineTitle: 'Decline the new time',
  declineReason: 'Reason (optional)',
  confirmDecline: 'Decline and get refunded',
  accepted: 'Accepted. The session is booked.',
  declined: 'Declined. You are refunded.',
  proposed: 'Sent. The mentor will answer your proposal.',
  noOpenProposal: 'There is no suggested time to answer on this booking.',
};

/** The messages shape; every entry may be replaced through `<GreenlightProvider messages>`. */
export type Messages = {
  [K in keyof typeof englishMessages]: (typeof englishMessages)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof englishMessages)[K] extends string
      ? string
      : Record<string, string>;
};

/** The English messages with `overrides` on top; a map (`statuses`, `channels`, …) is merged key by key. */
export function mergeMessages(overrides: Partial<Messages> | undefined): Messages {
  const merged: Record<string, unknown> = { ...englishMessages };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const base = merged[key];
    merged[key] =
      typeof value === 'object' && value !== null && typeof base === 'object' ? { ...base, ...value } : value;
  }
  return merged as Messages;
}
