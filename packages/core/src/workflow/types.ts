import type { EmailAction } from '../contract/action-links';
import type { BookingListItem } from '../contract/booking-list';
import type {
  ApproveBody,
  Booking,
  BookingReview,
  BookingView,
  CancelBody,
  Channel,
  CounterBody,
  CreateBookingBody,
  DeclineProposalBody,
  ListBookingsQuery,
  RejectBody,
  ReportNoShowBody,
  Role,
  SuggestBody,
  UpdateBookingBody,
} from '../contract/bookings';
import type {
  BatchDecisionsBody,
  Delegation,
  DelegationList,
  GrantDelegateBody,
} from '../contract/delegation';
import type {
  ClaimSlackTokenRefreshBody,
  PutSlackInstallationBody,
  RevokeSlackInstallationBody,
  SlackInstallation,
  SlackTeamAccessBody,
} from '../contract/integrations';
import type {
  BookingMessage,
  ListMessagesQuery,
  MarkMessagesReadBody,
  MessagesRead,
  PostMessageBody,
  UnreadMessages,
} from '../contract/messages';
import type { ListNotificationsQuery, Notification } from '../contract/notifications';
import type { Page } from '../contract/primitives';
import type {
  MentorStats,
  PatchSettingsBody,
  PutSlackDeliveryBody,
  PutUserBody,
  User,
  UserSettings,
} from '../contract/users';
import type {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookEndpoint,
} from '../contract/webhooks';
import type { Effect } from '../effects';
import type {
  BookingStore,
  BusyTimeSource,
  Clock,
  IdGenerator,
  MeetingProvider,
  Notifier,
  RefundGateway,
  StoreTx,
  WebhookSender,
} from '../ports';
import type { IcsUrlFor } from './booking-links';

/**
 * Who is calling. `platform` is the embedding platform (API key) and may do everything;
 * a `user` acts only on bookings where they are the mentor or the mentee.
 */
export type Actor =
  | { kind: 'platform'; channel?: Channel }
  | { kind: 'user'; userId: string; channel?: Channel }
  | { kind: 'system' };

/**
 * Options of a booking command (approve, reject, suggest, accept, decline, counter, cancel).
 */
export interface CommandOptions {
  /**
   * Runs inside the command's transaction once the transition is allowed and its rules have passed, just before
   * it is saved, with the booking as that transaction read it. What it writes through `tx` commits with the
   * transition; what it throws rolls both back and reaches the caller. The email-action pages spend their link
   * here, so a link is spent exactly when its decision is made.
   */
  guard?: (tx: StoreTx, booking: Booking) => Promise<void>;
}

/** Whose one-click links may be signed for a booking, and for what (`bookings.emailActions`). */
export interface EmailActionTargets {
  booking: Booking;
  recipient: User;
  role: Role;
  /** What the recipient may do now, in the order emails offer it. */
  actions: EmailAction[];
}

/** One decision of `decideMany`: the booking after it, or what refused (or broke) it. */
export type BatchOutcome = { bookingId: string; booking: Booking } | { bookingId: string; error: unknown };

export interface WorkflowPolicy {
  /** Mentor should answer within this many hours of a booking becoming pending (24). */
  respondWithinHours: number;
  /** Remind the mentor this many hours before `respondBy` (4). */
  reminderLeadHours: number;
  /** Undecided bookings expire this many days after they were made (7). */
  expireAfterDays: number;
  /** Share of the price refunded when the mentee cancels an approved session: full when more than `fullRefundHours` ahead. */
  cancellation: { fullRefundHours: number; lateRefundShare: number };
  /**
   * The conversation on a booking: each participant posts at most `perMinute` messages a minute on one booking
   * (10), and the other side's email about unread messages goes `digestDelayMinutes` after the first of them (5).
   */
  messages: { perMinute: number; digestDelayMinutes: number };
  /** Either side may report a no-show until this many hours after the session's end (48). */
  noShowReportHours: number;
}

export const DEFAULT_POLICY: WorkflowPolicy = {
  respondWithinHours: 24,
  reminderLeadHours: 4,
  expireAfterDays: 7,
  cancellation: { fullRefundHours: 24, lateRefundShare: 0.5 },
  messages: { perMinute: 10, digestDelayMinutes: 5 },
  noShowReportHours: 48,
};

export interface WorkflowDeps {
  store: BookingStore;
  clock?: Clock;
  ids?: IdGenerator;
  /** Busy-time sources for the conflict check (iCal feed, Google free/busy). */
  busyTimes?: BusyTimeSource[];
  /** Nested parts (`cancellation`, `messages`) may be given in part; the rest keeps its default. */
  policy?: Partial<Omit<WorkflowPolicy, 'cancellation' | 'messages'>> & {
    cancellation?: Partial<WorkflowPolicy['cancellation']>;
    messages?: Partial<WorkflowPolicy['messages']>;
  };
  /** Name of the meeting provider recorded on approval (the effect worker's `MeetingProvider`); default `jitsi`. */
  meetingProvider?: string;
  /** Public base URL of the API, for the `.ics` link in calendar links; without it the link is a path. */
  publicUrl?: string;
  /**
   * Makes the `.ics` link of calendar links instead of `publicUrl`: the server signs it, so that the link
   * opens from an email or a calendar app without credentials. Without it the link is `icsUrlOf(id, publicUrl)`.
   */
  icsUrl?: IcsUrlFor;
  /**
   * Checks a calendar feed URL when a user saves it (`users.updateSettings`): null when it may be saved, else
   * why not (e.g. `127.0.0.1 is loopback`), and the update is refused with a 422 on `calendarFeedUrl`. Called
   * only for a URL that differs from the saved one, outside any store transaction (it may resolve DNS). It is a
   * courtesy to tell the mentor early; the busy-time source must still guard every fetch, since DNS can change.
   * Without it, any URL the contract accepts is saved.
   */
  checkCalendarUrl?: CalendarUrlCheck;
}

/** See `WorkflowDeps.checkCalendarUrl`: null when the URL may be saved, else the reason it may not. */
export type CalendarUrlCheck = (url: URL) => Promise<string | null>;

/** The ports the effect worker runs effects through. */
export interface EffectPorts {
  meetings: MeetingProvider;
  refunds: RefundGateway;
  notifier: Notifier;
  webhooks: WebhookSender;
}

export interface SweepResult {
  expired: number;
  reminded: number;
  completed: number;
}

export interface Workflow {
  /** The rules it runs by (deadlines, the cancellation refund policy), defaults filled in. */
  readonly policy: WorkflowPolicy;
  users: {
    put(actor: Actor, id: string, input: PutUserBody): Promise<User>;
    get(actor: Actor, id: string): Promise<User>;
    findBySlackUserId(actor: Actor, slackUserId: string): Promise<User>;
    /**
     * The Slack app says whether it reaches the user (platform only): a failure is kept on the profile
     * (`slackDelivery`, its `since` kept while the reason stays the same) until it reports `ok`.
     */
    setSlackDelivery(actor: Actor, id: string, input: PutSlackDeliveryBody): Promise<User>;
    getSettings(actor: Actor, userId: string): Promise<UserSettings>;
    updateSettings(actor: Actor, userId: string, patch: PatchSettingsBody): Promise<UserSettings>;
    mentorStats(actor: Actor, userId: string): Promise<MentorStats>;
    /** Who may decide for the mentor (the mentor or the platform). */
    listDelegates(actor: Actor, mentorId: string): Promise<DelegationList>;
    /**
     * Lets `assistantId` decide for the mentor: approve, reject, suggest, message, cancel, report… on the mentor's
     * bookings, as the mentor's side, with their own credentials (the mentor or the platform grants it). Granting
     * an assistant again keeps the first grant (`created: false`).
     */
    grantDelegate(
      actor: Actor,
      mentorId: string,
      input: GrantDelegateBody,
    ): Promise<{ delegation: Delegation; created: boolean }>;
    /** Takes it back at once; `NotFoundError` when the user was not an assistant of the mentor. */
    revokeDelegate(actor: Actor, mentorId: string, assistantId: string): Promise<void>;
    /** The mentors a user decides for (the user or the platform). */
    listAssisting(actor: Actor, assistantId: string): Promise<DelegationList>;
  };
  bookings: {
    request(actor: Actor, input: CreateBookingBody): Promise<Booking>;
    /** With `review` when the actor is the mentor or the platform. */
    get(actor: Actor, id: string): Promise<BookingView>;
    review(actor: Actor, id: string): Promise<BookingReview>;
    /** The actor's bookings (the platform's: anyone's), with the people `expand` asks for beside each. */
    list(actor: Actor, query: ListBookingsQuery): Promise<Page<BookingListItem>>;
    /**
     * The platform sets or removes metadata keys. With `expectedVersion`, only if the booking is still at that
     * version: otherwise `VersionConflictError` and nothing changes.
     */
    updateMetadata(actor: Actor, id: string, input: UpdateBookingBody): Promise<Booking>;
    approve(actor: Actor, id: string, input?: ApproveBody, options?: CommandOptions): Promise<Booking>;
    reject(actor: Actor, id: string, input: RejectBody, options?: CommandOptions): Promise<Booking>;
    /**
     * The mentor proposes another time. Like approving, it is refused with `CalendarConflictError` when the
     * mentor's external calendars show the time busy (or cannot be read), unless `force`.
     */
    suggest(actor: Actor, id: string, input: SuggestBody, options?: CommandOptions): Promise<Booking>;
    acceptProposal(actor: Actor, id: string, options?: CommandOptions): Promise<Booking>;
    declineProposal(
      actor: Actor,
      id: string,
      input?: DeclineProposalBody,
      options?: CommandOptions,
    ): Promise<Booking>;
    /**
     * The mentee proposes yet another time; the booking goes back to `pending`. Not checked against the
     * mentor's calendars (the mentee can neither see nor override them): approving it checks them.
     */
    counter(actor: Actor, id: string, input: CounterBody, options?: CommandOptions): Promise<Booking>;
    cancel(actor: Actor, id: string, input: CancelBody, options?: CommandOptions): Promise<Booking>;
    /**
     * What one-click links may be signed for `recipientId` (the booking's mentor or mentee) and which actions
     * they may take now. The platform only (the links act as the recipient without credentials); strangers get
     * 404, another recipient a 422 on `recipientId`.
     */
    emailActions(actor: Actor, id: string, recipientId: string): Promise<EmailActionTargets>;
    /**
     * Either side (or the platform, naming `absent`) reports that someone did not show up, from the session's end
     * until `noShowReportHours` after it: a completed (or not yet completed) session becomes `no_show`, and the
     * other side may answer with its own report. A mentor no-show refunds the mentee in full (one refund per
     * booking, as always); a mentee no-show does not, and counts in the mentee's history and red flags. Reports
     * that name each side absent are a dispute, left to the platform (`booking.disputed`), and refund nothing.
     * Each side reports once.
     */
    reportNoShow(actor: Actor, id: string, input: ReportNoShowBody): Promise<Booking>;
    calendarIcs(actor: Actor, id: string): Promise<string>;
    /**
     * Approves or rejects several bookings, in order, each its own transition exactly as `approve` or `reject`
     * would: one that fails leaves the others as they are. Each outcome is the booking after it, or the error.
     */
    decideMany(actor: Actor, input: BatchDecisionsBody): Promise<BatchOutcome[]>;
  };
  /**
   * The conversation on a booking between its mentor and its mentee. Either side posts while the booking is
   * pending or a time is suggested, and until an approved session starts; anyone who may see the booking reads
   * it (a stranger gets `NotFoundError`). Reading and unread counts belong to a participant: the platform acts
   * as one to use them.
   */
  messages: {
    /**
     * Posts as the actor's side. `InvalidTransitionError` once the booking no longer takes messages (naming its
     * status), `RateLimitedError` past the per-minute limit. The other side gets an in-app notification (one
     * per conversation until they read it) and, a few minutes later, one email about what they still have not
     * read; webhooks get `booking.message_posted`.
     */
    post(actor: Actor, bookingId: string, input: PostMessageBody): Promise<BookingMessage>;
    /** Newest first; `nextCursor` leads to older messages. */
    list(actor: Actor, bookingId: string, query: ListMessagesQuery): Promise<Page<BookingMessage>>;
    /** Marks the other side's messages read, all or up to `upTo`. */
    markRead(actor: Actor, bookingId: string, input?: MarkMessagesReadBody): Promise<MessagesRead>;
    /** The actor's unread messages, per booking. */
    unread(actor: Actor): Promise<UnreadMessages>;
  };
  notifications: {
    list(actor: Actor, query: ListNotificationsQuery): Promise<Page<Notification>>;
    unreadCount(actor: Actor): Promise<number>;
    markRead(actor: Actor, id: string): Promise<Notification>;
    markAllRead(actor: Actor): Promise<number>;
  };
  webhookEndpoints: {
    create(actor: Actor, input: CreateWebhookEndpointBody): Promise<WebhookEndpoint>;
    list(actor: Actor): Promise<WebhookEndpoint[]>;
    get(actor: Actor, id: string): Promise<WebhookEndpoint>;
    update(actor: Actor, id: string, input: UpdateWebhookEndpointBody): Promise<WebhookEndpoint>;
    delete(actor: Actor, id: string): Promise<void>;
  };
  /**
   * Installations of the Slack app, by team id or, for an org-wide install, enterprise id (platform only: they
   * hold bot tokens). Putting one checks that it belongs under its key; deleting an absent one succeeds.
   */
  slackInstallations: {
    /**
     * Creates or replaces (active again, revocation cleared) the installation; with `expectedVersion`, only while
     * it is at that version, else `version_conflict`.
     */
    put(actor: Actor, key: string, input: PutSlackInstallationBody): Promise<SlackInstallation>;
    get(actor: Actor, key: string): Promise<SlackInstallation>;
    delete(actor: Actor, key: string): Promise<void>;
    /**
     * Claims the refresh of a rotating bot token for `seconds`: refused (`version_conflict`) when the installation
     * is no longer at `expectedVersion`, is revoked, or another claim still holds. The holder then puts the rotated
     * tokens with the claimed installation's `version` as `expectedVersion`.
     */
    claimRefresh(actor: Actor, key: string, input: ClaimSlackTokenRefreshBody): Promise<SlackInstallation>;
    /**
     * Marks the installation revoked (tokens dropped) and, the first time, sends `slack.installation_revoked` to
     * the endpoints subscribed to it, in the same transaction. Revoking a revoked installation changes nothing.
     */
    revoke(actor: Actor, key: string, input: RevokeSlackInstallationBody): Promise<SlackInstallation>;
    /** Records workspaces of an org-wide install the app was granted or lost. */
    teamAccess(actor: Actor, key: string, input: SlackTeamAccessBody): Promise<SlackInstallation>;
  };
  effects: {
    /** Dead-lettered effects (platform only). */
    deadLetters(actor: Actor, query?: { limit?: number; cursor?: string }): Promise<Page<Effect>>;
    /** Puts a dead effect back in the queue, attempts reset (platform only). */
    retry(actor: Actor, id: string): Promise<Effect>;
  };
  /** Deadline sweeps at `now` (default: the clock): expire, remind, complete. */
  sweep(now?: Date): Promise<SweepResult>;
}
