import type { ClientChannel, Greenlight, TokenProvider } from '@greenlight/sdk';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { browserClient } from './client';
import { createFormatters, type Formatters } from './format';
import { type Messages, mergeMessages } from './messages';
import { keys } from './query-keys';
import { DEFAULT_REFUND_POLICY, type RefundPolicy } from './refund-policy';

interface CommonProps {
  /** The signed-in user's id (the `sub` of their token). */
  userId: string;
  /** Your app's QueryClient, to share its cache and devtools; by default the provider makes its own. */
  queryClient?: QueryClient;
  /** BCP 47 locale for dates, money and countdowns, e.g. `de-DE` (default: the browser's). */
  locale?: string;
  /** Show times in this IANA zone instead of the user's profile zone. */
  timeZone?: string;
  /** Any strings to replace; the rest stay English. */
  messages?: Partial<Messages>;
  /** How often open lists and cards ask for changes, in milliseconds (default 15 000); paused in hidden tabs. */
  pollIntervalMs?: number;
  /** The server's cancellation refund policy, shown before cancelling (the server's default: 24 h, half). */
  refundPolicy?: RefundPolicy;
  children?: ReactNode;
}

export type GreenlightProviderProps = CommonProps &
  (
    | {
        /** An SDK client that acts as the user (a user token, or the platform key with `.as(userId)`). */
        client: Greenlight;
        baseUrl?: never;
        getToken?: never;
        channel?: never;
      }
    | {
        /** Where the Greenlight API is served, e.g. `https://greenlight.example.com`. */
        baseUrl: string;
        /**
         * Returns the user's JWT, minted by your backend; asked before every request (cache it) and with
         * `{ refresh: true }` after a 401.
         */
        getToken: TokenProvider;
        /** Recorded in the booking's history as where decisions were made (default `web`). */
        channel?: ClientChannel;
        client?: never;
      }
  );

export interface GreenlightContextValue {
  client: Greenlight;
  userId: string;
  messages: Messages;
  format: Formatters;
  /** The provider's `timeZone` override, if any. */
  timeZone: string | undefined;
  pollIntervalMs: number;
  refundPolicy: RefundPolicy;
  /** Tell the user's other tabs that a booking changed, so they refetch at once instead of at their next poll. */
  announce(): void;
}

export const GreenlightContext = createContext<GreenlightContextValue | null>(null);

const DEFAULT_POLL_MS = 15_000;

function newQueryClient(): QueryClient {
  // The SDK already retries what is worth retrying (network errors, 429, 5xx), with backoff.
  return new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 5_000 }, mutations: { retry: false } },
  });
}

/**
 * Gives every Greenlight component below it the API client, the signed-in user, strings and formats.
 *
 * ```tsx
 * <GreenlightProvider baseUrl="https://greenlight.example.com" userId={me.id} getToken={fetchGreenlightToken}>
 *   <PendingBookings onOpen={(id) => navigate(`/bookings/${id}`)} />
 * </GreenlightProvider>
 * ```
 */
export function GreenlightProvider(props: GreenlightProviderProps) {
  const [ownQueryClient] = useState(newQueryClient);
  const queryClient = props.queryClient ?? ownQueryClient;
  return (
    <QueryClientProvider client={queryClient}>
      <GreenlightConfig {...props} />
    </QueryClientProvider>
  );
}

function GreenlightConfig(props: GreenlightProviderProps) {
  const { userId, locale, timeZone, messages: overrides, pollIntervalMs, refundPolicy, children } = props;
  const queryClient = useQueryClient();

  // The latest getToken, so an inline arrow function does not make a new client on every render.
  const getToken = useRef(props.getToken);
  getToken.current = props.getToken;
  const { client: given, baseUrl, channel = 'web' } = props;
  const client = useMemo(
    () =>
      given ??
      browserClient({
        baseUrl: baseUrl as string,
        channel,
        getToken: (context) => {
          if (!getToken.current)
            throw new TypeError('GreenlightProvider: pass client, or baseUrl and getToken');
          return getToken.current(context);
        },
      }),
    [given, baseUrl, channel],
  );

  const broadcast = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(`greenlight:${userId}`);
    channel.onmessage = () => void queryClient.invalidateQueries({ queryKey: keys.all(userId) });
    broadcast.current = channel;
    return () => {
      channel.close();
      broadcast.current = null;
    };
  }, [userId, queryClient]);
  const announce = useCallback(() => broadcast.current?.postMessage('changed'), []);

  const value = useMemo<GreenlightContextValue>(
    () => ({
      client,
      userId,
      messages: mergeMessages(overrides),
      format: createFormatters(locale),
      timeZone,
      pollIntervalMs: pollIntervalMs ?? DEFAULT_POLL_MS,
      refundPolicy: refundPolicy ?? DEFAULT_REFUND_POLICY,
      announce,
    }),
    [client, userId, overrides, locale, timeZone, pollIntervalMs, refundPolicy, announce],
  );
  return <GreenlightContext.Provider value={value}>{children}</GreenlightContext.Provider>;
}
