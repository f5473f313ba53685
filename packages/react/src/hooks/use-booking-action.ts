import type { Role } from '@greenlight/core/contract';
import type {
  BatchDecisionsParams,
  BatchDecisionsResult,
  Booking,
  BookingView,
  Greenlight,
  RejectionCategory,
} from '@greenlight/sdk';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { keys } from '../query-keys';
import { useGreenlight } from './use-greenlight';

/** Every decision either side can make on a booking, as the components send it. */
export type Decision =
  | { kind: 'approve'; force?: boolean }
  | { kind: 'reject'; reason: string; category?: RejectionCategory }
  | { kind: 'suggest'; start: string; force?: boolean }
  | { kind: 'accept' }
  | { kind: 'decline'; reason?: string }
  | { kind: 'counter'; start: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'no_show'; absent: Role; note: string };

function send(client: Greenlight, id: string, decision: Decision): Promise<Booking> {
  switch (decision.kind) {
    case 'approve':
      return client.bookings.approve(id, decision.force ? { force: true } : {});
    case 'reject':
      return client.bookings.reject(id, {
        reason: decision.reason,
        ...(decision.category ? { category: decision.category } : {}),
      });
    case 'suggest':
      return client.bookings.suggest(id, {
        start: decision.start,
        ...(decision.force ? { force: true } : {}),
      });
    case 'accept':
      return client.bookings.acceptProposal(id);
    case 'decline':
      return client.bookings.declineProposal(id, decision.reason ? { reason: decision.reason } : {});
    case 'counter':
      return client.bookings.counter(id, { start: decision.start });
    case 'cancel':
      return client.bookings.cancel(id, { reason: decision.reason });
    case 'no_show':
      return client.bookings.reportNoShow(id, { absent: decision.absent, note: decision.note });
  }
}

/** The booking as it will most likely be once the server agrees, shown at once; rolled back on an error. */
export function optimistic<B extends Booking>(booking: B, decision: Decision): B {
  switch (decision.kind) {
    case 'approve':
    case 'accept':
      return { ...booking, status: 'approved' };
    case 'reject':
      return { ...booking, status: 'rejected' };
    case 'suggest': {
      const length = Date.parse(booking.end) - Date.parse(booking.start);
      const end = new Date(Date.parse(decision.start) + length).toISOString();
      const proposal = {
        start: decision.start,
        end,
        by: 'mentor' as const,
        createdAt: new Date().toISOString(),
      };
      return { ...booking, status: 'alternative_suggested', proposal };
    }
    case 'decline':
      return { ...booking, status: 'declined' };
    case 'counter':
      return { ...booking, status: 'pending', proposal: null };
    case 'cancel':
      return { ...booking, status: 'cancelled' };
    case 'no_show':
      return booking;
  }
}

interface Snapshot {
  booking: BookingView | undefined;
  lists: [QueryKey, Booking[] | undefined][];
}

/**
 * Send a decision on one booking. The booking and every list holding it change at once (a cancellation only
 * once the server agrees); on any error
 * (someone decided first: 409, a busy calendar, a refused reason) they go back to what they were and are
 * refetched. Afterwards the user's other tabs are told to refetch.
 */
export function useBookingAction(bookingId: string) {
  const { client, userId, announce } = useGreenlight();
  const queryClient = useQueryClient();
  const bookingKey = keys.booking(userId, bookingId);
  const listsKey = [...keys.bookings(userId), 'list'];

  return useMutation<Booking, Error, Decision, Snapshot>({
    mutationFn: (decision) => send(client, bookingId, decision),
    onMutate: async (decision) => {
      await queryClient.cancelQueries({ queryKey: keys.bookings(userId) });
      const snapshot: Snapshot = {
        booking: queryClient.getQueryData<BookingView>(bookingKey),
        lists: queryClient.getQueriesData<Booking[]>({ queryKey: listsKey }),
      };
      // A cancellation waits for the server: it takes the booking off lists, and with it the dialog that
      // would show why it failed. A no-show report waits too: what it leads to (a refund, a dispute) is the
      // server's to say.
      if (decision.kind === 'cancel' || decision.kind === 'no_show') return snapshot;
      if (snapshot.booking) queryClient.setQueryData(bookingKey, optimistic(snapshot.booking, decision));
      queryClient.setQueriesData<Booking[]>({ queryKey: listsKey }, (list) =>
        list?.map((b) => (b.id === bookingId ? optimistic(b, decision) : b)),
      );
      return snapshot;
    },
    onError: (_error, _decision, snapshot) => {
      if (!snapshot) return;
      queryClient.setQueryData(bookingKey, snapshot.booking);
      for (const [key, list] of snapshot.lists) queryClient.setQueryData(key, list);
    },
    onSuccess: (booking) => {
      // An action answers with the booking alone: keep the review the card is showing.
      queryClient.setQueryData<BookingView>(bookingKey, (old) => ({ ...booking, review: old?.review }));
      announce();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.bookings(userId) }),
  });
}

/**
 * Approve or reject several bookings in one request, each its own transition: the answer says, for each, whether it
 * was done (its booking, put in the cache) or why not. Every list is refetched after, and the other tabs told.
 */
export function useDecideMany() {
  const { client, userId, announce } = useGreenlight();
  const queryClient = useQueryClient();
  return useMutation<BatchDecisionsResult, Error, BatchDecisionsParams['decisions']>({
    mutationFn: (decisions) => client.bookings.decideMany({ decisions }),
    onSuccess: (result) => {
      for (const outcome of result.results) {
        if (!outcome.ok) continue;
        queryClient.setQueryData<BookingView>(keys.booking(userId, outcome.bookingId), (old) =>
          old ? { ...outcome.booking, review: old.review } : undefined,
        );
      }
      announce();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.bookings(userId) }),
  });
}
