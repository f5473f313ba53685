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
    no_show_reported: 'reported a no-show for',
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
    no_show: 'No-show',
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
    missed_sessions: 'Missed sessions',
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
  autoApprove: 'Approve every booking automatically',
  autoApproveHint:
    'Every new booking goes straight to approved and the meeting is created at once. You can switch it off any time; the rule sets below approve only what they describe.',
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

  // People, in sentences such as "Sam Lee for Mia Hoffmann approved it on the web"
  anAssistant: 'An assistant',
  youLower: 'you',
  forPerson: (who: string, whom: string) => `${who} for ${whom}`,

  // <BookingConversation>
  conversationTitle: 'Messages',
  conversationLog: (name: string) => `Conversation with ${name}`,
  conversationEmpty: 'No messages yet.',
  earlierMessages: 'Show earlier messages',
  messageTo: (name: string) => `Message to ${name}`,
  messageHint: 'Enter sends; Shift+Enter starts a new line.',
  characterCount: (used: string, max: string) => `${used} / ${max} characters`,
  tooLong: (over: string) => `${over} characters too many`,
  send: 'Send',
  sending: 'Sending…',
  notSent: (detail: string) => `Not sent: ${detail}`,
  rateLimited: (seconds: number) =>
    `You have sent many messages in a minute: you can send again in ${seconds} s.`,
  conversationClosedStarted: 'The conversation closed when the session started.',
  conversationClosed: (status: string) => `The conversation is closed (${status}).`,
  toneOnlyYou: 'Only you see this check.',
  unreadMessages: (count: number) => (count === 1 ? '1 new message' : `${count} new messages`),
  messagesButton: 'Messages',

  // <BookingOverview>
  overviewTitle: (name: string) => `Your booking with ${name}`,
  status: 'Status',

  // <BookingHistory>: templates with {who}, {where}, {time}, {rule}, {absent}
  historyTitle: 'History',
  history: {
    requested: '{who} requested the session{where}',
    auto_approved: 'Approved automatically',
    auto_approved_rule: 'Approved automatically by the rule “{rule}”',
    approved: '{who} approved it{where}',
    rejected: '{who} rejected it{where}',
    alternative_suggested: '{who} suggested another time{where}: {time}',
    proposal_accepted: '{who} accepted the new time{where}',
    proposal_declined: '{who} declined the new time{where}',
    counter_proposed: '{who} proposed another time{where}: {time}',
    cancelled: '{who} cancelled it{where}',
    expired: 'It expired without an answer',
    reminded: 'A reminder to answer went out',
    completed: 'The session ended',
    meeting_ready: 'The meeting link is ready',
    meeting_failed: 'The meeting link could not be made yet; it is being retried',
    no_show_reported: '{who} reported{where} that {absent} did not come',
    no_show_disputed: '{who} reported{where} that {absent} did not come, contradicting the other report',
    other: '{who}: {event}{where}',
  } as Record<string, string>,

  // <NoShowReport> and <PastSessions>
  reportNoShow: 'Report a no-show',
  answerNoShow: 'Answer with your own report',
  noShowWho: 'Who did not come?',
  didNotCome: (name: string) => `${name} did not come`,
  iDidNotCome: 'I could not come',
  noShowNote: 'What happened (the other side reads this)',
  noShowNoteRequired: 'A note is required: say what happened.',
  confirmNoShow: 'Send the report',
  noShowUntil: (when: string) => `You can report a no-show until ${when}.`,
  noShowSent: 'Reported. The other side has been told.',
  noShowAbsent: (name: string) => `Reported: ${name} did not come to the session.`,
  youAreRefunded: (amount: string) => `You are refunded in full (${amount}).`,
  noShowCounts: (name: string) => `Nothing is refunded, and it counts in ${name}’s history with mentors.`,
  noShowCountsYou: 'Nothing is refunded, and it counts in your history with mentors.',
  noShowDisputed:
    'Disputed: the reports disagree about who did not come. Nothing more is refunded; the platform will look into it.',
  noShowSaid: (who: string, absent: string) => `${who} said ${absent} did not come:`,
  pastTitle: 'Past sessions',
  pastEmpty: 'No past sessions yet.',

  // Auto-approval rules in <MentorSettings>
  rulesTitle: 'Auto-approval rules',
  rulesHint:
    'A new booking is approved at once when every condition of an enabled rule set holds and your calendar is free; otherwise it waits for you as usual. The first rule set that matches approves it.',
  noRuleSets: 'No rule sets: every booking waits for your answer.',
  ruleSet: (position: number, name: string) => `Rule set ${position}: ${name}`,
  ruleName: 'Name',
  ruleEnabled: 'Use this rule set',
  conditionNotice: 'Minimum notice',
  noticeHours: 'Hours between booking and session, at least',
  conditionReturning: 'Returning mentee',
  completedSessions: 'Completed sessions with you, at least',
  conditionTypes: 'Session types',
  typeNames: 'Session type names, separated by commas',
  conditionFlags: 'No red flags of these kinds',
  enterNumber: 'Enter a number.',
  ruleAlways: 'Approve every booking automatically.',
  ruleWhen: (conditions: string) => `Approve automatically when ${conditions}.`,
  ruleNoticeSays: (hours: string) => `the session is at least ${hours} h away`,
  ruleReturningSays: (count: string) =>
    `the mentee has completed at least ${count} sessions with you and never missed one`,
  ruleTypesSays: (types: string) => `the session type is ${types}`,
  ruleFlagsSays: (flags: string) => `the booking shows no red flag for ${flags}`,
  ruleOff: 'Off: this rule set approves nothing.',
  newRuleSet: 'New rule set',
  addRuleSet: 'Add a rule set',
  moveUp: 'Move up',
  moveDown: 'Move down',
  remove: 'Remove',
  saveRules: 'Save rules',

  // Assistants in <MentorSettings>
  assistantsTitle: 'Assistants',
  assistantsHint:
    'An assistant decides on your bookings for you, signed in as themselves; what they do is recorded as by them for you. They cannot change your settings.',
  assistantId: 'Assistant’s user id',
  assistantIdHint: 'Their user id on the platform, e.g. usr_…',
  addAssistant: 'Add assistant',
  noAssistants: 'No assistants.',
  assistantSince: (date: string) => `since ${date}`,
  assistantAdded: (name: string) => `${name} can now decide for you.`,
  assistantRemoved: (name: string) => `${name} can no longer decide for you.`,
  noSuchUser: 'No user has this id.',

  // Decisions in bulk in <PendingBookings>
  pendingOf: (name: string) => `Pending bookings of ${name}`,
  selectBooking: (name: string) => `Select the booking from ${name}`,
  selectAll: 'Select all',
  selectedCount: (count: number) => `${count} selected`,
  approveSelected: (count: number) => `Approve ${count}`,
  rejectSelected: (count: number) => `Reject ${count}`,
  bulkRejectTitle: (count: number) => `Reject ${count} bookings`,
  bulkSummary: (succeeded: number, failed: number) =>
    failed === 0 ? `Done: all ${succeeded}.` : `${succeeded} done, ${failed} not: see each booking below.`,
  bulkApproved: 'Approved.',
  bulkRejected: 'Rejected.',
  bulkCalendar:
    'Not approved: your calendar shows this time busy or could not read it. Review it to approve anyway.',
  bulkDecidedElsewhere: (status: string) => `Not done: it is ${status} already.`,
  bulkFailed: (detail: string) => `Not done: ${detail}`,
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
