import {
  type ActionTokenUse,
  type Booking,
  type BookingStore,
  type Clock,
  type Effect,
  type MessageRecord,
  type NewEffect,
  NotFoundError,
  type SlackInstallation,
  type StoreTx,
  ValidationError,
  VersionConflictError,
} from '@greenlight/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { booking, effect, endpoint, notification, plusMinutes, proposal, user } from './testing/fixtures';

export interface StoreUnderTest {
  store: BookingStore;
  /** Removes what the store left behind (files, schemas) after it is closed. */
  cleanup?: () => Promise<void>;
}

/** A fresh, empty, migrated store for one test; `clock` stamps the rows the store dates itself. */
export type StoreFactory = (options: { clock: Clock }) => Promise<StoreUnderTest>;

const NOW = '2026-11-25T12:00:00.000Z';

/** A clock tests move by hand. */
class TestClock implements Clock {
  constructor(private at: string) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: string): void {
    this.at = at;
  }
}

/** Follows `nextCursor` until the end, returning every page's ids. */
async function allPages<T extends { id: string }>(
  fetch: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch(cursor);
    pages.push(page.data.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 100);
  return pages;
}

/**
 * The behaviour every `BookingStore` shares, as `ports.ts` documents it. Runs unchanged against the
 * in-memory, SQLite and PostgreSQL stores.
 */
export function describeStoreContract(name: string, makeStore: StoreFactory): void {
  describe(`${name}: BookingStore contract`, () => {
    let subject: StoreUnderTest;
    let store: BookingStore;
    let clock: TestClock;
    const tx = <T>(fn: (tx: StoreTx) => Promise<T>) => store.transaction(fn);

    beforeEach(async () => {
      clock = new TestClock(NOW);
      subject = await makeStore({ clock });
      store = subject.store;
      await tx(async (t) => {
        for (const id of ['usr_mentor', 'usr_mentee', 'usr_other', 'usr_mentor2']) await t.putUser(user(id));
      });
    });

    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    describe('transactions', () => {
      it('commits every write together and returns the callback result', async () => {
        const result = await tx(async (t) => {
          await t.insertBooking(booking('bkg_1'));
          await t.enqueueEffects([effect('eff_1')]);
          await t.insertNotifications([notification('ntf_1')]);
          return 'done';
        });
        expect(result).toBe('done');
        const seen = await tx(async (t) => ({
          booking: await t.getBooking('bkg_1'),
          effect: await t.getEffect('eff_1'),
          unread: await t.countUnread('usr_mentor'),
        }));
        expect(seen.booking?.id).toBe('bkg_1');
        expect(seen.effect?.id).toBe('eff_1');
        expect(seen.unread).toBe(1);
      });

      it('rolls back the booking, its effects and its notifications when the callback throws', async () => {
        await tx((t) => t.insertBooking(booking('bkg_1')));
        const failure = new Error('boom');
        await expect(
          tx(async (t) => {
            const b = (await t.getBooking('bkg_1'))!;
            await t.updateBooking({ ...b, status: 'approved', version: 2 }, 1);
            await t.insertBooking(booking('bkg_2', { start: '2026-12-02T15:00:00.000Z' }));
            await t.enqueueEffects([effect('eff_1')]);
            await t.insertNotifications([notification('ntf_1')]);
            await t.putIdempotency({
              scope: 'platform',
              key: 'k1',
              requestHash: 'h',
              status: 200,
              body: '{}',
              createdAt: NOW,
            });
            await t.putUser(user('usr_new'));
            throw failure;
          }),
        ).rejects.toBe(failure);
        const after = await tx(async (t) => ({
          booking: await t.getBooking('bkg_1'),
          second: await t.getBooking('bkg_2'),
          effect: await t.getEffect('eff_1'),
          unread: await t.countUnread('usr_mentor'),
          idempotency: await t.getIdempotency('platform', 'k1'),
          user: await t.getUser('usr_new'),
        }));
        expect(after).toEqual({
          booking: booking('bkg_1'),
          second: null,
          effect: null,
          unread: 0,
          idempotency: null,
          user: null,
        });
      });

      it('lets the store be used again after a rolled-back transaction', async () => {
        await expect(tx(async () => Promise.reject(new Error('first')))).rejects.toThrow('first');
        await tx((t) => t.insertBooking(booking('bkg_1')));
        expect(await tx((t) => t.getBooking('bkg_1'))).not.toBeNull();
      });

      it('serialises transactions that lock the same mentor, so a check-then-write sees the other', async () => {
        const pending = ['bkg_a', 'bkg_b'].map((id) => booking(id));
        await tx(async (t) => {
          for (const b of pending) await t.insertBooking(b);
        });
        const approve = (b: Booking) =>
          store.transaction(
            async (t) => {
              const clash = await t.findOverlapping(b.mentorId, b.start, b.end, ['approved'], b.id);
              if (clash.length > 0) return 'conflict';
              await t.updateBooking({ ...b, status: 'approved', version: 2 }, 1);
              return 'approved';
            },
            { lockMentorId: b.mentorId },
          );
        const outcomes = await Promise.all(pending.map(approve));
        expect(outcomes.sort()).toEqual(['approved', 'conflict']);
      });
    });

    describe('users and settings', () => {
      it('stores, replaces and reads users', async () => {
        await tx((t) => t.putUser(user('usr_1', { name: 'Ada' })));
        await tx((t) => t.putUser(user('usr_1', { name: 'Ada Lovelace' })));
        expect(await tx((t) => t.getUser('usr_1'))).toEqual(user('usr_1', { name: 'Ada Lovelace' }));
        expect(await tx((t) => t.getUser('usr_missing'))).toBeNull();
      });

      it('reads several users at once, each once, skipping ids with no profile', async () => {
        await tx(async (t) => {
          await t.putUser(user('usr_1', { name: 'Ada' }));
          await t.putUser(user('usr_2', { name: 'Grace' }));
          await t.putUser(user('usr_3', { name: 'Edsger' }));
        });
        const found = await tx((t) => t.getUsers(['usr_2', 'usr_missing', 'usr_1', 'usr_2']));
        expect(found.map((u) => u.name).sort()).toEqual(['Ada', 'Grace']);
        expect(found.find((u) => u.id === 'usr_1')).toEqual(user('usr_1', { name: 'Ada' }));
        expect(await tx((t) => t.getUsers([]))).toEqual([]);
      });

      it('finds a user by Slack id, following changes of that id', async () => {
        await tx((t) => t.putUser(user('usr_1', { slackUserId: 'U111' })));
        expect((await tx((t) => t.findUserBySlackId('U111')))?.id).toBe('usr_1');
        await tx((t) => t.putUser(user('usr_1', { slackUserId: 'U222' })));
        expect(await tx((t) => t.findUserBySlackId('U111'))).toBeNull();
        expect((await tx((t) => t.findUserBySlackId('U222')))?.id).toBe('usr_1');
      });

      it('stores and replaces settings per user', async () => {
        expect(await tx((t) => t.getSettings('usr_mentor'))).toBeNull();
        const settings = {
          autoApprove: true,
          autoApprovalRules: [
            {
              id: 'aar_1',
              name: 'Returning mentees',
              enabled: true,
              minNoticeHours: 24,
              minCompletedSessions: 2,
              sessionTypes: ['Portfolio review'],
              noRedFlags: ['rude_message' as const],
            },
          ],
          calendarFeedUrl: 'https://calendar.example.com/feed.ics',
          availability: [{ weekday: 1, start: '09:00', end: '17:00' }],
        };
        await tx((t) => t.putSettings('usr_mentor', settings));
        expect(await tx((t) => t.getSettings('usr_mentor'))).toEqual(settings);
        await tx((t) => t.putSettings('usr_mentor', { ...settings, autoApprove: false }));
        expect((await tx((t) => t.getSettings('usr_mentor')))?.autoApprove).toBe(false);
      });
    });

    describe('bookings', () => {
      it('round-trips a booking exactly, nested documents included', async () => {
        const full = booking('bkg_1', {
          status: 'approved',
          decidedAt: NOW,
          remindedAt: NOW,
          proposal: {
            start: '2026-12-02T15:00:00.000Z',
            end: '2026-12-02T16:00:00.000Z',
            by: 'mentor',
            createdAt: NOW,
          },
          meeting: { provider: 'zoom', status: 'ready', joinUrl: 'https://zoom.us/j/1', id: '1' },
          refund: { status: 'pending', amount: 5000, currency: 'USD' },
          metadata: { 'slack.ts': '1712.0001', note: 'ünïcødé ✓' },
        });
        await tx((t) => t.insertBooking(full));
        expect(await tx((t) => t.getBooking('bkg_1'))).toEqual(full);
        expect(await tx((t) => t.getBooking('bkg_missing'))).toBeNull();
      });

      it('refuses a second booking with the same id', async () => {
        await tx((t) => t.insertBooking(booking('bkg_1')));
        await expect(tx((t) => t.insertBooking(booking('bkg_1')))).rejects.toThrow();
      });

      it('updates only from the expected version and throws VersionConflictError otherwise', async () => {
        await tx((t) => t.insertBooking(booking('bkg_1')));
        const approved = booking('bkg_1', { status: 'approved', version: 2, decidedAt: NOW });
        await tx((t) => t.updateBooking(approved, 1));
        expect(await tx((t) => t.getBooking('bkg_1'))).toEqual(approved);

        const stale = booking('bkg_1', { status: 'rejected', version: 2 });
        const error = await tx((t) => t.updateBooking(stale, 1)).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VersionConflictError);
        expect(error).toMatchObject({ bookingId: 'bkg_1', expectedVersion: 1, status: 409 });
        expect(await tx((t) => t.getBooking('bkg_1'))).toEqual(approved);
      });

      it('reports an update of a booking that does not exist as not found', async () => {
        await expect(
          tx((t) => t.updateBooking(booking('bkg_missing', { version: 2 }), 1)),
        ).rejects.toBeInstanceOf(NotFoundError);
      });

      it('finds the booking a payment backs, whatever its status', async () => {
        await tx(async (t) => {
          await t.insertBooking(booking('bkg_1', { paymentRef: 'pi_cancelled', status: 'cancelled' }));
          await t.insertBooking(booking('bkg_3', { paymentRef: 'pi_other' }));
          // Bookings without a payment are many.
          await t.insertBooking(booking('bkg_4', { paymentRef: null }));
          await t.insertBooking(booking('bkg_5', { paymentRef: null }));
        });
        expect((await tx((t) => t.findBookingByPaymentRef('pi_cancelled')))?.id).toBe('bkg_1');
        expect(await tx((t) => t.findBookingByPaymentRef('pi_other'))).toEqual(
          booking('bkg_3', { paymentRef: 'pi_other' }),
        );
        expect(await tx((t) => t.findBookingByPaymentRef('pi_none'))).toBeNull();
        expect(await tx((t) => t.findBookingByPaymentRef('PI_OTHER'))).toBeNull();
      });

      /** The workflow's refusal of a payment that backs a booking already (naming it where the store can). */
      const expectPaymentTaken = (error: unknown) => {
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ status: 422, errors: [{ path: 'paymentRef' }] });
        expect((error as Error).message).toMatch(
          /^paymentRef already backs (booking bkg_1|another booking); each payment can back only one booking$/,
        );
      };

      it("refuses a second booking on a payment with the workflow's 422, rolling back its transaction", async () => {
        await tx((t) => t.insertBooking(booking('bkg_1', { paymentRef: 'pi_once' })));
        const error = await tx(async (t) => {
          await t.insertBooking(booking('bkg_2', { paymentRef: 'pi_fresh' }));
          await t.insertNotifications([notification('ntf_1')]);
          await t.insertBooking(booking('bkg_3', { paymentRef: 'pi_once', mentorId: 'usr_mentor2' }));
        }).catch((e: unknown) => e);
        expectPaymentTaken(error);
        expect(await tx((t) => t.getBooking('bkg_2'))).toBeNull();
        expect(await tx((t) => t.getBooking('bkg_3'))).toBeNull();
        expect(await tx((t) => t.countUnread('usr_mentor'))).toBe(0);
        expect((await tx((t) => t.findBookingByPaymentRef('pi_once')))?.id).toBe('bkg_1');
        // The store goes on working (PostgreSQL's aborted transaction was rolled back, its connection reused).
        await tx((t) => t.insertBooking(booking('bkg_2', { paymentRef: 'pi_fresh' })));
        expect((await tx((t) => t.findBookingByPaymentRef('pi_fresh')))?.id).toBe('bkg_2');
      });

      it("refuses an update onto another booking's payment with the workflow's 422", async () => {
        await tx(async (t) => {
          await t.insertBooking(booking('bkg_1', { paymentRef: 'pi_one' }));
          await t.insertBooking(booking('bkg_2', { paymentRef: 'pi_two' }));
        });
        const moved = booking('bkg_2', { paymentRef: 'pi_one', version: 2 });
        expectPaymentTaken(await tx((t) => t.updateBooking(moved, 1)).catch((e: unknown) => e));
        expect(await tx((t) => t.getBooking('bkg_2'))).toEqual(booking('bkg_2', { paymentRef: 'pi_two' }));
      });

      it('moves the indexed columns with the document on update', async () => {
        await tx((t) => t.insertBooking(booking('bkg_1')));
        const moved = booking('bkg_1', {
          status: 'approved',
          start: '2027-01-10T10:00:00.000Z',
          end: '2027-01-10T11:00:00.000Z',
          version: 2,
        });
        await tx((t) => t.updateBooking(moved, 1));
        const found = await tx((t) =>
          t.listBookings({ statuses: ['approved'], from: '2027-01-10T10:30:00.000Z', limit: 10 }),
        );
        expect(found.data.map((b) => b.id)).toEqual(['bkg_1']);
        expect(await tx((t) => t.findOverlapping('usr_mentor', moved.start, moved.end, ['pending']))).toEqual(
          [],
        );
      });

      it('keeps the indexed columns in step when one transaction reads, updates and updates again', async () => {
        await tx((t) => t.insertBooking(booking('bkg_1', { respondBy: plusMinutes(NOW, -10) })));
        await tx(async (t) => {
          const read = (await t.getBooking('bkg_1'))!;
          const reminded = { ...read, remindedAt: NOW, version: 2 };
          await t.updateBooking(reminded, 1);
          const moved = {
            ...reminded,
            status: 'alternative_suggested' as const,
            start: '2027-02-01T10:00:00.000Z',
            end: '2027-02-01T11:00:00.000Z',
            version: 3,
          };
          await t.updateBooking(moved, 2);
          await expect(t.updateBooking({ ...moved, version: 4 }, 2)).rejects.toBeInstanceOf(
            VersionConflictError,
          );
        });
        expect(await tx((t) => t.dueBookings('remind', NOW, 10))).toEqual([]);
        const listed = await tx((t) => t.listBookings({ statuses: ['alternative_suggested'], limit: 10 }));
        expect(listed.data.map((b) => [b.id, b.start, b.version])).toEqual([
          ['bkg_1', '2027-02-01T10:00:00.000Z', 3],
        ]);
        expect(
          await tx((t) =>
            t.findOverlapping('usr_mentor', '2026-12-01T15:00:00.000Z', '2026-12-01T16:00:00.000Z', [
              'alternative_suggested',
            ]),
          ),
        ).toEqual([]);
        const expiresLater = await tx((t) => t.dueBookings('expire', '2027-02-01T10:00:00.000Z', 10));
        expect(expiresLater.map((b) => b.id)).toEqual(['bkg_1']);
      });

      describe('listBookings', () => {
        const days = ['01', '02', '03', '04', '05'];
        beforeEach(async () => {
          await tx(async (t) => {
            for (const [i, day] of days.entries()) {
              await t.insertBooking(
                booking(`bkg_${day}`, {
                  start: `2026-12-${day}T15:00:00.000Z`,
                  status: i % 2 === 0 ? 'pending' : 'approved',
                  mentorId: i < 3 ? 'usr_mentor' : 'usr_mentor2',
                  menteeId: i === 4 ? 'usr_other' : 'usr_mentee',
                }),
              );
            }
            // Same start as bkg_02: ties are ordered by id.
            await t.insertBooking(
              booking('bkg_02b', { start: '2026-12-02T15:00:00.000Z', menteeId: 'usr_mentor2' }),
            );
          });
        });

        const ids = async (query: Partial<Parameters<StoreTx['listBookings']>[0]>) =>
          (await tx((t) => t.listBookings({ limit: 100, ...query }))).data.map((b) => b.id);

        it('orders by start, then id', async () => {
          expect(await ids({})).toEqual(['bkg_01', 'bkg_02', 'bkg_02b', 'bkg_03', 'bkg_04', 'bkg_05']);
        });

        it('filters by mentor, mentee, participant and statuses', async () => {
          expect(await ids({ mentorId: 'usr_mentor2' })).toEqual(['bkg_04', 'bkg_05']);
          expect(await ids({ menteeId: 'usr_other' })).toEqual(['bkg_05']);
          expect(await ids({ participantId: 'usr_mentor2' })).toEqual(['bkg_02b', 'bkg_04', 'bkg_05']);
          expect(await ids({ statuses: ['approved'] })).toEqual(['bkg_02', 'bkg_04']);
          expect(await ids({ statuses: ['approved', 'pending'], mentorId: 'usr_mentor' })).toEqual([
            'bkg_01',
            'bkg_02',
            'bkg_02b',
            'bkg_03',
          ]);
          expect(await ids({ statuses: [] })).toEqual([]);
        });

        it('keeps sessions that end after `from` and start before `to`', async () => {
          // bkg_02 runs 15:00–16:00 on the 2nd: ending exactly at `from` is out, starting exactly at `to` is out.
          expect(await ids({ from: '2026-12-02T16:00:00.000Z', to: '2026-12-04T15:00:00.000Z' })).toEqual([
            'bkg_03',
          ]);
          expect(await ids({ from: '2026-12-02T15:59:00.000Z', to: '2026-12-04T15:00:01.000Z' })).toEqual([
            'bkg_02',
            'bkg_02b',
            'bkg_03',
            'bkg_04',
          ]);
        });

        it('pages through everything exactly once, the last page without a cursor', async () => {
          for (const limit of [1, 2, 4, 6, 7]) {
            const pages = await allPages((cursor) => tx((t) => t.listBookings({ limit, cursor })));
            expect(pages.flat()).toEqual(['bkg_01', 'bkg_02', 'bkg_02b', 'bkg_03', 'bkg_04', 'bkg_05']);
            expect(pages.every((p) => p.length <= limit)).toBe(true);
            expect(pages.length).toBe(Math.ceil(6 / limit));
          }
        });

        it('pages with filters applied on every page', async () => {
          const pages = await allPages((cursor) =>
            tx((t) =>
              t.listBookings({ participantId: 'usr_mentee', statuses: ['pending'], limit: 1, cursor }),
            ),
          );
          expect(pages.flat()).toEqual(['bkg_01', 'bkg_03']);
        });

        it('refuses a cursor it did not make, naming the field', async () => {
          const crafted = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
          for (const cursor of [
            'not-a-cursor',
            'e30',
            crafted([1, 2]),
            crafted(['yesterday', 'bkg_01']),
            crafted(['2026-12-01', 'bkg_01']),
            crafted(['2026-12-01T15:00:00Z', 'bkg_01']),
            crafted(['2026-02-30T15:00:00.000Z', 'bkg_01']),
            crafted(['2026-12-01T15:00:00.000Z', '']),
            crafted(['2026-12-01T15:00:00.000Z', 'bkg\u0000']),
          ]) {
            const error = await tx((t) => t.listBookings({ limit: 10, cursor })).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(ValidationError);
            expect((error as ValidationError).errors?.[0]?.path).toBe('cursor');
            await expect(
              tx((t) => t.listNotifications({ userId: 'usr_mentor', limit: 10, cursor })),
            ).rejects.toBeInstanceOf(ValidationError);
          }
        });
      });

      it('finds overlapping bookings of one mentor in the given statuses, touching edges excluded', async () => {
        await tx(async (t) => {
          await t.insertBooking(booking('bkg_a', { status: 'approved', start: '2026-12-01T15:00:00.000Z' }));
          await t.insertBooking(booking('bkg_b', { status: 'pending', start: '2026-12-01T15:30:00.000Z' }));
          await t.insertBooking(booking('bkg_c', { status: 'approved', start: '2026-12-01T16:00:00.000Z' }));
          await t.insertBooking(
            booking('bkg_d', {
              status: 'approved',
              start: '2026-12-01T15:00:00.000Z',
              mentorId: 'usr_mentor2',
            }),
          );
        });
        const overlapping = (start: string, end: string, statuses: Booking['status'][], exclude?: string) =>
          tx((t) => t.findOverlapping('usr_mentor', start, end, statuses, exclude)).then((bs) =>
            bs.map((b) => b.id),
          );

        expect(
          await overlapping('2026-12-01T15:30:00.000Z', '2026-12-01T16:30:00.000Z', ['approved']),
        ).toEqual(['bkg_a', 'bkg_c']);
        expect(
          await overlapping('2026-12-01T14:00:00.000Z', '2026-12-01T15:00:00.000Z', ['approved']),
        ).toEqual([]);
        expect(
          await overlapping('2026-12-01T15:00:00.000Z', '2026-12-01T16:00:00.000Z', ['approved']),
        ).toEqual(['bkg_a']);
        expect(
          await overlapping(
            '2026-12-01T15:00:00.000Z',
            '2026-12-01T17:00:00.000Z',
            ['approved', 'pending'],
            'bkg_a',
          ),
        ).toEqual(['bkg_b', 'bkg_c']);
        expect(await overlapping('2026-12-01T15:00:00.000Z', '2026-12-01T17:00:00.000Z', [])).toEqual([]);
      });

      it('returns overlapping bookings by start, then id, whatever order they end in', async () => {
        const at = (start: string, end: string, id: string) =>
          booking(id, {
            status: 'approved',
            start,
            end,
            durationMinutes: (Date.parse(end) - Date.parse(start)) / 60_000,
          });
        await tx(async (t) => {
          await t.insertBooking(at('2026-12-01T15:00:00.000Z', '2026-12-01T15:30:00.000Z', 'bkg_short'));
          await t.insertBooking(at('2026-12-01T14:00:00.000Z', '2026-12-01T17:00:00.000Z', 'bkg_long'));
          await t.insertBooking(at('2026-12-01T15:10:00.000Z', '2026-12-01T15:20:00.000Z', 'bkg_y'));
          await t.insertBooking(at('2026-12-01T15:10:00.000Z', '2026-12-01T16:30:00.000Z', 'bkg_x'));
        });
        const found = await tx((t) =>
          t.findOverlapping('usr_mentor', '2026-12-01T15:00:00.000Z', '2026-12-01T16:00:00.000Z', [
            'approved',
          ]),
        );
        expect(found.map((b) => b.id)).toEqual(['bkg_long', 'bkg_short', 'bkg_x', 'bkg_y']);
      });

      it('lists every booking of one participant in a role and statuses, unpaged', async () => {
        await tx(async (t) => {
          for (let i = 0; i < 30; i++) {
            const day = String(1 + (i % 28)).padStart(2, '0');
            await t.insertBooking(
              booking(`bkg_${String(i).padStart(2, '0')}`, {
                start: `2026-12-${day}T${String(8 + Math.floor(i / 28)).padStart(2, '0')}:00:00.000Z`,
                status: i % 3 === 0 ? 'completed' : 'rejected',
              }),
            );
          }
        });
        const completed = await tx((t) => t.bookingsOf('usr_mentee', 'mentee', ['completed']));
        expect(completed).toHaveLength(10);
        expect(completed.every((b) => b.status === 'completed')).toBe(true);
        const starts = completed.map((b) => b.start);
        expect(starts).toEqual([...starts].sort());
        expect(await tx((t) => t.bookingsOf('usr_mentee', 'mentor', ['completed', 'rejected']))).toEqual([]);
        expect(await tx((t) => t.bookingsOf('usr_mentor', 'mentor', ['completed', 'rejected']))).toHaveLength(
          30,
        );
      });

      describe('dueBookings', () => {
        const due = (kind: 'expire' | 'remind' | 'complete', now = NOW, limit = 100) =>
          tx((t) => t.dueBookings(kind, now, limit)).then((bs) => bs.map((b) => b.id));

        it('expires undecided bookings whose expiry or start has passed, oldest deadline first', async () => {
          await tx(async (t) => {
            // Expiry passed an hour ago.
            await t.insertBooking(booking('bkg_expired', { expiresAt: plusMinutes(NOW, -60) }));
            // The suggested start passed two hours ago while still waiting for an answer.
            await t.insertBooking(
              booking('bkg_started', {
                status: 'alternative_suggested',
                proposal: proposal(plusMinutes(NOW, -120)),
              }),
            );
            // Expiry exactly now.
            await t.insertBooking(booking('bkg_now', { expiresAt: NOW, start: plusMinutes(NOW, 600) }));
            await t.insertBooking(
              booking('bkg_future', { expiresAt: plusMinutes(NOW, 1), start: plusMinutes(NOW, 60) }),
            );
            await t.insertBooking(
              booking('bkg_approved', { status: 'approved', expiresAt: plusMinutes(NOW, -60) }),
            );
            await t.insertBooking(
              booking('bkg_rejected', { status: 'rejected', start: plusMinutes(NOW, -60) }),
            );
          });
          expect(await due('expire')).toEqual(['bkg_started', 'bkg_expired', 'bkg_now']);
          expect(await due('expire', NOW, 2)).toEqual(['bkg_started', 'bkg_expired']);
        });

        it('expires a suggestion by its suggested start, earlier or later than the original one', async () => {
          await tx(async (t) => {
            await t.insertBooking(
              booking('bkg_earlier', {
                status: 'alternative_suggested',
                start: plusMinutes(NOW, 3 * 24 * 60),
                proposal: proposal(plusMinutes(NOW, -30)),
              }),
            );
            await t.insertBooking(
              booking('bkg_later', {
                status: 'alternative_suggested',
                start: plusMinutes(NOW, -90),
                proposal: proposal(plusMinutes(NOW, 60)),
              }),
            );
            // Only a suggestion being answered counts: a pending booking keeps its own start.
            await t.insertBooking(
              booking('bkg_pending', {
                start: plusMinutes(NOW, 30),
                proposal: proposal(plusMinutes(NOW, -60)),
              }),
            );
          });
          expect(await due('expire')).toEqual(['bkg_earlier']);
          expect(await due('expire', plusMinutes(NOW, 60))).toEqual([
            'bkg_earlier',
            'bkg_pending',
            'bkg_later',
          ]);
        });

        it('moves the expiry deadline with the negotiated time on every update', async () => {
          await tx((t) => t.insertBooking(booking('bkg_1', { start: plusMinutes(NOW, 3 * 24 * 60) })));
          expect(await due('expire')).toEqual([]);
          const suggested = await tx(async (t) => {
            const b = (await t.getBooking('bkg_1'))!;
            const next = {
              ...b,
              status: 'alternative_suggested' as const,
              proposal: proposal(plusMinutes(NOW, -10)),
              version: 2,
            };
            await t.updateBooking(next, 1);
            return next;
          });
          expect(await due('expire')).toEqual(['bkg_1']);
          // The mentee counters with a later time: pending again, due by that start only.
          const countered = {
            ...suggested,
            status: 'pending' as const,
            start: plusMinutes(NOW, 120),
            end: plusMinutes(NOW, 180),
            proposal: null,
            version: 3,
          };
          await tx((t) => t.updateBooking(countered, 2));
          expect(await due('expire')).toEqual([]);
          expect(await due('expire', plusMinutes(NOW, 120))).toEqual(['bkg_1']);
        });

        it('reminds pending, not yet reminded bookings whose respondBy (minus the lead) has passed', async () => {
          await tx(async (t) => {
            await t.insertBooking(booking('bkg_due', { respondBy: plusMinutes(NOW, -30) }));
            await t.insertBooking(booking('bkg_due_first', { respondBy: plusMinutes(NOW, -90) }));
            await t.insertBooking(
              booking('bkg_reminded', { respondBy: plusMinutes(NOW, -30), remindedAt: NOW }),
            );
            await t.insertBooking(booking('bkg_later', { respondBy: plusMinutes(NOW, 30) }));
            await t.insertBooking(
              booking('bkg_suggested', { status: 'alternative_suggested', respondBy: plusMinutes(NOW, -30) }),
            );
          });
          expect(await due('remind')).toEqual(['bkg_due_first', 'bkg_due']);
          // The caller passes now + lead: with a 4 h lead the later one is due too.
          expect(await due('remind', plusMinutes(NOW, 240))).toEqual([
            'bkg_due_first',
            'bkg_due',
            'bkg_later',
          ]);
        });

        it('completes approved sessions that have ended', async () => {
          await tx(async (t) => {
            await t.insertBooking(
              booking('bkg_ended', { status: 'approved', start: plusMinutes(NOW, -120) }),
            );
            await t.insertBooking(booking('bkg_just', { status: 'approved', start: plusMinutes(NOW, -60) }));
            await t.insertBooking(
              booking('bkg_running', { status: 'approved', start: plusMinutes(NOW, -30) }),
            );
            await t.insertBooking(
              booking('bkg_pending', { status: 'pending', start: plusMinutes(NOW, -120) }),
            );
          });
          expect(await due('complete')).toEqual(['bkg_ended', 'bkg_just']);
        });

        it('stops returning a booking once the sweep has moved it on', async () => {
          await tx((t) => t.insertBooking(booking('bkg_1', { expiresAt: plusMinutes(NOW, -1) })));
          await tx(async (t) => {
            const [b] = await t.dueBookings('expire', NOW, 10);
            await t.updateBooking({ ...b!, status: 'expired', version: b!.version + 1 }, b!.version);
          });
          expect(await due('expire')).toEqual([]);
        });
      });
    });

    describe('effects (outbox)', () => {
      it('enqueues pending effects stamped by the store, with the booking they belong to', async () => {
        const webhookBooking = booking('bkg_hook');
        await tx((t) =>
          t.enqueueEffects([
            effect('eff_1', {
              payload: {
                kind: 'refund',
                bookingId: 'bkg_1',
                amount: { amount: 500, currency: 'USD' },
                reason: 'rejected',
              },
            }),
            effect('eff_2', {
              payload: {
                kind: 'deliver_webhook',
                endpointId: 'whe_1',
                event: {
                  id: 'evt_1',
                  type: 'booking.approved',
                  createdAt: NOW,
                  data: { booking: webhookBooking },
                },
              },
            }),
          ]),
        );
        const [refund, hook] = await tx(async (t) => [
          await t.getEffect('eff_1'),
          await t.getEffect('eff_2'),
        ]);
        expect(refund).toEqual({
          ...effect('eff_1', {
            payload: {
              kind: 'refund',
              bookingId: 'bkg_1',
              amount: { amount: 500, currency: 'USD' },
              reason: 'rejected',
            },
          }),
          bookingId: 'bkg_1',
          status: 'pending',
          attempts: 0,
          lockedUntil: null,
          leaseToken: null,
          claims: 0,
          lastError: null,
          result: null,
          createdAt: NOW,
          updatedAt: NOW,
        } satisfies Effect);
        expect(hook?.bookingId).toBe('bkg_hook');
        expect(hook?.payload).toEqual(
          effect('eff_2', {
            payload: {
              kind: 'deliver_webhook',
              endpointId: 'whe_1',
              event: {
                id: 'evt_1',
                type: 'booking.approved',
                createdAt: NOW,
                data: { booking: webhookBooking },
              },
            },
          }).payload,
        );
        expect(await tx((t) => t.getEffect('eff_missing'))).toBeNull();
      });

      it('skips an effect whose idempotency key exists, in the same call and across transactions', async () => {
        await tx((t) => t.enqueueEffects([effect('eff_1', { idempotencyKey: 'refund:bkg_1' })]));
        await tx((t) =>
          t.enqueueEffects([
            effect('eff_2', { idempotencyKey: 'refund:bkg_1' }),
            effect('eff_3', { idempotencyKey: 'meeting:bkg_1' }),
            effect('eff_4', { idempotencyKey: 'meeting:bkg_1' }),
          ]),
        );
        const found = await tx(async (t) =>
          Promise.all(['eff_1', 'eff_2', 'eff_3', 'eff_4'].map((id) => t.getEffect(id))),
        );
        expect(found.map((e) => e?.id ?? null)).toEqual(['eff_1', null, 'eff_3', null]);
      });

      it('enqueues many effects in one call', async () => {
        const many = Array.from({ length: 120 }, (_, i) => effect(`eff_${String(i).padStart(3, '0')}`));
        await tx((t) => t.enqueueEffects(many));
        const page = await tx((t) => t.listEffects({ status: 'pending', limit: 100 }));
        expect(page.data).toHaveLength(100);
        expect(page.nextCursor).not.toBeNull();
      });

      it('claims due, unclaimed pending effects in runAt order until the lease lapses', async () => {
        await tx((t) =>
          t.enqueueEffects([
            effect('eff_late', { runAt: plusMinutes(NOW, -1) }),
            effect('eff_early', { runAt: plusMinutes(NOW, -5) }),
            effect('eff_future', { runAt: plusMinutes(NOW, 5) }),
            effect('eff_third', { runAt: plusMinutes(NOW, -3) }),
          ]),
        );
        const lease = plusMinutes(NOW, 1);
        const first = await tx((t) => t.claimEffects(NOW, 2, lease));
        expect(first.map((e) => e.id)).toEqual(['eff_early', 'eff_third']);
        expect(first.every((e) => e.lockedUntil === lease)).toBe(true);
        expect((await tx((t) => t.getEffect('eff_early')))?.lockedUntil).toBe(lease);

        // Claimed ones are skipped while the lease is live.
        const second = await tx((t) => t.claimEffects(NOW, 10, lease));
        expect(second.map((e) => e.id)).toEqual(['eff_late']);
        expect(await tx((t) => t.claimEffects(plusMinutes(NOW, 0.5), 10, lease))).toEqual([]);

        // A worker that died holding a claim: once the lease lapses, the effects are claimable again.
        const later = plusMinutes(NOW, 6);
        const again = await tx((t) => t.claimEffects(later, 10, plusMinutes(later, 1)));
        expect(again.map((e) => e.id)).toEqual(['eff_early', 'eff_third', 'eff_late', 'eff_future']);
      });

      it('records an attempt and never claims done or dead effects', async () => {
        await tx((t) => t.enqueueEffects([effect('eff_1'), effect('eff_2'), effect('eff_3')]));
        const claimed = await tx((t) => t.claimEffects(NOW, 10, plusMinutes(NOW, 1)));
        expect(claimed).toHaveLength(3);
        clock.set(plusMinutes(NOW, 2));
        await tx(async (t) => {
          const [one, two, three] = claimed;
          await t.updateEffect({
            ...one!,
            status: 'done',
            attempts: 1,
            lockedUntil: null,
            result: { joinUrl: 'https://x' },
          });
          await t.updateEffect({
            ...two!,
            status: 'dead',
            attempts: 8,
            lockedUntil: null,
            lastError: 'HTTP 400',
          });
          await t.updateEffect({
            ...three!,
            attempts: 1,
            lockedUntil: null,
            runAt: plusMinutes(NOW, 3),
            lastError: 'HTTP 503',
            result: 'partial',
          });
        });
        const [one, two, three] = await tx(async (t) =>
          Promise.all(['eff_1', 'eff_2', 'eff_3'].map((id) => t.getEffect(id))),
        );
        expect(one).toMatchObject({
          status: 'done',
          attempts: 1,
          lockedUntil: null,
          result: { joinUrl: 'https://x' },
        });
        expect(one?.updatedAt).toBe(plusMinutes(NOW, 2));
        expect(two).toMatchObject({ status: 'dead', attempts: 8, lastError: 'HTTP 400', result: null });
        expect(three).toMatchObject({
          status: 'pending',
          runAt: plusMinutes(NOW, 3),
          lastError: 'HTTP 503',
          result: 'partial',
        });

        const farLater = plusMinutes(NOW, 60);
        expect(
          (await tx((t) => t.claimEffects(farLater, 10, plusMinutes(farLater, 1)))).map((e) => e.id),
        ).toEqual(['eff_3']);
      });

      it('reports an update of an effect that does not exist as not found', async () => {
        const ghost: Effect = {
          ...effect('eff_ghost'),
          bookingId: null,
          status: 'done',
          attempts: 1,
          lockedUntil: null,
          leaseToken: null,
          claims: 1,
          lastError: null,
          result: null,
          createdAt: NOW,
          updatedAt: NOW,
        };
        await expect(tx((t) => t.updateEffect(ghost))).rejects.toBeInstanceOf(NotFoundError);
      });

      it('gives every claim a fresh lease token and counts the claims', async () => {
        await tx((t) => t.enqueueEffects([effect('eff_1'), effect('eff_2')]));
        const first = await tx((t) => t.claimEffects(NOW, 10, plusMinutes(NOW, 5)));
        expect(first.map((e) => e.claims)).toEqual([1, 1]);
        const token = first[0]?.leaseToken;
        expect(token).toEqual(expect.any(String));
        expect(first[1]?.leaseToken).toBe(token);
        expect((await tx((t) => t.getEffect('eff_1')))?.leaseToken).toBe(token);

        const later = plusMinutes(NOW, 6);
        const second = await tx((t) => t.claimEffects(later, 10, plusMinutes(later, 5)));
        expect(second.map((e) => e.claims)).toEqual([2, 2]);
        expect(second[0]?.leaseToken).toEqual(expect.any(String));
        expect(second[0]?.leaseToken).not.toBe(token);

        // Recording an outcome voids the token; the count stays.
        await tx((t) => t.updateEffect({ ...second[0]!, status: 'done', attempts: 1, lockedUntil: null }));
        expect(await tx((t) => t.getEffect('eff_1'))).toMatchObject({ leaseToken: null, claims: 2 });
      });

      it('renews a claim only under its own token and only while the effect is pending', async () => {
        await tx((t) => t.enqueueEffects([effect('eff_1')]));
        const [a] = await tx((t) => t.claimEffects(NOW, 10, plusMinutes(NOW, 5)));
        clock.set(plusMinutes(NOW, 4));
        expect(await tx((t) => t.renewEffectLease('eff_1', a!.leaseToken!, plusMinutes(NOW, 9)))).toBe(true);
        expect(await tx((t) => t.getEffect('eff_1'))).toMatchObject({
          lockedUntil: plusMinutes(NOW, 9),
          leaseToken: a!.leaseToken,
          updatedAt: plusMinutes(NOW, 4),
        });
        // Renewed, it is not claimable when the first lease would have lapsed.
        expect(await tx((t) => t.claimEffects(plusMinutes(NOW, 6), 10, plusMinutes(NOW, 11)))).toEqual([]);

        // Lapsed and claimed by B: A's renewal changes nothing.
        const [b] = await tx((t) => t.claimEffects(plusMinutes(NOW, 9), 10, plusMinutes(NOW, 14)));
        expect(await tx((t) => t.renewEffectLease('eff_1', a!.leaseToken!, plusMinutes(NOW, 20)))).toBe(
          false,
        );
        expect((await tx((t) => t.getEffect('eff_1')))?.lockedUntil).toBe(plusMinutes(NOW, 14));

        // Once B recorded its outcome, not even B's token renews it.
        await tx((t) =>
          t.updateEffect({ ...b!, status: 'done', attempts: 1, lockedUntil: null }, b!.leaseToken!),
        );
        expect(await tx((t) => t.renewEffectLease('eff_1', b!.leaseToken!, plusMinutes(NOW, 20)))).toBe(
          false,
        );
        expect(await tx((t) => t.getEffect('eff_1'))).toMatchObject({ status: 'done', lockedUntil: null });
        expect(await tx((t) => t.renewEffectLease('eff_ghost', 'token', plusMinutes(NOW, 20)))).toBe(false);
      });

      it('writes an effect against its lease token only while that token is still the stored one', async () => {
        await tx((t) => t.enqueueEffects([effect('eff_1'), effect('eff_2'), effect('eff_3')]));
        const claimedByA = await tx((t) => t.claimEffects(NOW, 10, plusMinutes(NOW, 5)));
        // A's lease lapsed and B claimed the effects again.
        const later = plusMinutes(NOW, 6);
        const claimedByB = await tx((t) => t.claimEffects(later, 10, plusMinutes(later, 5)));
        const [a1, a2, a3] = claimedByA;
        const [b1] = claimedByB;
        const tokenA = a1!.leaseToken!;
        const tokenB = b1!.leaseToken!;

        const done = { ...b1!, status: 'done' as const, attempts: 1, lockedUntil: null, result: { by: 'B' } };
        expect(await tx((t) => t.updateEffect(done, tokenB))).toBe(true);
        // A's late outcomes, whatever they are (done, a retry, dead-lettered), land nowhere.
        const late = { ...a1!, status: 'pending' as const, attempts: 1, lockedUntil: null, lastError: 'A' };
        expect(await tx((t) => t.updateEffect(late, tokenA))).toBe(false);
        const lateDone = {
          ...a2!,
          status: 'done' as const,
          attempts: 1,
          lockedUntil: null,
          result: { by: 'A' },
        };
        expect(await tx((t) => t.updateEffect(lateDone, tokenA))).toBe(false);
        const lateDead = { ...a3!, status: 'dead' as const, attempts: 8, lockedUntil: null, lastError: 'A' };
        expect(await tx((t) => t.updateEffect(lateDead, tokenA))).toBe(false);
        // Nor once the record voided the token: the effect is done, a second write under it is refused.
        expect(await tx((t) => t.updateEffect(late, tokenB))).toBe(false);
        expect(await tx((t) => t.getEffect('eff_1'))).toMatchObject({
          status: 'done',
          attempts: 1,
          lockedUntil: null,
          lastError: null,
          result: { by: 'B' },
        });
        for (const id of ['eff_2', 'eff_3']) {
          expect(await tx((t) => t.getEffect(id))).toMatchObject({
            status: 'pending',
            attempts: 0,
            leaseToken: tokenB,
            lockedUntil: plusMinutes(later, 5),
          });
        }
        await expect(tx((t) => t.updateEffect({ ...late, id: 'eff_ghost' }, tokenA))).rejects.toBeInstanceOf(
          NotFoundError,
        );
      });

      it('makes the pending deliveries to one endpoint due at once, leaving everything else alone', async () => {
        const event = {
          id: 'evt_1',
          type: 'booking.approved' as const,
          createdAt: NOW,
          data: { booking: booking('bkg_1') },
        };
        const deliver = (id: string, endpointId: string, runAt: string) =>
          effect(id, { payload: { kind: 'deliver_webhook', endpointId, event }, runAt });
        await tx((t) =>
          t.enqueueEffects([
            deliver('eff_later', 'whe_1', plusMinutes(NOW, 60)),
            deliver('eff_due', 'whe_1', plusMinutes(NOW, -5)),
            deliver('eff_other', 'whe_2', plusMinutes(NOW, 60)),
            deliver('eff_done', 'whe_1', plusMinutes(NOW, 60)),
            effect('eff_meeting', { runAt: plusMinutes(NOW, 60) }),
          ]),
        );
        await tx(async (t) => {
          const stored = await t.getEffect('eff_done');
          await t.updateEffect({ ...stored!, status: 'done', attempts: 1 });
        });
        expect(await tx((t) => t.rescheduleEffects({ endpointId: 'whe_1' }, NOW))).toBe(1);
        const runAt = Object.fromEntries(
          await tx((t) =>
            Promise.all(
              ['eff_later', 'eff_due', 'eff_other', 'eff_done', 'eff_meeting'].map(
                async (id) => [id, (await t.getEffect(id))?.runAt] as const,
              ),
            ),
          ),
        );
        expect(runAt).toEqual({
          eff_later: NOW,
          eff_due: plusMinutes(NOW, -5),
          eff_other: plusMinutes(NOW, 60),
          eff_done: plusMinutes(NOW, 60),
          eff_meeting: plusMinutes(NOW, 60),
        });
        expect((await tx((t) => t.claimEffects(NOW, 10, plusMinutes(NOW, 1)))).map((e) => e.id)).toEqual([
          'eff_due',
          'eff_later',
        ]);
      });

      it('lists effects by status and booking, paging through all exactly once', async () => {
        await tx(async (t) => {
          for (let i = 0; i < 7; i++) {
            clock.set(plusMinutes(NOW, i));
            await t.enqueueEffects([
              effect(`eff_${i}`, {
                payload: { kind: 'create_meeting', bookingId: i % 2 === 0 ? 'bkg_even' : 'bkg_odd' },
              }),
            ]);
          }
        });
        const claimed = await tx((t) => t.claimEffects(NOW, 2, plusMinutes(NOW, 1)));
        await tx(async (t) => {
          for (const e of claimed) await t.updateEffect({ ...e, status: 'dead', lockedUntil: null });
        });
        const pending = await allPages((cursor) =>
          tx((t) => t.listEffects({ status: 'pending', limit: 2, cursor })),
        );
        expect(pending.flat()).toEqual(['eff_2', 'eff_3', 'eff_4', 'eff_5', 'eff_6']);
        const even = await allPages((cursor) =>
          tx((t) => t.listEffects({ status: 'pending', bookingId: 'bkg_even', limit: 1, cursor })),
        );
        expect(even.flat()).toEqual(['eff_2', 'eff_4', 'eff_6']);
        expect((await tx((t) => t.listEffects({ status: 'dead', limit: 10 }))).data.map((e) => e.id)).toEqual(
          ['eff_0', 'eff_1'],
        );
        await expect(
          tx((t) => t.listEffects({ status: 'dead', limit: 10, cursor: '!!' })),
        ).rejects.toBeInstanceOf(ValidationError);
      });
    });

    describe('purging finished effects', () => {
      const DAY = 24 * 60;
      const meeting = (bookingId: string) => ({ kind: 'create_meeting' as const, bookingId });
      const refund = {
        kind: 'refund' as const,
        bookingId: 'bkg_1',
        amount: { amount: 500, currency: 'USD' },
        reason: 'rejected',
      };
      const webhook = {
        kind: 'deliver_webhook' as const,
        endpointId: 'whe_1',
        event: {
          id: 'evt_1',
          type: 'booking.approved' as const,
          createdAt: NOW,
          data: { booking: booking('bkg_1') },
        },
      };
      const email = {
        kind: 'send_email' as const,
        bookingId: 'bkg_1',
        notification: 'booking_cancelled' as const,
        recipientId: 'usr_mentee',
        role: 'mentee' as const,
      };
      const deletion = {
        kind: 'delete_meeting' as const,
        bookingId: 'bkg_1',
        provider: 'jitsi',
        meetingId: 'm_1',
      };
      const digest = {
        kind: 'send_message_digest' as const,
        bookingId: 'bkg_1',
        recipientId: 'usr_mentor',
        role: 'mentor' as const,
        firstMessageId: 'msg_1',
      };

      /** Enqueues `effects`, then at `at` (the store's clock stamps `updatedAt`) moves each to its status. */
      async function settled(at: string, effects: Array<[NewEffect, Effect['status']]>) {
        await tx((t) => t.enqueueEffects(effects.map(([e]) => e)));
        clock.set(at);
        await tx(async (t) => {
          for (const [e, status] of effects) {
            const stored = await t.getEffect(e.id);
            await t.updateEffect({ ...stored!, status, attempts: 1 });
          }
        });
      }
      const ids = () =>
        tx(async (t) => {
          const lists = await Promise.all(
            (['pending', 'done', 'dead'] as const).map((status) => t.listEffects({ status, limit: 100 })),
          );
          return lists.flatMap((l) => l.data.map((e) => e.id)).sort();
        });

      it('deletes done effects last updated before the cut-off, keeping refunds, dead letters and pending ones', async () => {
        const old = plusMinutes(NOW, -31 * DAY);
        const cutOff = plusMinutes(NOW, -30 * DAY);
        await settled(old, [
          [
            effect('eff_meeting', { payload: meeting('bkg_1'), idempotencyKey: 'create_meeting:bkg_1' }),
            'done',
          ],
          [effect('eff_email', { payload: email }), 'done'],
          [effect('eff_webhook', { payload: webhook }), 'done'],
          [effect('eff_delete', { payload: deletion }), 'done'],
          [effect('eff_digest', { payload: digest }), 'done'],
          [effect('eff_refund', { payload: refund, idempotencyKey: 'refund:bkg_1' }), 'done'],
          [effect('eff_dead', { payload: meeting('bkg_2') }), 'dead'],
          [effect('eff_pending', { payload: meeting('bkg_3') }), 'pending'],
        ]);
        await settled(cutOff, [[effect('eff_at_cut_off', { payload: meeting('bkg_4') }), 'done']]);
        await settled(NOW, [[effect('eff_recent', { payload: meeting('bkg_5') }), 'done']]);

        expect(await tx((t) => t.purgeEffects(cutOff, 100))).toBe(5);
        expect(await ids()).toEqual([
          'eff_at_cut_off',
          'eff_dead',
          'eff_pending',
          'eff_recent',
          'eff_refund',
        ]);
        expect(await tx((t) => t.purgeEffects(cutOff, 100))).toBe(0);

        // The refund's key still holds the booking to one refund; the purged meeting's key went with it.
        await tx((t) =>
          t.enqueueEffects([
            effect('eff_refund_again', { payload: refund, idempotencyKey: 'refund:bkg_1' }),
            effect('eff_meeting_again', {
              payload: meeting('bkg_1'),
              idempotencyKey: 'create_meeting:bkg_1',
            }),
          ]),
        );
        expect(await tx((t) => t.getEffect('eff_refund_again'))).toBeNull();
        expect((await tx((t) => t.getEffect('eff_meeting_again')))?.status).toBe('pending');
      });

      it('deletes at most `limit` per call, so a caller repeats until a batch comes back short', async () => {
        const old = plusMinutes(NOW, -31 * DAY);
        await settled(
          old,
          Array.from({ length: 5 }, (_, i) => [effect(`eff_${i}`, { payload: meeting(`bkg_${i}`) }), 'done']),
        );
        const batches: number[] = [];
        for (let i = 0; i < 4; i++) batches.push(await tx((t) => t.purgeEffects(NOW, 2)));
        expect(batches).toEqual([2, 2, 1, 0]);
        expect(await ids()).toEqual([]);
      });

      it('rolls a purge back with its transaction', async () => {
        await settled(plusMinutes(NOW, -31 * DAY), [[effect('eff_1'), 'done']]);
        await expect(
          tx(async (t) => {
            expect(await t.purgeEffects(NOW, 10)).toBe(1);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await ids()).toEqual(['eff_1']);
      });
    });

    describe('notifications', () => {
      beforeEach(async () => {
        await tx((t) =>
          t.insertNotifications([
            notification('ntf_1', { createdAt: plusMinutes(NOW, 1) }),
            notification('ntf_2', { createdAt: plusMinutes(NOW, 2) }),
            notification('ntf_3', { createdAt: plusMinutes(NOW, 2) }),
            notification('ntf_4', { createdAt: plusMinutes(NOW, 3), bookingId: null }),
            notification('ntf_5', { createdAt: plusMinutes(NOW, 4), userId: 'usr_mentee' }),
          ]),
        );
      });

      it('lists a user’s notifications newest first, paging through all exactly once', async () => {
        const pages = await allPages((cursor) =>
          tx((t) => t.listNotifications({ userId: 'usr_mentor', limit: 3, cursor })),
        );
        expect(pages).toEqual([['ntf_4', 'ntf_3', 'ntf_2'], ['ntf_1']]);
        const [first] = (await tx((t) => t.listNotifications({ userId: 'usr_mentor', limit: 1 }))).data;
        expect(first).toEqual(notification('ntf_4', { createdAt: plusMinutes(NOW, 3), bookingId: null }));
      });

      it('counts, lists and marks unread ones; marking again keeps the first read time', async () => {
        expect(await tx((t) => t.countUnread('usr_mentor'))).toBe(4);
        const readAt = plusMinutes(NOW, 10);
        const read = await tx((t) => t.markRead('usr_mentor', 'ntf_2', readAt));
        expect(read).toEqual(notification('ntf_2', { createdAt: plusMinutes(NOW, 2), readAt }));
        expect((await tx((t) => t.markRead('usr_mentor', 'ntf_2', plusMinutes(NOW, 20))))?.readAt).toBe(
          readAt,
        );
        expect(await tx((t) => t.countUnread('usr_mentor'))).toBe(3);

        const unread = await tx((t) =>
          t.listNotifications({ userId: 'usr_mentor', unread: true, limit: 10 }),
        );
        expect(unread.data.map((n) => n.id)).toEqual(['ntf_4', 'ntf_3', 'ntf_1']);
        const alreadyRead = await tx((t) =>
          t.listNotifications({ userId: 'usr_mentor', unread: false, limit: 10 }),
        );
        expect(alreadyRead.data.map((n) => n.id)).toEqual(['ntf_2']);
      });

      it('marks nothing for another user or an unknown id', async () => {
        expect(await tx((t) => t.markRead('usr_mentee', 'ntf_1', NOW))).toBeNull();
        expect(await tx((t) => t.markRead('usr_mentor', 'ntf_missing', NOW))).toBeNull();
        expect(await tx((t) => t.countUnread('usr_mentor'))).toBe(4);
      });

      it('marks all of one user’s unread notifications read and says how many', async () => {
        await tx((t) => t.markRead('usr_mentor', 'ntf_1', NOW));
        expect(await tx((t) => t.markAllRead('usr_mentor', plusMinutes(NOW, 5)))).toBe(3);
        expect(await tx((t) => t.countUnread('usr_mentor'))).toBe(0);
        expect(await tx((t) => t.countUnread('usr_mentee'))).toBe(1);
        expect(await tx((t) => t.markAllRead('usr_mentor', plusMinutes(NOW, 6)))).toBe(0);
        const all = await tx((t) => t.listNotifications({ userId: 'usr_mentor', limit: 10 }));
        expect(all.data.map((n) => n.readAt)).toEqual([
          plusMinutes(NOW, 5),
          plusMinutes(NOW, 5),
          plusMinutes(NOW, 5),
          NOW,
        ]);
      });
    });

    describe('booking messages', () => {
      /** `i` minutes after NOW, from the mentee to the mentor on `bookingId` unless told otherwise. */
      const msg = (id: string, i: number, overrides: Partial<MessageRecord> = {}): MessageRecord => ({
        id,
        bookingId: 'bkg_1',
        authorId: 'usr_mentee',
        from: 'mentee',
        body: `message ${id}`,
        createdAt: plusMinutes(NOW, i),
        readAt: null,
        channel: 'web',
        recipientId: 'usr_mentor',
        redFlags: [],
        digestId: null,
        ...overrides,
      });
      const fromMentor = { authorId: 'usr_mentor', from: 'mentor' as const, recipientId: 'usr_mentee' };
      const insert = (...messages: MessageRecord[]) =>
        tx(async (t) => {
          for (const m of messages) await t.insertMessage(m);
        });

      beforeEach(async () => {
        await tx(async (t) => {
          await t.insertBooking(booking('bkg_1'));
          await t.insertBooking(booking('bkg_2', { start: '2026-12-02T15:00:00.000Z' }));
        });
      });

      it('keeps a message as written and lists a booking’s messages newest first, each page once', async () => {
        const flagged = msg('msg_1', 1, {
          body: 'Straße, 東京, "quotes" and\nlines',
          redFlags: [{ code: 'rude_message', detail: 'rude', evidence: ['"i***t"'] }],
        });
        const { channel: _channel, ...withoutChannel } = msg('msg_4', 3, fromMentor);
        await insert(
          flagged,
          msg('msg_2', 2),
          msg('msg_3', 2),
          withoutChannel,
          msg('msg_5', 5, { bookingId: 'bkg_2' }),
        );
        expect(await tx((t) => t.getMessage('msg_1'))).toEqual(flagged);
        expect(await tx((t) => t.getMessage('msg_4'))).toEqual(withoutChannel);
        expect(await tx((t) => t.getMessage('msg_missing'))).toBeNull();
        const pages = await allPages((cursor) =>
          tx((t) => t.listMessages({ bookingId: 'bkg_1', limit: 2, cursor })),
        );
        expect(pages).toEqual([
          ['msg_4', 'msg_3'],
          ['msg_2', 'msg_1'],
        ]);
      });

      it('counts one author’s messages on one booking after a time, with the oldest of them', async () => {
        await insert(
          msg('msg_1', 1),
          msg('msg_2', 2),
          msg('msg_3', 3),
          msg('msg_4', 3, fromMentor),
          msg('msg_5', 3, { bookingId: 'bkg_2' }),
        );
        expect(await tx((t) => t.countRecentMessages('bkg_1', 'usr_mentee', plusMinutes(NOW, 1)))).toEqual({
          count: 2,
          oldest: plusMinutes(NOW, 2),
        });
        expect(await tx((t) => t.countRecentMessages('bkg_1', 'usr_mentee', plusMinutes(NOW, 9)))).toEqual({
          count: 0,
          oldest: null,
        });
      });

      it('marks one recipient’s messages read, all or up to one, and counts what is unread per booking', async () => {
        await insert(
          msg('msg_1', 1),
          msg('msg_2', 2),
          msg('msg_3', 2),
          msg('msg_4', 3, fromMentor),
          msg('msg_5', 4),
          msg('msg_6', 6, { bookingId: 'bkg_2' }),
        );
        expect(await tx((t) => t.unreadMessageCounts(['usr_mentor']))).toEqual([
          { bookingId: 'bkg_2', unread: 1, latestAt: plusMinutes(NOW, 6) },
          { bookingId: 'bkg_1', unread: 4, latestAt: plusMinutes(NOW, 4) },
        ]);
        const at = plusMinutes(NOW, 10);
        const upTo = { createdAt: plusMinutes(NOW, 2), id: 'msg_2' };
        expect(
          await tx((t) => t.markMessagesRead({ bookingId: 'bkg_1', recipientId: 'usr_mentor', upTo }, at)),
        ).toBe(2);
        expect((await tx((t) => t.getMessage('msg_2')))?.readAt).toBe(at);
        expect((await tx((t) => t.getMessage('msg_3')))?.readAt).toBeNull();
        expect(await tx((t) => t.unreadMessageCounts(['usr_mentor'], 'bkg_1'))).toEqual([
          { bookingId: 'bkg_1', unread: 2, latestAt: plusMinutes(NOW, 4) },
        ]);
        expect(await tx((t) => t.unreadMessageCounts(['usr_mentor', 'usr_mentee'], 'bkg_1'))).toEqual([
          { bookingId: 'bkg_1', unread: 3, latestAt: plusMinutes(NOW, 4) },
        ]);
        const later = plusMinutes(NOW, 11);
        expect(
          await tx((t) => t.markMessagesRead({ bookingId: 'bkg_1', recipientId: 'usr_mentor' }, later)),
        ).toBe(2);
        expect((await tx((t) => t.getMessage('msg_2')))?.readAt).toBe(at);
        expect((await tx((t) => t.getMessage('msg_4')))?.readAt).toBeNull();
        expect(await tx((t) => t.unreadMessageCounts([]))).toEqual([]);
      });

      it('lets a digest claim the unread messages no other digest has, and find its own again', async () => {
        await insert(
          msg('msg_1', 1),
          msg('msg_2', 2),
          msg('msg_3', 3, fromMentor),
          msg('msg_4', 4, { bookingId: 'bkg_2' }),
        );
        expect((await tx((t) => t.oldestUndigestedMessage('bkg_1', 'usr_mentor')))?.id).toBe('msg_1');
        const claimed = await tx((t) => t.claimMessagesForDigest('bkg_1', 'usr_mentor', 'eff_a'));
        expect(claimed.map((m) => [m.id, m.digestId])).toEqual([
          ['msg_1', 'eff_a'],
          ['msg_2', 'eff_a'],
        ]);
        expect(await tx((t) => t.oldestUndigestedMessage('bkg_1', 'usr_mentor'))).toBeNull();
        expect(await tx((t) => t.claimMessagesForDigest('bkg_1', 'usr_mentor', 'eff_b'))).toEqual([]);

        await tx((t) =>
          t.markMessagesRead(
            {
              bookingId: 'bkg_1',
              recipientId: 'usr_mentor',
              upTo: { createdAt: plusMinutes(NOW, 1), id: 'msg_1' },
            },
            plusMinutes(NOW, 5),
          ),
        );
        await insert(msg('msg_5', 6));
        const retried = await tx((t) => t.claimMessagesForDigest('bkg_1', 'usr_mentor', 'eff_a'));
        expect(retried.map((m) => m.id)).toEqual(['msg_2', 'msg_5']);
        expect((await tx((t) => t.oldestUndigestedMessage('bkg_1', 'usr_mentee')))?.id).toBe('msg_3');
      });

      it('tells whether a user has an unread notification of a kind about a booking, and marks those read', async () => {
        await tx((t) =>
          t.insertNotifications([
            notification('ntf_m1', { kind: 'message_posted' }),
            notification('ntf_m2', { kind: 'message_posted', createdAt: plusMinutes(NOW, 1) }),
            notification('ntf_other', { kind: 'booking_requested' }),
            notification('ntf_b2', { kind: 'message_posted', bookingId: 'bkg_2' }),
          ]),
        );
        expect(await tx((t) => t.hasUnreadNotification('usr_mentor', 'bkg_1', 'message_posted'))).toBe(true);
        expect(await tx((t) => t.hasUnreadNotification('usr_mentee', 'bkg_1', 'message_posted'))).toBe(false);
        expect(
          await tx((t) => t.markBookingNotificationsRead('usr_mentor', 'bkg_1', 'message_posted', NOW)),
        ).toBe(2);
        expect(await tx((t) => t.hasUnreadNotification('usr_mentor', 'bkg_1', 'message_posted'))).toBe(false);
        expect(await tx((t) => t.countUnread('usr_mentor'))).toBe(2);
      });

      it('rolls messages and their read state back with the transaction', async () => {
        await insert(msg('msg_1', 1));
        await expect(
          tx(async (t) => {
            await t.insertMessage(msg('msg_2', 2));
            await t.markMessagesRead({ bookingId: 'bkg_1', recipientId: 'usr_mentor' }, NOW);
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await tx((t) => t.getMessage('msg_2'))).toBeNull();
        expect((await tx((t) => t.getMessage('msg_1')))?.readAt).toBeNull();
      });
    });

    describe('idempotency records', () => {
      const record = {
        scope: 'usr_mentee',
        key: 'key-1',
        requestHash: 'sha256:abc',
        status: 201,
        body: '{"id":"bkg_1"}',
        createdAt: NOW,
      };

      it('stores a record once; a duplicate scope and key returns false and keeps the first', async () => {
        expect(await tx((t) => t.getIdempotency('usr_mentee', 'key-1'))).toBeNull();
        expect(await tx((t) => t.putIdempotency(record))).toBe(true);
        expect(
          await tx((t) => t.putIdempotency({ ...record, requestHash: 'sha256:other', status: 200 })),
        ).toBe(false);
        expect(await tx((t) => t.getIdempotency('usr_mentee', 'key-1'))).toEqual(record);
      });

      it('purges records of every scope created before the cut-off, at most `limit` per call', async () => {
        const HOUR = 60;
        const cutOff = plusMinutes(NOW, -24 * HOUR);
        const old = plusMinutes(NOW, -25 * HOUR);
        const records = [
          { ...record, createdAt: old },
          { ...record, scope: 'usr_mentee#lock', key: 'key-1#0', status: 0, body: '', createdAt: old },
          { ...record, scope: 'usr_mentee#released', key: 'key-1#0', status: 0, body: '', createdAt: old },
          { ...record, scope: 'platform', key: 'key-at-cut-off', createdAt: cutOff },
          { ...record, scope: 'platform', key: 'key-recent', createdAt: plusMinutes(NOW, -HOUR) },
        ];
        await tx(async (t) => {
          for (const r of records) await t.putIdempotency(r);
        });
        expect(await tx((t) => t.purgeIdempotency(cutOff, 2))).toBe(2);
        expect(await tx((t) => t.purgeIdempotency(cutOff, 2))).toBe(1);
        expect(await tx((t) => t.purgeIdempotency(cutOff, 2))).toBe(0);
        const left = await tx((t) => Promise.all(records.map((r) => t.getIdempotency(r.scope, r.key))));
        expect(left.map((r) => r?.key ?? null)).toEqual([null, null, null, 'key-at-cut-off', 'key-recent']);
        // A purged key is free again: a request that reuses it runs as a new one.
        expect(await tx((t) => t.putIdempotency({ ...record, createdAt: NOW }))).toBe(true);
      });

      it('keeps scopes apart', async () => {
        await tx((t) => t.putIdempotency(record));
        expect(await tx((t) => t.putIdempotency({ ...record, scope: 'platform' }))).toBe(true);
        expect(await tx((t) => t.getIdempotency('platform', 'key-1'))).toEqual({
          ...record,
          scope: 'platform',
        });
      });
    });

    describe('webhook endpoints', () => {
      it('inserts, reads, lists by id, updates and deletes', async () => {
        await tx(async (t) => {
          await t.insertWebhookEndpoint(endpoint('whe_b'));
          await t.insertWebhookEndpoint(endpoint('whe_a', { createdAt: plusMinutes(NOW, 1) }));
        });
        expect(await tx((t) => t.getWebhookEndpoint('whe_b'))).toEqual(endpoint('whe_b'));
        expect((await tx((t) => t.listWebhookEndpoints())).map((e) => e.id)).toEqual(['whe_a', 'whe_b']);

        const disabled = endpoint('whe_b', {
          enabled: false,
          consecutiveFailures: 20,
          events: ['booking.rejected'],
        });
        await tx((t) => t.updateWebhookEndpoint(disabled));
        expect(await tx((t) => t.getWebhookEndpoint('whe_b'))).toEqual(disabled);

        expect(await tx((t) => t.deleteWebhookEndpoint('whe_b'))).toBe(true);
        expect(await tx((t) => t.deleteWebhookEndpoint('whe_b'))).toBe(false);
        expect(await tx((t) => t.getWebhookEndpoint('whe_b'))).toBeNull();
        await expect(tx((t) => t.updateWebhookEndpoint(disabled))).rejects.toBeInstanceOf(NotFoundError);
      });
    });

    describe('delegations', () => {
      const grant = (mentorId: string, assistantId: string, minutes = 0) => ({
        mentorId,
        assistantId,
        createdAt: plusMinutes(NOW, minutes),
      });

      it('grants once, reads back, lists by mentor and by assistant oldest first, and revokes', async () => {
        expect(await tx((t) => t.putDelegation(grant('usr_mentor', 'usr_other', 1)))).toBe(true);
        expect(await tx((t) => t.putDelegation(grant('usr_mentor', 'usr_other', 5)))).toBe(false);
        await tx(async (t) => {
          await t.putDelegation(grant('usr_mentor', 'usr_mentee', 2));
          await t.putDelegation(grant('usr_mentor2', 'usr_other', 0));
        });
        expect(await tx((t) => t.getDelegation('usr_mentor', 'usr_other'))).toEqual(
          grant('usr_mentor', 'usr_other', 1),
        );
        expect(await tx((t) => t.getDelegation('usr_other', 'usr_mentor'))).toBeNull();
        expect(await tx((t) => t.listDelegations({ mentorId: 'usr_mentor' }))).toEqual([
          grant('usr_mentor', 'usr_other', 1),
          grant('usr_mentor', 'usr_mentee', 2),
        ]);
        expect(await tx((t) => t.listDelegations({ assistantId: 'usr_other' }))).toEqual([
          grant('usr_mentor2', 'usr_other', 0),
          grant('usr_mentor', 'usr_other', 1),
        ]);
        expect(await tx((t) => t.deleteDelegation('usr_mentor', 'usr_other'))).toBe(true);
        expect(await tx((t) => t.deleteDelegation('usr_mentor', 'usr_other'))).toBe(false);
        expect(await tx((t) => t.getDelegation('usr_mentor', 'usr_other'))).toBeNull();
      });

      it('rolls a grant back with its transaction', async () => {
        await expect(
          tx(async (t) => {
            await t.putDelegation(grant('usr_mentor', 'usr_other'));
            throw new Error('changed my mind');
          }),
        ).rejects.toThrow('changed my mind');
        expect(await tx((t) => t.listDelegations({ mentorId: 'usr_mentor' }))).toEqual([]);
      });
    });

    describe('Slack installations', () => {
      const installation = (key: string, token: string, at = NOW, version = 1): SlackInstallation => ({
        key,
        teamId: key.startsWith('T') ? key : null,
        enterpriseId: key.startsWith('E') ? key : 'E0ORG',
        installation: {
          team: key.startsWith('T') ? { id: key, name: 'Acme' } : undefined,
          enterprise: { id: key.startsWith('E') ? key : 'E0ORG', name: 'Acme Org' },
          isEnterpriseInstall: key.startsWith('E'),
          bot: { token, scopes: ['chat:write', 'im:write'], userId: 'UBOT', id: 'BBOT' },
          authVersion: 'v2',
        },
        updatedAt: at,
        version,
        status: 'active',
        revocation: null,
        botTokenExpiresAt: null,
        refreshClaimedUntil: null,
        teams: [],
      });

      it('stores an installation by key, replaces it only at the version it holds, and deletes it once', async () => {
        expect(await tx((t) => t.getSlackInstallation('T0ACME'))).toBeNull();
        expect(await tx((t) => t.putSlackInstallation(installation('T0ACME', 'xoxb-first'), null))).toBe(
          true,
        );
        expect(await tx((t) => t.putSlackInstallation(installation('E0ORG', 'xoxb-org'), null))).toBe(true);
        expect(await tx((t) => t.getSlackInstallation('T0ACME'))).toEqual(
          installation('T0ACME', 'xoxb-first'),
        );
        // "Only where none is stored" refuses a second insert, and leaves the first alone.
        expect(await tx((t) => t.putSlackInstallation(installation('T0ACME', 'xoxb-other'), null))).toBe(
          false,
        );
        expect((await tx((t) => t.getSlackInstallation('T0ACME')))?.installation.bot).toMatchObject({
          token: 'xoxb-first',
        });

        const reinstalled = installation('T0ACME', 'xoxb-second', plusMinutes(NOW, 5), 2);
        expect(await tx((t) => t.putSlackInstallation(reinstalled, 1))).toBe(true);
        expect(await tx((t) => t.getSlackInstallation('T0ACME'))).toEqual(reinstalled);
        // A writer that read version 1 is too late now.
        const stale = installation('T0ACME', 'xoxb-stale', plusMinutes(NOW, 6), 2);
        expect(await tx((t) => t.putSlackInstallation(stale, 1))).toBe(false);
        expect(await tx((t) => t.getSlackInstallation('T0ACME'))).toEqual(reinstalled);
        expect(await tx((t) => t.putSlackInstallation(installation('T0NONE', 'xoxb-x', NOW, 2), 1))).toBe(
          false,
        );
        expect(await tx((t) => t.getSlackInstallation('T0NONE'))).toBeNull();
        expect(await tx((t) => t.getSlackInstallation('E0ORG'))).toEqual(installation('E0ORG', 'xoxb-org'));

        expect(await tx((t) => t.deleteSlackInstallation('T0ACME'))).toBe(true);
        expect(await tx((t) => t.deleteSlackInstallation('T0ACME'))).toBe(false);
        expect(await tx((t) => t.getSlackInstallation('T0ACME'))).toBeNull();
        expect(await tx((t) => t.getSlackInstallation('E0ORG'))).not.toBeNull();
      });

      it('lets exactly one of concurrent writers that all read the same version win', async () => {
        await tx((t) => t.putSlackInstallation(installation('T0ACME', 'xoxb-first'), null));
        const writes = await Promise.all(
          ['xoxb-a', 'xoxb-b', 'xoxb-c'].map((token) =>
            tx(async (t) =>
              (await t.putSlackInstallation(installation('T0ACME', token, NOW, 2), 1)) ? token : null,
            ),
          ),
        );
        const winners = writes.filter((w) => w !== null);
        expect(winners).toHaveLength(1);
        const stored = await tx((t) => t.getSlackInstallation('T0ACME'));
        expect(stored?.version).toBe(2);
        expect(stored?.installation.bot).toMatchObject({ token: winners[0] });
      });

      it('rolls an installation back with its transaction', async () => {
        await expect(
          tx(async (t) => {
            await t.putSlackInstallation(installation('T0ACME', 'xoxb-first'), null);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await tx((t) => t.getSlackInstallation('T0ACME'))).toBeNull();
      });
    });

    describe('used email action links', () => {
      const use = (id: string, expiresAt = plusMinutes(NOW, 60)): ActionTokenUse => ({
        id,
        bookingId: 'bkg_1',
        userId: 'usr_mentor',
        action: 'approve',
        usedAt: NOW,
        expiresAt,
      });

      it('records a link once: a second use of the same id is refused and changes nothing', async () => {
        expect(await tx((t) => t.getActionTokenUse('tok_a'))).toBeNull();
        expect(await tx((t) => t.useActionToken(use('tok_a')))).toBe(true);
        expect(
          await tx((t) =>
            t.useActionToken({ ...use('tok_a'), userId: 'usr_other', usedAt: plusMinutes(NOW, 1) }),
          ),
        ).toBe(false);
        expect(await tx((t) => t.getActionTokenUse('tok_a'))).toEqual(use('tok_a'));
      });

      it('lets exactly one of two racing transactions use a link', async () => {
        const results = await Promise.all(
          [0, 1].map(() =>
            tx(async (t) => {
              const used = await t.useActionToken(use('tok_race'));
              await t.getActionTokenUse('tok_race');
              return used;
            }),
          ),
        );
        expect(results.sort()).toEqual([false, true]);
      });

      it('rolls a use back with its transaction', async () => {
        await expect(
          tx(async (t) => {
            await t.useActionToken(use('tok_b'));
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await tx((t) => t.getActionTokenUse('tok_b'))).toBeNull();
        expect(await tx((t) => t.useActionToken(use('tok_b')))).toBe(true);
      });

      it('purges the records of expired links in batches, keeping the live ones', async () => {
        await tx(async (t) => {
          for (const id of ['tok_1', 'tok_2', 'tok_3']) await t.useActionToken(use(id, plusMinutes(NOW, -1)));
          await t.useActionToken(use('tok_live', plusMinutes(NOW, 1)));
        });
        expect(await tx((t) => t.purgeActionTokenUses(NOW, 2))).toBe(2);
        expect(await tx((t) => t.purgeActionTokenUses(NOW, 2))).toBe(1);
        expect(await tx((t) => t.purgeActionTokenUses(NOW, 2))).toBe(0);
        expect(await tx((t) => t.getActionTokenUse('tok_live'))).not.toBeNull();
      });
    });
  });
}
