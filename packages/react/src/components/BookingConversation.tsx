import { MESSAGE_MAX_LENGTH } from '@greenlight/core/contract';
import { type Booking, type BookingMessage, InvalidTransitionError, RateLimitError } from '@greenlight/sdk';
import {
  type FormEvent,
  type KeyboardEvent,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { errorText } from '../errors';
import { useBooking } from '../hooks/use-booking';
import {
  type ShownMessage,
  useConversation,
  useMarkMessagesRead,
  usePostMessage,
} from '../hooks/use-conversation';
import { useGreenlight } from '../hooks/use-greenlight';
import { useNow } from '../hooks/use-now';
import { usePeople, useViewerTimeZone } from '../hooks/use-user';
import { sideOf } from '../no-show';
import { QueryState } from './QueryState';

export interface BookingConversationProps {
  bookingId: string;
  /** Messages per page (default 30): the latest page first, earlier ones as the thread scrolls up. */
  pageSize?: number;
  className?: string;
}

/** Runs before paint in the browser (so a thread never flashes at the wrong scroll position); a no-op on the server. */
const useBeforePaint = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/** Closer to the bottom than this, a thread counts as read to the end and follows new messages. */
const AT_BOTTOM_PX = 48;

/** Whether the booking still takes messages: while it is decided on, and before an approved session starts. */
function takesMessages(booking: Booking, now: number): boolean {
  if (booking.status === 'pending' || booking.status === 'alternative_suggested') return true;
  return booking.status === 'approved' && now < Date.parse(booking.start);
}

/**
 * The conversation on a booking between its mentor (or their assistant) and its mentee: the thread, oldest at the
 * top, earlier messages loading as it scrolls up (or with a button), and a composer held to the API's 2,000
 * characters (Enter sends, Shift+Enter starts a new line). A message shows at once and comes back to the composer if
 * refused; the 10-a-minute limit is shown with its wait, and a closed conversation says why. The mentor sees the tone
 * check of the mentee's messages. What the viewer has seen (the thread in view, scrolled to its end) is marked read.
 */
export function BookingConversation({ bookingId, pageSize, className }: BookingConversationProps) {
  const { messages, format, userId } = useGreenlight();
  const bookingQuery = useBooking(bookingId);
  const booking = bookingQuery.data;
  const conversation = useConversation(bookingId, pageSize);
  const post = usePostMessage(bookingId);
  const markRead = useMarkMessagesRead(bookingId);
  // The thread waits for the viewer's zone, so its times are painted once, in that zone.
  const zone = useViewerTimeZone();
  const now = useNow();
  const titleId = useId();
  const composerId = useId();
  const [thread, setThread] = useState<HTMLElement | null>(null);
  const fromBottom = useRef(0);
  const newestShown = useRef<string | null>(null);
  const [inView, setInView] = useState(false);
  const [atBottom, setAtBottom] = useState(true);
  const [draft, setDraft] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  // The wait a 429 named, in seconds, until it has passed.
  const [limited, setLimited] = useState<number | null>(null);
  const [refused, setRefused] = useState(false);
  const [announced, setAnnounced] = useState('');

  const side = booking ? sideOf(booking, userId) : 'mentor';
  const otherId = booking ? (side === 'mentor' ? booking.menteeId : booking.mentorId) : undefined;
  // Newest first from the API, pages shifting as messages arrive: each message once, oldest first on screen.
  const seen = new Set<string>();
  const shown: ShownMessage[] = [];
  for (const page of conversation.data?.pages ?? []) {
    for (const message of page.data) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      shown.push(message);
    }
  }
  shown.reverse();
  const nameOf = usePeople([otherId, ...shown.flatMap((m) => [m.authorId, m.onBehalfOf])]);
  const otherName =
    (otherId && (booking?.review?.mentee.id === otherId ? booking.review.mentee.name : nameOf(otherId))) ??
    '…';
  const newest = shown.at(-1);
  const unreadTheirs = [...shown]
    .reverse()
    .find((m) => m.from !== side && m.readAt === null && !('sending' in m));

  // Keep the reader's distance from the end while pages load above and polls refresh; follow a new message when
  // they were at the end already, or wrote it.
  useBeforePaint(() => {
    const element = thread;
    if (!element || !newest) return;
    if (newest.id !== newestShown.current && (fromBottom.current < AT_BOTTOM_PX || newest.from === side)) {
      fromBottom.current = 0;
    }
    newestShown.current = newest.id;
    element.scrollTop = element.scrollHeight - element.clientHeight - fromBottom.current;
  });

  // A new message from the other side after the thread first loaded is read out once.
  const lastTheirs = [...shown].reverse().find((m) => m.from !== side);
  const firstTheirs = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!conversation.data) return;
    if (firstTheirs.current === undefined) {
      firstTheirs.current = lastTheirs?.id ?? null;
      return;
    }
    if (lastTheirs && lastTheirs.id !== firstTheirs.current) {
      firstTheirs.current = lastTheirs.id;
      setAnnounced(`${authorOf(lastTheirs)}: ${lastTheirs.body}`);
    }
  });

  useEffect(() => {
    if (!thread || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setInView(entry?.isIntersecting ?? false));
    observer.observe(thread);
    return () => observer.disconnect();
  }, [thread]);

  useEffect(() => {
    if (limited === null) return;
    const timer = setTimeout(() => setLimited(null), limited * 1000);
    return () => clearTimeout(timer);
  }, [limited]);

  // Seen: the thread is on screen, in a visible tab, scrolled to its end.
  const markedUpTo = useRef<string | null>(null);
  const [visibleTab, setVisibleTab] = useState(true);
  useEffect(() => {
    const changed = () => setVisibleTab(document.visibilityState === 'visible');
    changed();
    document.addEventListener('visibilitychange', changed);
    return () => document.removeEventListener('visibilitychange', changed);
  }, []);
  const toMark = inView && visibleTab && atBottom ? unreadTheirs?.id : undefined;
  useEffect(() => {
    if (!toMark || markedUpTo.current === toMark) return;
    markedUpTo.current = toMark;
    markRead.mutate(toMark);
  }, [toMark, markRead]);

  const onScroll = () => {
    const element = thread;
    if (!element) return;
    fromBottom.current = element.scrollHeight - element.clientHeight - element.scrollTop;
    setAtBottom(fromBottom.current < AT_BOTTOM_PX);
    if (element.scrollTop < AT_BOTTOM_PX && conversation.hasNextPage && !conversation.isFetchingNextPage) {
      void conversation.fetchNextPage();
    }
  };

  function authorOf(message: BookingMessage): string {
    const name = (id: string) => (id === userId ? messages.you : nameOf(id));
    if (message.onBehalfOf) {
      const whom = message.onBehalfOf === userId ? messages.youLower : (nameOf(message.onBehalfOf) ?? '…');
      return messages.forPerson(name(message.authorId) ?? messages.anAssistant, whom);
    }
    return name(message.authorId) ?? (message.authorId === otherId ? otherName : '…');
  }

  const length = draft.trim().length;
  const over = length - MESSAGE_MAX_LENGTH;
  const closed = booking ? refused || !takesMessages(booking, now) : false;

  const send = () => {
    const body = draft.trim();
    if (!booking || body === '' || over > 0 || post.isPending || limited !== null) return;
    setFailure(null);
    setDraft('');
    fromBottom.current = 0;
    post.mutate(
      { body, from: side },
      {
        onError: (error) => {
          // The text comes back to the composer, unless something new was typed meanwhile.
          setDraft((current) => (current === '' ? body : current));
          if (error instanceof RateLimitError) {
            setLimited(Math.max(1, error.retryAfter ?? 60));
          } else if (error instanceof InvalidTransitionError) {
            setRefused(true);
            void bookingQuery.refetch();
          } else setFailure(messages.notSent(errorText(error)));
        },
      },
    );
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const hintId = `${composerId}-hint`;
  const countId = `${composerId}-count`;
  const errorId = `${composerId}-error`;
  const problem = over > 0 ? messages.tooLong(format.number(over, 0)) : null;
  return (
    <section
      className={['gl-root gl-conversation', className].filter(Boolean).join(' ')}
      aria-labelledby={titleId}
    >
      <h3 id={titleId} className="gl-section__title">
        {messages.conversationTitle}
      </h3>
      <p className="gl-sr-only" aria-live="polite">
        {announced}
      </p>
      {!conversation.data || !booking || !zone ? (
        <QueryState
          isPending={!conversation.error && !bookingQuery.error}
          error={conversation.error ?? bookingQuery.error}
          refetch={() => {
            void conversation.refetch();
            void bookingQuery.refetch();
          }}
        />
      ) : (
        <>
          {conversation.hasNextPage ? (
            <button
              type="button"
              className="gl-button gl-button--quiet"
              disabled={conversation.isFetchingNextPage}
              onClick={() => void conversation.fetchNextPage()}
            >
              {conversation.isFetchingNextPage ? messages.loading : messages.earlierMessages}
            </button>
          ) : null}
          {shown.length === 0 ? (
            <p className="gl-muted">{messages.conversationEmpty}</p>
          ) : (
            <section
              ref={setThread}
              className="gl-thread"
              aria-label={messages.conversationLog(otherName)}
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to scroll it.
              tabIndex={0}
              onScroll={onScroll}
            >
              <ol className="gl-thread__list">
                {shown.map((message) => (
                  <MessageItem
                    key={message.id}
                    message={message}
                    mine={message.from === side}
                    author={authorOf(message)}
                    zone={zone}
                  />
                ))}
              </ol>
            </section>
          )}
          {closed ? (
            // Said as it happens only when a message was refused for it; otherwise it is how the booking stands.
            <p className="gl-notice gl-notice--warning" role={refused ? 'alert' : undefined}>
              {booking.status === 'approved'
                ? messages.conversationClosedStarted
                : messages.conversationClosed(
                    (messages.statuses[booking.status] ?? booking.status).toLowerCase(),
                  )}
            </p>
          ) : (
            <form className="gl-form gl-composer" onSubmit={submit} noValidate>
              <div className="gl-field">
                <label htmlFor={composerId} className="gl-field__label">
                  {messages.messageTo(otherName)}
                </label>
                <textarea
                  id={composerId}
                  className="gl-input"
                  rows={3}
                  value={draft}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={[problem ? errorId : null, countId, hintId].filter(Boolean).join(' ')}
                  onChange={(event) => setDraft(event.target.value)}
                  onKeyDown={onKeyDown}
                />
                <p id={countId} className="gl-field__hint">
                  {messages.characterCount(format.number(length, 0), format.number(MESSAGE_MAX_LENGTH, 0))}
                </p>
                <p id={hintId} className="gl-field__hint">
                  {messages.messageHint}
                </p>
                {problem ? (
                  <p id={errorId} className="gl-field__error">
                    {problem}
                  </p>
                ) : null}
              </div>
              <p role="status" className="gl-live">
                {limited !== null ? messages.rateLimited(limited) : null}
              </p>
              {failure ? (
                <p className="gl-notice gl-notice--error" role="alert">
                  {failure}
                </p>
              ) : null}
              <div className="gl-actions">
                <button
                  type="submit"
                  className="gl-button gl-button--primary"
                  disabled={length === 0 || over > 0 || limited !== null}
                >
                  {messages.send}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}

function MessageItem({
  message,
  mine,
  author,
  zone,
}: {
  message: ShownMessage;
  mine: boolean;
  author: string;
  zone: string;
}) {
  const { messages, format } = useGreenlight();
  const flags = message.redFlags ?? [];
  return (
    <li className={mine ? 'gl-bubble gl-bubble--mine' : 'gl-bubble'}>
      <p className="gl-bubble__meta">
        {author} · <time dateTime={message.createdAt}>{format.dateTime(message.createdAt, zone)}</time>
        {message.sending ? ` · ${messages.sending}` : null}
      </p>
      <p className="gl-bubble__body">{message.body}</p>
      {flags.map((flag) => (
        <div key={flag.code} className="gl-warning">
          <strong>{messages.redFlagTitles[flag.code] ?? flag.code}</strong>: {flag.detail}
          {flag.evidence?.length ? ` (${flag.evidence.join(', ')})` : null}{' '}
          <span className="gl-muted">{messages.toneOnlyYou}</span>
        </div>
      ))}
    </li>
  );
}
