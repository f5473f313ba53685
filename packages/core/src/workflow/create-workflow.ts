import { bookingIcs } from '../calendar/ics';
import { systemClock } from '../clock';
import {
  ApproveBody,
  type Booking,
  type BookingReview,
  BookingStatus,
  CancelBody,
  CounterBody,
  CreateBookingBody,
  DeclineProposalBody,
  expansionsOf,
  ListBookingsQuery,
  RejectBody,
  ReportNoShowBody,
  SuggestBody,
  UpdateBookingBody,
} from '../contract/bookings';
import { BatchDecisionsBody } from '../contract/delegation';
import { ListNotificationsQuery } from '../contract/notifications';
import {
  type AutoApprovalRuleSet,
  PatchSettingsBody,
  PutSlackDeliveryBody,
  PutUserBody,
  type SlackDeliveryFailureReason,
  type User,
  type UserSettings,
} from '../contract/users';
import {
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  type WebhookEndpoint,
} from '../contract/webhooks';
import { negotiatedTimes } from '../deadlines';
import {
  CalendarConflictError,
  ForbiddenError,
  GreenlightError,
  InvalidTransitionError,
  NotFoundError,
  paymentRefTaken,
  SlotConflictError,
  ValidationError,
  VersionConflictError,
} from '../errors';
import { createIdGenerator } from '../ids';
import type { BookingEvent, EventBase } from '../machine/events';
import { assertAccepts, step } from '../machine/snapshot';
import {
  approvesEveryBooking,
  matchingRuleSet,
  needsSessionHistory,
  withAutoApprove,
} from '../policy/auto-approval';
import { describeAvailability, isWithinAvailability } from '../policy/availability';
import { cancellationRefund } from '../policy/cancellation';
import { menteeHistory } from '../policy/mentee-history';
import { mentorStats } from '../policy/mentor-metrics';
import { detectRedFlags } from '../policy/red-flags';
import { formatInZone } from '../policy/time-format';
import type { BusyTimes, StoreTx, WebhookEndpointRecord } from '../ports';
import { type Party, requirePlatform, requireSide, requireUser, resolveParty } from './authorize';
import { type IcsUrlFor, icsUrlOf, linksFor } from './booking-links';
import { commitStep } from './commit';
import { calendarConflicts, readBusyTimes, sessionConflicts } from './conflicts';
import { delegation } from './delegation';
import { emailActionsFor } from './email-actions';
import { withPeople } from './expand';
import { currentUser, loadBooking, loadUser, partiesOf, settingsOf } from './load';
import { bookingMessages } from './messages';
import type { Parties } from './notification-text';
import { addMinutes, parse, toUtc } from './parse';
import { slackInstallations } from './slack-installations';
import { sweepDeadlines } from './sweep';
import {
  type Actor,
  type BatchOutcome,
  type CommandOptions,
  DEFAULT_POLICY,
  type Workflow,
  type WorkflowDeps,
  type WorkflowPolicy,
} from './types';

const ALL_STATUSES = BookingStatus.options;
const MAX_METADATA_KEYS = 50;

interface CommandContext {
  tx: StoreTx;
  booking: Booking;
  party: Party;
  parties: Parties;
  now: string;
}

interface CommandSpec {
  /** Verb for errors: "cannot approve a booking that is rejected", "only the mentor … can approve it". */
  action: string;
  side: 'mentor' | 'mentee' | 'either';
  event(c: CommandContext): BookingEvent;
  /** Rules beyond the state machine (conflicts, availability); run after the transition is known to be allowed. */
  check?(c: CommandContext): Promise<void>;
  lockMentorId?: string;
}

const eventBase = (c: Pick<CommandContext, 'party' | 'now'>): EventBase => ({
  by: c.party.by,
  actorId: c.party.actorId,
  ...(c.party.actsAs ? { actsAs: c.party.actsAs } : {}),
  ...(c.party.channel ? { channel: c.party.channel } : {}),
  ...(c.party.onBehalfOf ? { onBehalfOf: c.party.onBehalfOf } : {}),
  at: c.now,
});

/** A new time for the booking: the same duration from `start`. */
const sessionAt = (start: string) => (booking: Booking) => ({
  start,
  end: addMinutes(start, booking.durationMinutes),
});

/** The endpoint as the API shows it: the signing secret only ever leaves on creation. */
const publicEndpoint = ({ secret: _secret, ...endpoint }: WebhookEndpointRecord): WebhookEndpoint => endpoint;

/** Whether `mentorId` has a booking with `menteeId` as its mentee. */
async function hasBooking(tx: StoreTx, mentorId: string, menteeId: string): Promise<boolean> {
  return (await tx.listBookings({ mentorId, menteeId, limit: 1 })).data.length > 0;
}

/**
 * Whether `viewerId` may see `id`'s profile: the two share a booking, or one is the other's assistant, or one of
 * them is the assistant of a mentor the other has a booking with. An assistant is on the mentor's side of the
 * mentor's bookings, so they see the people on them (and those people see who acted for the mentor), as the mentor
 * does; that is how every screen names "Sam for Mia".
 */
async function seesProfile(tx: StoreTx, viewerId: string, id: string): Promise<boolean> {
  if ((await hasBooking(tx, viewerId, id)) || (await hasBooking(tx, id, viewerId))) return true;
  if ((await tx.getDelegation(viewerId, id)) || (await tx.getDelegation(id, viewerId))) return true;
  for (const { mentorId } of await tx.listDelegations({ assistantId: viewerId })) {
    if (await hasBooking(tx, mentorId, id)) return true;
  }
  for (const { mentorId } of await tx.listDelegations({ assistantId: id })) {
    if (await hasBooking(tx, mentorId, viewerId)) return true;
  }
  return false;
}

/** Whether a profile write keeps the Slack account a recorded delivery failure was about. */
function sameSlackLink(existing: User | null, body: PutUserBody): boolean {
  return (
    existing !== null &&
    existing.slackUserId === (body.slackUserId ?? null) &&
    existing.slackTeamId === (body.slackTeamId ?? null)
  );
}

const SLACK_FAILURES: Record<SlackDeliveryFailureReason, string> = {
  no_team_id: 'the profile has no slackTeamId, so the Slack app cannot tell which workspace to use',
  not_installed: 'the Slack app is not installed in the workspace of the profile’s slackTeamId',
  installation_revoked: 'the Slack app was uninstalled from the workspace, or its tokens revoked',
  team_access_revoked: 'the org-wide Slack app lost access to the user’s workspace',
  user_deleted: 'the Slack user was deactivated or left the workspace',
  user_not_found: 'Slack does not know the profile’s slackUserId',
  user_disabled: 'the Slack user is disabled',
  user_not_visible: 'the Slack app may not see the Slack user',
  account_inactive: 'Slack answered account_inactive',
  channel_not_found: 'Slack could not find the direct message with the user',
  is_archived: 'the direct message with the user is archived',
};

/** What a reason means, when the Slack app gave no detail of its own. */
function describeSlackFailure(reason: SlackDeliveryFailureReason): string {
  return SLACK_FAILURES[reason];
}

function newWebhookSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * What the returning-mentee condition reads: the mentee's completed sessions with the mentor, and the sessions
 * with the mentor that a report names the mentee absent from (a disputed report counts: the rule is for mentees
 * the mentor can trust without looking).
 */
function sessionsWithMentor(
  menteeBookings: readonly Booking[],
  mentorId: string,
): { completedWithMentor: number; noShowsWithMentor: number } {
  const withMentor = menteeBookings.filter((b) => b.mentorId === mentorId);
  return {
    completedWithMentor: withMentor.filter((b) => b.status === 'completed').length,
    noShowsWithMentor: withMentor.filter((b) => b.noShow?.reports.some((r) => r.absent === 'mentee')).length,
  };
}

/** The booking lifecycle and everything around it, over the ports. See `Workflow` for the operations. */
export function createWorkflow(deps: WorkflowDeps): Workflow {
  const { store } = deps;
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? createIdGenerator();
  const policy: WorkflowPolicy = {
    ...DEFAULT_POLICY,
    ...deps.policy,
    cancellation: { ...DEFAULT_POLICY.cancellation, ...deps.policy?.cancellation },
    messages: { ...DEFAULT_POLICY.messages, ...deps.policy?.messages },
  };
  const sources = deps.busyTimes ?? [];
  const meetingProvider = deps.meetingProvider ?? 'jitsi';
  const icsUrlFor: IcsUrlFor = deps.icsUrl ?? ((bookingId) => icsUrlOf(bookingId, deps.publicUrl));
  const now = () => clock.now().toISOString();

  /**
   * The rule sets after a settings patch: `autoApprovalRules` replaces them (kept ids keep their rule sets, new
   * ones get an id), `autoApprove` switches the rule set without conditions (the contract refuses both at once).
   */
  function rulesAfter(current: AutoApprovalRuleSet[], body: PatchSettingsBody): AutoApprovalRuleSet[] {
    const rules =
      body.autoApprovalRules?.map((r) => ({
        id: r.id ?? ids.id('aar'),
        name: r.name,
        enabled: r.enabled ?? true,
        minNoticeHours: r.minNoticeHours ?? null,
        minCompletedSessions: r.minCompletedSessions ?? null,
        sessionTypes: r.sessionTypes ?? null,
        noRedFlags: r.noRedFlags ? [...new Set(r.noRedFlags)] : null,
      })) ?? current;
    return body.autoApprove === undefined
      ? rules
      : withAutoApprove(rules, body.autoApprove, () => ids.id('aar'));
  }

  /** No-shows are reported from the session's end until `noShowReportHours` after it. */
  function assertReportable(booking: Booking, at: string): void {
    const action = 'report a no-show for';
    if (at < booking.end) {
      throw new InvalidTransitionError(
        action,
        booking.status,
        `cannot report a no-show before the session has ended (it ends ${booking.end})`,
      );
    }
    const closes = addMinutes(booking.end, policy.noShowReportHours * 60);
    if (at >= closes) {
      throw new InvalidTransitionError(
        action,
        booking.status,
        `no-shows can be reported until ${policy.noShowReportHours} h after the session's end; this one ended ` +
          `${booking.end}, so the window closed ${closes}`,
      );
    }
  }

  /** A time a mentee may book or a mentor may suggest: in the future and inside the mentor's availability. */
  function assertBookable(
    times: { start: string; end: string },
    mentor: User,
    settings: UserSettings,
    at: string,
  ) {
    if (times.start <= at) {
      throw ValidationError.field(
        'start',
        `must be in the future (got ${times.start}, it is now ${at})`,
        422,
      );
    }
    const inside = isWithinAvailability({
      start: new Date(times.start),
      end: new Date(times.end),
      windows: settings.availability,
      timezone: mentor.timezone,
    });
    if (!inside) {
      throw ValidationError.field(
        'start',
        `${formatInZone(new Date(times.start), mentor.timezone)} is outside the mentor's availability; ` +
          `the mentor is available ${describeAvailability(settings.availability, mentor.timezone)}`,
        422,
      );
    }
  }

  /** A payment backs one booking, so cancelling one booking can never refund another's payment. */
  async function assertPaymentUnused(tx: StoreTx, paymentRef: string) {
    const backed = await tx.findBookingByPaymentRef(paymentRef);
    if (backed) throw paymentRefTaken(backed.id);
  }

  /** Hard rule: a mentor never has two overlapping approved sessions. */
  async function assertNoSlotConflict(
    tx: StoreTx,
    mentorId: string,
    times: { start: string; end: string },
    excludeId?: string,
  ) {
    const taken = await tx.findOverlapping(mentorId, times.start, times.end, ['approved'], excludeId);
    if (taken.length > 0) throw new SlotConflictError(sessionConflicts(taken));
  }

  /** The booking and the actor's side of it (404 for anyone who may not see it). */
  function bookingAs(actor: Actor, id: string): Promise<{ booking: Booking; party: Party }> {
    return store.transaction(async (tx) => {
      const booking = await loadBooking(tx, id);
      return { booking, party: await resolveParty(tx, actor, booking) };
    });
  }

  /** The transition of a command, checked and saved in `tx` (which holds the mentor's lock if the command takes it). */
  async function decide(
    tx: StoreTx,
    booking: Booking,
    party: Party,
    parties: Parties,
    spec: CommandSpec,
    options: CommandOptions,
  ): Promise<Booking> {
    const c: CommandContext = { tx, booking, party, parties, now: now() };
    const next = step(booking, spec.event(c), spec.action);
    await spec.check?.(c);
    await options.guard?.(tx, booking);
    return commitStep(tx, { before: booking, step: next, parties, ids, now: c.now });
  }

  async function command(
    actor: Actor,
    id: string,
    spec: CommandSpec,
    options: CommandOptions = {},
  ): Promise<Booking> {
    return store.transaction(
      async (tx) => {
        const booking = await loadBooking(tx, id);
        const party = await resolveParty(tx, actor, booking);
        requireSide(party, spec.side, spec.action);
        return decide(tx, booking, party, await partiesOf(tx, booking), spec, options);
      },
      spec.lockMentorId ? { lockMentorId: spec.lockMentorId } : undefined,
    );
  }

  /**
   * Approve and accept-proposal: both confirm a time, so both take the mentor lock and refuse overlaps with
   * approved sessions. Approving also checks the mentor's external calendars (overridable with `force`),
   * read between two transactions so that no lock is held while waiting on them. When there is no calendar to
   * ask (none would read anything for this mentor, or the booking is accepted), the first transaction takes the
   * mentor lock itself and decides: one transaction, each row read once.
   */
  async function confirm(
    actor: Actor,
    id: string,
    kind: 'APPROVE' | 'ACCEPT_PROPOSAL',
    force: boolean,
    options: CommandOptions | undefined,
  ): Promise<Booking> {
    const action = kind === 'APPROVE' ? 'approve' : 'accept the proposed time of';
    const side = kind === 'APPROVE' ? 'mentor' : 'mentee';
    const timesOf = (b: Booking) =>
      kind === 'ACCEPT_PROPOSAL' && b.proposal ? { start: b.proposal.start, end: b.proposal.end } : b;
    const icsUrl = await icsUrlFor(id);
    const event = (c: Omit<CommandContext, 'tx'>): BookingEvent => {
      const times = timesOf(c.booking);
      const calendarLinks = linksFor(c.booking, c.parties, {
        start: times.start,
        end: times.end,
        icsUrl,
        meeting: { provider: meetingProvider, status: 'pending' },
      });
      const base = { ...eventBase(c), meetingProvider, calendarLinks };
      return kind === 'APPROVE'
        ? { ...base, type: 'APPROVE', ...(force ? { force } : {}) }
        : { ...base, type: 'ACCEPT_PROPOSAL' };
    };
    /** The locked decision on the booking as read at `version`, whose time the calendars answered `busy` for. */
    const confirmation = (read: Booking, busy: readonly BusyTimes[]): CommandSpec => {
      const times = timesOf(read);
      return {
        action,
        side,
        lockMentorId: read.mentorId,
        event,
        async check(c) {
          const current = timesOf(c.booking);
          // The booking moved since it was read (and the calendars were asked about it).
          if (current.start !== times.start || current.end !== times.end) {
            throw new VersionConflictError(id, read.version);
          }
          if (current.start <= c.now) {
            throw ValidationError.field(
              'start',
              `has passed (${current.start}); the session can no longer be confirmed, book a new time instead`,
              422,
            );
          }
          await assertNoSlotConflict(c.tx, c.booking.mentorId, current, c.booking.id);
          const conflicts = calendarConflicts(busy, current.start, current.end);
          if (conflicts.length > 0 && !force) throw new CalendarConflictError(conflicts);
        },
      };
    };

    const first = await store.transaction(async (tx) => {
      const booking = await loadBooking(tx, id);
      const party = await resolveParty(tx, actor, booking);
      requireSide(party, side, action);
      const parties = await partiesOf(tx, booking);
      // Refuse early, before asking any calendar, when the state does not allow it anyway.
      assertAccepts(booking, { type: kind, ...party }, action);
      // Accepting needs no calendar: the mentor picked that time, and the mentee could not override a conflict.
      // The settings are what calendars read (the feed); with none to ask, nothing reads them.
      const settings =
        kind === 'APPROVE' && sources.length > 0 ? await settingsOf(tx, booking.mentorId) : null;
      const asked =
        settings !== null &&
        sources.some((source) => source.appliesTo?.({ mentor: parties.mentor, settings }) ?? true);
      if (asked || !tx.lockMentor) return { booking, parties, settings, decided: null };
      // Nothing to wait for. The mentor never changes, so the booking read without the lock names the right
      // one; whatever else changed while the lock was awaited is read again.
      const current = (await tx.lockMentor(booking.mentorId)) ? await loadBooking(tx, id) : booking;
      const decided = await decide(tx, current, party, parties, confirmation(booking, []), options ?? {});
      return { booking, parties, settings, decided };
    });
    if (first.decided) return first.decided;

    const times = timesOf(first.booking);
    const busy: BusyTimes[] = first.settings
      ? await readBusyTimes(sources, {
          mentor: first.parties.mentor,
          settings: first.settings,
          start: times.start,
          end: times.end,
        })
      : [];
    return command(actor, id, confirmation(first.booking, busy), options);
  }

  function rejectBooking(
    actor: Actor,
    id: string,
    body: RejectBody,
    options?: CommandOptions,
  ): Promise<Booking> {
    return command(
      actor,
      id,
      {
        action: 'reject',
        side: 'mentor',
        event: (c) => ({
          ...eventBase(c),
          type: 'REJECT',
          reason: body.reason.trim(),
          category: body.category ?? 'other',
        }),
      },
      options,
    );
  }

  /** A new time from either side (suggest, counter): bookable and free of approved sessions. */
  function newTimeCheck(times: { start: string; end: string }) {
    return async (c: CommandContext) => {
      assertBookable(times, c.parties.mentor, await settingsOf(c.tx, c.booking.mentorId), c.now);
      await assertNoSlotConflict(c.tx, c.booking.mentorId, times, c.booking.id);
    };
  }

  /**
   * The mentor suggests another time: bookable, free of approved sessions and, unless `force`, free in the
   * mentor's external calendars (an unreadable calendar counts as busy). As with approving, the calendars are
   * read before the transaction, so no lock is held while waiting on them; a booking that changed in between
   * is a version conflict, since the calendars were asked about the booking as it was then.
   *
   * A counter-proposal from the mentee (`counter`) is not checked against the mentor's calendar: the mentee
   * cannot see it nor override it, and the booking goes back to `pending`, where approving checks it.
   */
  /** What a suggestion answers: the booking's status, its time and the open proposal. */
  const negotiationOf = (b: Booking): string =>
    JSON.stringify([b.status, b.start, b.end, b.proposal?.start ?? null, b.proposal?.end ?? null]);

  async function suggestTime(
    actor: Actor,
    id: string,
    start: string,
    force: boolean,
    options: CommandOptions | undefined,
  ): Promise<Booking> {
    const action = 'suggest another time for';
    const before = await store.transaction(async (tx) => {
      const booking = await loadBooking(tx, id);
      const party = await resolveParty(tx, actor, booking);
      requireSide(party, 'mentor', action);
      return {
        booking,
        party,
        mentor: (await partiesOf(tx, booking)).mentor,
        settings: await settingsOf(tx, booking.mentorId),
      };
    });
    // Refuse early, before asking any calendar, what would be refused anyway.
    assertAccepts(before.booking, { type: 'SUGGEST', ...before.party }, action);
    const times = sessionAt(start)(before.booking);
    assertBookable(times, before.mentor, before.settings, now());
    const busy = await readBusyTimes(sources, { mentor: before.mentor, settings: before.settings, ...times });

    return command(
      actor,
      id,
      {
        action,
        side: 'mentor',
        event: (c) => ({ ...eventBase(c), type: 'SUGGEST', ...times, ...(force ? { force } : {}) }),
        async check(c) {
          // The negotiation moved on while the calendars were read (a counter-proposal, another suggestion): the
          // mentor decided on what they no longer see. Changes beside it (an integration's metadata) do not count.
          if (negotiationOf(c.booking) !== negotiationOf(before.booking)) {
            throw new VersionConflictError(id, before.booking.version);
          }
          await newTimeCheck(times)(c);
          const conflicts = calendarConflicts(busy, times.start, times.end);
          if (conflicts.length > 0 && !force) throw new CalendarConflictError(conflicts, 'suggest');
        },
      },
      options,
    );
  }

  async function review(party: Party, booking: Booking): Promise<BookingReview> {
    if (party.by === 'mentee') throw new ForbiddenError('only the mentor of this booking can see its review');
    // While a suggestion is open, the mentor is checking the suggested time.
    const proposal = booking.status === 'alternative_suggested' ? booking.proposal : null;
    const times = negotiatedTimes(booking);
    const data = await store.transaction(async (tx) => {
      const parties = await partiesOf(tx, booking);
      return {
        parties,
        settings: await settingsOf(tx, booking.mentorId),
        menteeBookings: await tx.bookingsOf(booking.menteeId, 'mentee', ALL_STATUSES),
        sessions: await tx.findOverlapping(
          booking.mentorId,
          times.start,
          times.end,
          ['approved'],
          booking.id,
        ),
      };
    });
    const { mentor, mentee } = data.parties;
    const history = menteeHistory(
      mentee,
      data.menteeBookings.filter((b) => b.id !== booking.id),
      booking.price.currency,
      clock.now(),
    );
    // Calendars matter while the mentor still has to decide; afterwards the review is a record.
    const undecided = booking.status === 'pending' || booking.status === 'alternative_suggested';
    const busy = undecided
      ? await readBusyTimes(sources, {
          mentor,
          settings: data.settings,
          ...times,
        })
      : [];
    return {
      startInMentorTimezone: formatInZone(new Date(booking.start), mentor.timezone),
      endInMentorTimezone: formatInZone(new Date(booking.end), mentor.timezone),
      ...(proposal
        ? {
            proposalStartInMentorTimezone: formatInZone(new Date(proposal.start), mentor.timezone),
            proposalEndInMentorTimezone: formatInZone(new Date(proposal.end), mentor.timezone),
          }
        : {}),
      mentorTimezone: mentor.timezone,
      menteeTimezone: mentee.timezone,
      mentee: {
        id: mentee.id,
        name: mentee.name,
        photoUrl: mentee.photoUrl,
        history,
      },
      redFlags: detectRedFlags({ mentee, message: booking.message, history }),
      conflicts: [...sessionConflicts(data.sessions), ...calendarConflicts(busy, times.start, times.end)],
      calendars: busy.map((b) => ({
        source: b.source,
        status: b.status,
        ...(b.detail ? { detail: b.detail } : {}),
      })),
    };
  }

  return {
    policy,
    users: {
      async put(actor, id, input) {
        requirePlatform(actor, 'create or replace users');
        const body = parse(PutUserBody, input);
        return store.transaction(async (tx) => {
          const existing = await tx.getUser(id);
          const at = now();
          const user: User = {
            id,
            name: body.name,
            email: body.email,
            photoUrl: body.photoUrl ?? null,
            timezone: body.timezone,
            slackUserId: body.slackUserId ?? null,
            slackTeamId: body.slackTeamId ?? null,
            slackDelivery: sameSlackLink(existing, body) ? (existing?.slackDelivery ?? null) : null,
            stats: {
              averageRatingGiven: body.stats?.averageRatingGiven ?? null,
              reviewsGiven: body.stats?.reviewsGiven ?? 0,
              noShowReports: body.stats?.noShowReports ?? 0,
            },
            createdAt: existing?.createdAt ?? at,
            updatedAt: at,
          };
          await tx.putUser(user);
          return user;
        });
      },
      async get(actor, id) {
        return store.transaction(async (tx) => {
          const user = await loadUser(tx, id);
          if (actor.kind === 'user' && actor.userId !== id) {
            // People you have no booking with (nor act for a mentor with) are not visible to you.
            if (!(await seesProfile(tx, actor.userId, id))) throw new NotFoundError('user', id);
            // Whether Slack reaches them is between them and the platform.
            return { ...user, slackDelivery: null };
          }
          return user;
        });
      },
      async setSlackDelivery(actor, id, input) {
        requirePlatform(actor, 'record whether Slack reaches a user');
        const body = parse(PutSlackDeliveryBody, input);
        return store.transaction(async (tx) => {
          const user = await loadUser(tx, id);
          const at = now();
          const previous = user.slackDelivery;
          const slackDelivery =
            body.status === 'ok'
              ? null
              : {
                  status: 'failing' as const,
                  reason: body.reason,
                  detail: body.detail ?? describeSlackFailure(body.reason),
                  bookingId: body.bookingId ?? null,
                  since: previous?.reason === body.reason ? previous.since : at,
                  at,
                };
          if (slackDelivery === null && previous === null) return user;
          const updated: User = { ...user, slackDelivery, updatedAt: at };
          await tx.putUser(updated);
          return updated;
        });
      },
      async findBySlackUserId(actor, slackUserId) {
        requirePlatform(actor, 'look users up by Slack id');
        const user = await store.transaction((tx) => tx.findUserBySlackId(slackUserId));
        if (!user) throw new NotFoundError('user with Slack id', slackUserId);
        return currentUser(user);
      },
      async getSettings(actor, userId) {
        if (actor.kind === 'user' && actor.userId !== userId) {
          throw new ForbiddenError('users can only read their own settings');
        }
        return store.transaction(async (tx) => {
          await loadUser(tx, userId);
          return settingsOf(tx, userId);
        });
      },
      async updateSettings(actor, userId, patch) {
        if (actor.kind === 'user' && actor.userId !== userId) {
          throw new ForbiddenError('users can only change their own settings');
        }
        const body = parse(PatchSettingsBody, patch);
        const feedUrl = body.calendarFeedUrl;
        const check = deps.checkCalendarUrl;
        /** A feed URL this update would newly save, so it has to pass the check first. */
        const isNewFeed = (current: UserSettings) =>
          check !== undefined && typeof feedUrl === 'string' && feedUrl !== current.calendarFeedUrl;
        /** The patch over the saved settings; null when the feed URL changed meanwhile and is not checked yet. */
        const write = (checked: boolean) =>
          store.transaction(async (tx): Promise<UserSettings | null> => {
            await loadUser(tx, userId);
            const current = await settingsOf(tx, userId);
            if (!checked && isNewFeed(current)) return null;
            const rules = rulesAfter(current.autoApprovalRules, body);
            const next: UserSettings = {
              autoApprove: approvesEveryBooking(rules),
              autoApprovalRules: rules,
              calendarFeedUrl: feedUrl === undefined ? current.calendarFeedUrl : feedUrl,
              availability: body.availability ?? current.availability,
            };
            await tx.putSettings(userId, next);
            return next;
          });
        if (!check || typeof feedUrl !== 'string') return (await write(true)) as UserSettings;
        // The check may resolve DNS, so it runs between two transactions and never holds the store: read, check,
        // then write the patch over whatever is saved by then.
        let checked = false;
        for (;;) {
          const current = await store.transaction(async (tx) => {
            await loadUser(tx, userId);
            return settingsOf(tx, userId);
          });
          if (!checked && isNewFeed(current)) {
            const problem = await check(new URL(feedUrl));
            if (problem !== null) {
              throw ValidationError.field(
                'calendarFeedUrl',
                `${problem}: calendar feeds must be reachable on the public internet`,
                422,
              );
            }
            checked = true;
          }
          const saved = await write(checked);
          if (saved) return saved;
        }
      },
      async mentorStats(_actor, userId) {
        const bookings = await store.transaction(async (tx) => {
          await loadUser(tx, userId);
          return tx.bookingsOf(userId, 'mentor', ALL_STATUSES);
        });
        return mentorStats(bookings, clock.now());
      },
      ...delegation(store, now),
    },

    bookings: {
      async request(actor, input) {
        const body = parse(CreateBookingBody, input);
        let menteeId: string;
        if (actor.kind === 'user') {
          if (body.menteeId && body.menteeId !== actor.userId) {
            throw new ForbiddenError('a mentee can only book sessions for themself');
          }
          menteeId = actor.userId;
        } else if (actor.kind === 'platform') {
          if (!body.menteeId)
            throw ValidationError.field('menteeId', 'is required when the platform books', 422);
          menteeId = body.menteeId;
        } else {
          throw new ForbiddenError('the system cannot book sessions');
        }
        // Refunds are paid against `paymentRef`, so only the platform, which took the payment, may name it.
        if (body.paymentRef != null && actor.kind !== 'platform') {
          throw new ForbiddenError(
            'paymentRef is attached by the platform (API key) that took the payment; book without it as a user',
          );
        }
        if (menteeId === body.mentorId) {
          throw ValidationError.field(
            'mentorId',
            'must be someone else: mentors cannot book themselves',
            422,
          );
        }
        const start = toUtc(body.start);
        const times = { start, end: addMinutes(start, body.durationMinutes) };

        const pre = await store.transaction(async (tx) => {
          const settings = await settingsOf(tx, body.mentorId);
          return {
            mentor: await loadUser(tx, body.mentorId),
            mentee: await loadUser(tx, menteeId),
            settings,
            // Read only for a rule set that looks at the mentee's past sessions.
            menteeBookings: needsSessionHistory(settings.autoApprovalRules)
              ? await tx.bookingsOf(menteeId, 'mentee', ALL_STATUSES)
              : null,
          };
        });
        assertBookable(times, pre.mentor, pre.settings, now());
        const past = pre.menteeBookings;
        const rule = matchingRuleSet(pre.settings.autoApprovalRules, {
          start: times.start,
          sessionType: body.sessionType ?? null,
          now: clock.now(),
          ...(past
            ? sessionsWithMentor(past, body.mentorId)
            : { completedWithMentor: 0, noShowsWithMentor: 0 }),
          redFlags: detectRedFlags({
            mentee: pre.mentee,
            message: body.message ?? null,
            ...(past ? { history: menteeHistory(pre.mentee, past, body.price.currency) } : {}),
          }),
        });
        // A booking a rule set approves, but whose mentor's calendar is busy (or unreadable), waits for the mentor.
        const busy = rule ? await readBusyTimes(sources, { ...pre, ...times }) : [];
        const autoApprove = rule !== null && calendarConflicts(busy, times.start, times.end).length === 0;

        return store.transaction(
          async (tx) => {
            await assertNoSlotConflict(tx, body.mentorId, times);
            if (body.paymentRef != null) await assertPaymentUnused(tx, body.paymentRef);
            const at = now();
            const parties = { mentor: pre.mentor, mentee: pre.mentee };
            const bookingId = ids.id('bkg');
            const icsUrl = await icsUrlFor(bookingId);
            const draft: Booking = {
              id: bookingId,
              status: 'pending',
              mentorId: body.mentorId,
              menteeId,
              ...times,
              durationMinutes: body.durationMinutes,
              sessionType: body.sessionType ?? null,
              price: body.price,
              paymentRef: body.paymentRef ?? null,
              message: body.message ?? null,
              createdAt: at,
              updatedAt: at,
              respondBy: at,
              expiresAt: addMinutes(at, policy.expireAfterDays * 24 * 60),
              decidedAt: null,
              remindedAt: null,
              version: 0,
              rejection: null,
              proposal: null,
              history: [],
              meeting: null,
              calendarLinks: null,
              refund: null,
              cancellation: null,
              metadata: {},
            };
            const channel = actor.channel ? { channel: actor.channel } : {};
            const party: Party =
              actor.kind === 'platform'
                ? { by: 'platform', actorId: 'platform', actsAs: ['mentee'], ...channel }
                : { by: 'mentee', actorId: menteeId, ...channel };
            const event: BookingEvent = {
              ...eventBase({ party, now: at }),
              type: 'REQUEST',
              autoApprove,
              ...(autoApprove && rule ? { rule } : {}),
              respondBy: addMinutes(at, policy.respondWithinHours * 60),
              meetingProvider,
              calendarLinks: linksFor(draft, parties, {
                ...times,
                icsUrl,
                meeting: { provider: meetingProvider, status: 'pending' },
              }),
            };
            const next = step(draft, event, 'request', { draft: true });
            return commitStep(tx, { before: null, step: next, parties, ids, now: at });
          },
          { lockMentorId: body.mentorId },
        );
      },

      async get(actor, id) {
        const { booking, party } = await bookingAs(actor, id);
        if (party.by === 'mentee') return booking;
        return { ...booking, review: await review(party, booking) };
      },

      async review(actor, id) {
        const { booking, party } = await bookingAs(actor, id);
        return review(party, booking);
      },

      async list(actor, query) {
        const q = parse(ListBookingsQuery, query);
        const filter = {
          limit: q.limit,
          ...(q.status ? { statuses: [q.status] } : {}),
          ...(q.from ? { from: toUtc(q.from) } : {}),
          ...(q.to ? { to: toUtc(q.to) } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
        };
        const expand = expansionsOf(q.expand);
        if (actor.kind !== 'user') {
          return store.transaction(async (tx) =>
            withPeople(
              tx,
              await tx.listBookings({
                ...filter,
                ...(q.mentorId ? { mentorId: q.mentorId } : {}),
                ...(q.menteeId ? { menteeId: q.menteeId } : {}),
              }),
              expand,
            ),
          );
        }
        const self = actor.userId;
        // An assistant lists the bookings of a mentor they assist as that mentor would.
        if (q.mentorId && q.mentorId !== self && !q.menteeId) {
          const mentorId = q.mentorId;
          const assists = await store.transaction((tx) => tx.getDelegation(mentorId, self));
          if (assists) {
            return store.transaction(async (tx) =>
              withPeople(tx, await tx.listBookings({ ...filter, mentorId }), expand),
            );
          }
        }
        for (const field of ['mentorId', 'menteeId'] as const) {
          if (q[field] && q[field] !== self) {
            throw new ForbiddenError(
              `${field} filters other people's bookings; only the platform (or a mentor's assistant, for mentorId) may use it`,
            );
          }
        }
        const who =
          q.role === 'mentor' || q.mentorId
            ? { mentorId: self }
            : q.role === 'mentee' || q.menteeId
              ? { menteeId: self }
              : { participantId: self };
        return store.transaction(async (tx) =>
          withPeople(tx, await tx.listBookings({ ...filter, ...who }), expand),
        );
      },

      async updateMetadata(actor, id, input) {
        const body = parse(UpdateBookingBody, input);
        return store.transaction(async (tx) => {
          const booking = await loadBooking(tx, id);
          await resolveParty(tx, actor, booking); // strangers get 404, as for every other booking
          // Integrations (the Slack bot's card references) trust metadata, so participants may not write it.
          requirePlatform(actor, 'change booking metadata: it is written by integrations');
          // Compare-and-set: a writer that read an older version learns of the other write instead of overwriting it.
          if (body.expectedVersion !== undefined && body.expectedVersion !== booking.version) {
            throw new VersionConflictError(id, body.expectedVersion);
          }
          const metadata = { ...booking.metadata };
          for (const [key, value] of Object.entries(body.metadata)) {
            if (value === null) delete metadata[key];
            else metadata[key] = value;
          }
          const count = Object.keys(metadata).length;
          if (count > MAX_METADATA_KEYS) {
            throw ValidationError.field(
              'metadata',
              `would have ${count} keys; at most ${MAX_METADATA_KEYS} are allowed (set a key to null to remove it)`,
              422,
            );
          }
          const next = { ...booking, metadata, version: booking.version + 1, updatedAt: now() };
          await tx.updateBooking(next, booking.version);
          return next;
        });
      },

      async approve(actor, id, input, options) {
        const body = parse(ApproveBody, input ?? {});
        return confirm(actor, id, 'APPROVE', body.force ?? false, options);
      },

      async acceptProposal(actor, id, options) {
        return confirm(actor, id, 'ACCEPT_PROPOSAL', false, options);
      },

      async reject(actor, id, input, options) {
        return rejectBooking(actor, id, parse(RejectBody, input, 422), options);
      },

      async decideMany(actor, input) {
        const { decisions } = parse(BatchDecisionsBody, input);
        const outcomes: BatchOutcome[] = [];
        // One after another, in the order sent: of two overlapping sessions, the first one listed is approved.
        for (const d of decisions) {
          try {
            const booking =
              d.action === 'approve'
                ? await confirm(actor, d.bookingId, 'APPROVE', d.force ?? false, undefined)
                : await rejectBooking(actor, d.bookingId, {
                    reason: d.reason,
                    ...(d.category ? { category: d.category } : {}),
                  });
            outcomes.push({ bookingId: d.bookingId, booking });
          } catch (error) {
            outcomes.push({ bookingId: d.bookingId, error });
          }
        }
        return outcomes;
      },

      async suggest(actor, id, input, options) {
        const body = parse(SuggestBody, input);
        return suggestTime(actor, id, toUtc(body.start), body.force ?? false, options);
      },

      async counter(actor, id, input, options) {
        const body = parse(CounterBody, input);
        const timesFor = sessionAt(toUtc(body.start));
        return command(
          actor,
          id,
          {
            action: 'propose another time for',
            side: 'mentee',
            event: (c) => ({
              ...eventBase(c),
              type: 'COUNTER',
              ...timesFor(c.booking),
              respondBy: addMinutes(c.now, policy.respondWithinHours * 60),
            }),
            check: (c) => newTimeCheck(timesFor(c.booking))(c),
          },
          options,
        );
      },

      async declineProposal(actor, id, input, options) {
        const body = parse(DeclineProposalBody, input ?? {});
        return command(
          actor,
          id,
          {
            action: 'decline the proposed time of',
            side: 'mentee',
            event: (c) => ({
              ...eventBase(c),
              type: 'DECLINE_PROPOSAL',
              ...(body.reason?.trim() ? { reason: body.reason.trim() } : {}),
            }),
          },
          options,
        );
      },

      async cancel(actor, id, input, options) {
        const body = parse(CancelBody, input);
        return command(
          actor,
          id,
          {
            action: 'cancel',
            side: 'either',
            event: (c) => ({
              ...eventBase(c),
              type: 'CANCEL',
              reason: body.reason,
              refundAmount: cancellationRefund({
                booking: c.booking,
                by: c.party.by === 'mentor' || c.party.by === 'mentee' ? c.party.by : 'platform',
                now: new Date(c.now),
                policy: policy.cancellation,
              }),
            }),
          },
          options,
        );
      },

      async emailActions(actor, id, recipientId) {
        return store.transaction(async (tx) => {
          const booking = await loadBooking(tx, id);
          await resolveParty(tx, actor, booking); // strangers get 404, as for every other booking
          requirePlatform(actor, 'sign action links: they act as the recipient without credentials');
          const role =
            recipientId === booking.mentorId ? 'mentor' : recipientId === booking.menteeId ? 'mentee' : null;
          if (!role) {
            throw ValidationError.field(
              'recipientId',
              `must be this booking's mentor (${booking.mentorId}) or mentee (${booking.menteeId})`,
              422,
            );
          }
          const recipient = await loadUser(tx, recipientId);
          return { booking, recipient, role, actions: emailActionsFor(booking, role) };
        });
      },

      async reportNoShow(actor, id, input) {
        const body = parse(ReportNoShowBody, input, 422);
        const action = 'report a no-show for';
        return command(actor, id, {
          action,
          side: 'either',
          event: (c) => {
            const by = c.party.by === 'mentor' || c.party.by === 'mentee' ? c.party.by : 'platform';
            if (by === 'platform' && body.absent === undefined) {
              throw ValidationError.field(
                'absent',
                'is required when the platform reports: name who did not show up (mentor or mentee)',
                422,
              );
            }
            const absent = body.absent ?? (by === 'mentor' ? 'mentee' : 'mentor');
            const reports = c.booking.noShow?.reports ?? [];
            if (reports.some((r) => r.by === by)) {
              throw new InvalidTransitionError(
                action,
                c.booking.status,
                `the ${by} already reported a no-show for this session; each side reports once`,
              );
            }
            const disputed = reports.some((r) => r.absent !== absent);
            return {
              ...eventBase(c),
              type: 'REPORT_NO_SHOW',
              absent,
              note: body.note,
              disputed,
              // The mentor's absence refunds the mentee, unless the reports disagree (the platform settles that).
              refundAmount:
                absent === 'mentor' && !disputed && c.booking.refund === null ? c.booking.price.amount : 0,
            };
          },
          async check(c) {
            assertReportable(c.booking, c.now);
          },
        });
      },

      async calendarIcs(actor, id) {
        const { booking, parties } = await store.transaction(async (tx) => {
          const booking = await loadBooking(tx, id);
          await resolveParty(tx, actor, booking); // strangers get 404, as for every other booking
          return { booking, parties: await partiesOf(tx, booking) };
        });
        return bookingIcs({ booking, ...parties });
      },
    },

    notifications: {
      async list(actor, query) {
        const userId = requireUser(actor, 'notifications');
        const q = parse(ListNotificationsQuery, query);
        return store.transaction((tx) =>
          tx.listNotifications({
            userId,
            limit: q.limit,
            ...(q.unread !== undefined ? { unread: q.unread } : {}),
            ...(q.cursor ? { cursor: q.cursor } : {}),
          }),
        );
      },
      async unreadCount(actor) {
        const userId = requireUser(actor, 'notifications');
        return store.transaction((tx) => tx.countUnread(userId));
      },
      async markRead(actor, id) {
        const userId = requireUser(actor, 'notifications');
        const read = await store.transaction((tx) => tx.markRead(userId, id, now()));
        if (!read) throw new NotFoundError('notification', id);
        return read;
      },
      async markAllRead(actor) {
        const userId = requireUser(actor, 'notifications');
        return store.transaction((tx) => tx.markAllRead(userId, now()));
      },
    },

    webhookEndpoints: {
      async create(actor, input) {
        requirePlatform(actor, 'manage webhook endpoints');
        const body = parse(CreateWebhookEndpointBody, input);
        const endpoint: WebhookEndpointRecord = {
          id: ids.id('whe'),
          url: body.url,
          events: [...new Set(body.events)],
          secret: newWebhookSecret(),
          enabled: true,
          consecutiveFailures: 0,
          createdAt: now(),
        };
        await store.transaction((tx) => tx.insertWebhookEndpoint(endpoint));
        return endpoint;
      },
      async list(actor) {
        requirePlatform(actor, 'manage webhook endpoints');
        const endpoints = await store.transaction((tx) => tx.listWebhookEndpoints());
        return endpoints.map(publicEndpoint);
      },
      async get(actor, id) {
        requirePlatform(actor, 'manage webhook endpoints');
        const endpoint = await store.transaction((tx) => tx.getWebhookEndpoint(id));
        if (!endpoint) throw new NotFoundError('webhook endpoint', id);
        return publicEndpoint(endpoint);
      },
      async update(actor, id, input) {
        requirePlatform(actor, 'manage webhook endpoints');
        const body = parse(UpdateWebhookEndpointBody, input);
        return store.transaction(async (tx) => {
          const endpoint = await tx.getWebhookEndpoint(id);
          if (!endpoint) throw new NotFoundError('webhook endpoint', id);
          const next: WebhookEndpointRecord = {
            ...endpoint,
            ...(body.events ? { events: [...new Set(body.events)] } : {}),
            ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
            // Re-enabling starts the failure count afresh.
            ...(body.enabled ? { consecutiveFailures: 0 } : {}),
          };
          await tx.updateWebhookEndpoint(next);
          // Deliveries held back while it was disabled go out now, not at their next hourly look.
          if (!endpoint.enabled && next.enabled) await tx.rescheduleEffects({ endpointId: id }, now());
          return publicEndpoint(next);
        });
      },
      async delete(actor, id) {
        requirePlatform(actor, 'manage webhook endpoints');
        const deleted = await store.transaction((tx) => tx.deleteWebhookEndpoint(id));
        if (!deleted) throw new NotFoundError('webhook endpoint', id);
      },
    },

    messages: bookingMessages({ store, ids, policy, now }),

    slackInstallations: slackInstallations(store, now, ids),

    effects: {
      async deadLetters(actor, query = {}) {
        requirePlatform(actor, 'see dead-lettered effects');
        return store.transaction((tx) =>
          tx.listEffects({
            status: 'dead',
            limit: query.limit ?? 20,
            ...(query.cursor ? { cursor: query.cursor } : {}),
          }),
        );
      },
      async retry(actor, id) {
        requirePlatform(actor, 'retry effects');
        return store.transaction(async (tx) => {
          const effect = await tx.getEffect(id);
          if (!effect) throw new NotFoundError('effect', id);
          if (effect.status !== 'dead') {
            throw new GreenlightError(
              'invalid_transition',
              409,
              `only dead-lettered effects can be retried; this one is ${effect.status}`,
            );
          }
          const retried = {
            ...effect,
            status: 'pending' as const,
            attempts: 0,
            runAt: now(),
            lockedUntil: null,
          };
          await tx.updateEffect(retried);
          return retried;
        });
      },
    },

    sweep: (at) => sweepDeadlines({ store, ids, policy }, (at ?? clock.now()).toISOString()),
  };
}
