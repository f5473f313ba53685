import type { Notification } from '@greenlight/sdk';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { useMarkRead, useNotifications, useUnreadCount } from '../hooks/use-notifications';
import { useViewerTimeZone } from '../hooks/use-user';
import { QueryState } from './QueryState';

export interface NotificationBellProps {
  /** Open the booking a notification is about (your booking page); without it there is no link. */
  onOpenBooking?(bookingId: string): void;
  className?: string;
}

/**
 * The notification bell: the unread count (announced politely when it changes), and a popover with the latest
 * notifications, each marked read on its own or all at once. Escape or a click outside closes the popover and
 * gives the focus back to the bell.
 */
export function NotificationBell({ onOpenBooking, className }: NotificationBellProps) {
  const { messages } = useGreenlight();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount().data ?? 0;
  const root = useRef<HTMLDivElement>(null);
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const countId = useId();

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) bell.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    panel.current?.focus();
    const outside = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close(true);
    }
  };

  return (
    <div ref={root} className={['gl-root gl-bell', className].filter(Boolean).join(' ')}>
      <button
        ref={bell}
        type="button"
        className="gl-button gl-bell__button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-describedby={countId}
        onKeyDown={onKeyDown}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <BellIcon />
        <span className="gl-sr-only">{messages.notifications}</span>
        {count > 0 ? (
          <span className="gl-bell__badge" aria-hidden="true">
            {count}
          </span>
        ) : null}
      </button>
      <span id={countId} className="gl-sr-only" aria-live="polite" aria-atomic="true">
        {messages.unreadCount(count)}
      </span>
      {open ? (
        <div
          ref={panel}
          id={panelId}
          className="gl-bell__panel"
          role="dialog"
          aria-label={messages.notifications}
          tabIndex={-1}
          onKeyDown={onKeyDown}
        >
          <NotificationList
            onOpenBooking={
              onOpenBooking &&
              ((id) => {
                close(false);
                onOpenBooking(id);
              })
            }
          />
        </div>
      ) : null}
    </div>
  );
}

function NotificationList({ onOpenBooking }: { onOpenBooking: ((bookingId: string) => void) | undefined }) {
  const { messages, format } = useGreenlight();
  const list = useNotifications(true);
  const markRead = useMarkRead();
  const zone = useViewerTimeZone() ?? 'UTC';
  const notifications = list.data;
  if (!notifications)
    return <QueryState isPending={list.isPending} error={list.error} refetch={list.refetch} />;
  const unread = notifications.some((n) => n.readAt === null);
  return (
    <>
      <div className="gl-bell__head">
        <h2 className="gl-bell__title">{messages.notifications}</h2>
        <button
          type="button"
          className="gl-button gl-button--quiet gl-button--small"
          disabled={!unread || markRead.isPending}
          onClick={() => markRead.mutate(undefined)}
        >
          {messages.markAllRead}
        </button>
      </div>
      {notifications.length === 0 ? <p className="gl-muted gl-empty">{messages.noNotifications}</p> : null}
      <ul className="gl-list">
        {notifications.map((notification: Notification) => (
          <li key={notification.id} className={notification.readAt ? 'gl-item' : 'gl-item gl-item--unread'}>
            <p className="gl-item__title">{notification.title}</p>
            <p>{notification.body}</p>
            <p className="gl-muted">
              <time dateTime={notification.createdAt}>{format.dateTime(notification.createdAt, zone)}</time>
            </p>
            <div className="gl-actions">
              {notification.readAt === null ? (
                <button
                  type="button"
                  className="gl-button gl-button--small"
                  aria-label={`${messages.markRead}: ${notification.title}`}
                  disabled={markRead.isPending}
                  onClick={() => markRead.mutate(notification.id)}
                >
                  {messages.markRead}
                </button>
              ) : null}
              {notification.bookingId && onOpenBooking ? (
                <button
                  type="button"
                  className="gl-button gl-button--primary gl-button--small"
                  aria-label={`${messages.openBooking}: ${notification.title}`}
                  onClick={() => {
                    if (notification.readAt === null) markRead.mutate(notification.id);
                    onOpenBooking(notification.bookingId as string);
                  }}
                >
                  {messages.openBooking}
                </button>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A bell; the button's name is the text beside it, for screen readers. */
function BellIcon() {
  return (
    <svg
      className="gl-bell__icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      aria-hidden="true"
      focusable="false"
    >
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
        d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
      />
    </svg>
  );
}
