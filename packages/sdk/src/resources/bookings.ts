import {
  ActionLinks,
  ActionLinksQuery,
  ApproveBody,
  BatchDecisionsBody,
  BatchDecisionsResult,
  Booking,
  type BookingExpansion,
  BookingListItem,
  BookingView,
  CancelBody,
  CounterBody,
  CreateBookingBody,
  DeclineProposalBody,
  ListBookingsQuery,
  type Page,
  pageOf,
  RejectBody,
  ReportNoShowBody,
  SuggestBody,
  UpdateBookingBody,
  type UserSummary,
} from '@greenlight/core/contract';
import type { z } from 'zod';
import { type Query, type RequestOptions, segment, type Transport } from '../http';
import { PagedList } from '../pagination';
import { type AcceptDates, checked } from '../serialize';

export type CreateBookingParams = AcceptDates<z.input<typeof CreateBookingBody>, 'start'>;
export type ListBookingsParams<E extends BookingExpansion = BookingExpansion> = AcceptDates<
  Omit<z.input<typeof ListBookingsQuery>, 'limit' | 'expand'>,
  'from' | 'to'
> & {
  /** Page size, 1–100 (default 20); iteration still walks every page. */
  limit?: number;
  /**
   * Carry each booking's `mentee` and/or `mentor` as `{ id, name, photoUrl }`, so a list shows names and photos
   * without a request per person.
   */
  expand?: readonly E[];
};

/** A listed booking with the people its list's `expand` asked for. */
export type ListedBooking<E extends BookingExpansion = never> = [E] extends [never]
  ? Booking
  : Booking & { [K in E]: UserSummary };
export type UpdateBookingParams = z.input<typeof UpdateBookingBody>;
export type ApproveParams = z.input<typeof ApproveBody>;
export type RejectParams = z.input<typeof RejectBody>;
export type SuggestParams = AcceptDates<z.input<typeof SuggestBody>, 'start'>;
export type CounterParams = AcceptDates<z.input<typeof CounterBody>, 'start'>;
export type DeclineProposalParams = z.input<typeof DeclineProposalBody>;
export type CancelParams = z.input<typeof CancelBody>;
export type ActionLinksParams = z.input<typeof ActionLinksQuery>;
export type ReportNoShowParams = z.input<typeof ReportNoShowBody>;
export type BatchDecisionsParams = z.input<typeof BatchDecisionsBody>;

const BookingPage = pageOf(BookingListItem);

export class Bookings {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /**
   * Request a session: `pending`, or `approved` at once when the mentor has auto-approval. Only the platform
   * client (no `.as()`) may attach a `paymentRef`, booking for `menteeId`; refunds are paid against it.
   */
  async create(params: CreateBookingParams, options?: RequestOptions): Promise<Booking> {
    const body = checked(CreateBookingBody, params);
    return this.#t.json({ method: 'POST', path: 'v1/bookings', body, options }, Booking);
  }

  /** The booking; its mentor (or the platform) also gets `review`: history, red flags, conflicts. */
  get(bookingId: string, options?: RequestOptions): Promise<BookingView> {
    return this.#t.json({ method: 'GET', path: this.#path(bookingId), options }, BookingView);
  }

  /**
   * The caller's bookings, page by page as they are iterated. `status: 'approved', from: new Date()` is "upcoming";
   * `expand: ['mentee']` carries each booking's mentee (`{ id, name, photoUrl }`).
   */
  list<E extends BookingExpansion = never>(
    params: ListBookingsParams<E> = {},
    options?: RequestOptions,
  ): PagedList<ListedBooking<E>> {
    const { cursor, expand, ...filters } = params;
    const wanted = expand?.length ? { expand: [...new Set(expand)].join(',') } : {};
    return new PagedList(async (next) => {
      const query = checked(ListBookingsQuery, { ...filters, ...wanted, cursor: next }) as Query;
      const page = await this.#t.json({ method: 'GET', path: 'v1/bookings', query, options }, BookingPage);
      return page as Page<ListedBooking<E>>;
    }, cursor);
  }

  /** Set (or, with null, remove) metadata keys; other keys are kept. The platform client only (no `.as()`). */
  async update(bookingId: string, params: UpdateBookingParams, options?: RequestOptions): Promise<Booking> {
    const body = checked(UpdateBookingBody, params);
    return this.#t.json({ method: 'PATCH', path: this.#path(bookingId), body, options }, Booking);
  }

  /** Mentor: approve. `force: true` overrides a busy external calendar, never another approved session. */
  async approve(bookingId: string, params: ApproveParams = {}, options?: RequestOptions): Promise<Booking> {
    return this.#action(bookingId, 'approve', checked(ApproveBody, params), options);
  }

  /** Mentor: reject with a reason the mentee will read ("no" is refused). */
  async reject(bookingId: string, params: RejectParams, options?: RequestOptions): Promise<Booking> {
    return this.#action(bookingId, 'reject', checked(RejectBody, params), options);
  }

  /**
   * Mentor: propose another start time instead of rejecting. A time the mentor's calendar shows busy (or that
   * a calendar could not confirm free) is refused with `CalendarConflictError` unless `force: true`, which never
   * overrides another approved session.
   */
  async suggest(bookingId: string, params: SuggestParams, options?: RequestOptions): Promise<Booking> {
    return this.#action(bookingId, 'suggest', checked(SuggestBody, params), options);
  }

  /** Mentee: take the mentor's proposed time; the booking is approved. */
  async acceptProposal(bookingId: string, options?: RequestOptions): Promise<Booking> {
    return this.#action(bookingId, 'accept-proposal', {}, options);
  }

  /** Mentee: turn the proposed time down; the booking is declined and refunded. */
  async declineProposal(
    bookingId: string,
    params: DeclineProposalParams = {},
    options?: RequestOptions,
  ): Promise<Booking> {
    return this.#action(bookingId, 'decline-proposal', checked(DeclineProposalBody, params), options);
  }

  /** Mentee: propose yet another time; the booking goes back to the mentor as pending. */
  async counter(bookingId: string, params: CounterParams, options?: RequestOptions): Promise<Booking> {
    return this.#action(bookingId, 'counter', checked(CounterBody, params), options);
  }

  /** Either side: cancel, with a reason shown to the other side. */
  async cancel(bookingId: string, params: CancelParams, options?: RequestOptions): Promise<Booking> {
    return this.#action(bookingId, 'cancel', checked(CancelBody, params), options);
  }

  /**
   * Platform client only (no `.as()`): the signed one-click links `recipientId` (the booking's mentor or mentee)
   * may use now, the ones the emails carry: each opens a page that acts only when its form is posted, once,
   * until `expiresAt`. For a channel that cannot sign, such as the Slack bot's fallback text.
   */
  async actionLinks(
    bookingId: string,
    params: ActionLinksParams,
    options?: RequestOptions,
  ): Promise<ActionLinks> {
    const query = checked(ActionLinksQuery, params) as Query;
    return this.#t.json(
      { method: 'GET', path: `${this.#path(bookingId)}/action-links`, query, options },
      ActionLinks,
    );
  }

  /**
   * Either side, after the session and within 48 hours of its end: report who did not come (`absent`, default
   * the other side; the platform must name it) with a note. The booking becomes `no_show`; a mentor no-show
   * refunds the mentee, and reports naming each side absent are a dispute for the platform.
   */
  async reportNoShow(
    bookingId: string,
    params: ReportNoShowParams,
    options?: RequestOptions,
  ): Promise<Booking> {
    return this.#action(bookingId, 'no-show', checked(ReportNoShowBody, params), options);
  }

  /**
   * Mentor (or their assistant): approve or reject up to 50 bookings in one request, in order, each its own
   * transition. It resolves with each outcome (`ok: true` with the booking, or `ok: false` with the problem the
   * single call would have thrown); it rejects only for the request as a whole (e.g. a malformed decision). The
   * call's `Idempotency-Key` covers the whole batch.
   */
  async decideMany(params: BatchDecisionsParams, options?: RequestOptions): Promise<BatchDecisionsResult> {
    const body = checked(BatchDecisionsBody, params);
    return this.#t.json(
      { method: 'POST', path: 'v1/bookings/batch-decisions', body, options },
      BatchDecisionsResult,
    );
  }

  /** The session as an RFC 5545 calendar file (`METHOD:CANCEL` once cancelled). */
  calendarIcs(bookingId: string, options?: RequestOptions): Promise<string> {
    return this.#t.text(
      { method: 'GET', path: `${this.#path(bookingId)}/calendar.ics`, options },
      'text/calendar',
    );
  }

  #path(bookingId: string): string {
    return `v1/bookings/${segment(bookingId)}`;
  }

  #action(bookingId: string, action: string, body: unknown, options: RequestOptions | undefined) {
    return this.#t.json(
      { method: 'POST', path: `${this.#path(bookingId)}/${action}`, body, options },
      Booking,
    );
  }
}
