import { useId, useState } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { BookingConversation } from './BookingConversation';
import { UnreadBadge } from './UnreadBadge';

/** "Messages" under a booking in a list, with its unread count, opening the conversation in place. */
export function ConversationToggle({
  bookingId,
  unread,
  label,
}: {
  bookingId: string;
  unread: number | undefined;
  /** Names the booking for screen readers, e.g. its date. */
  label: string;
}) {
  const { messages } = useGreenlight();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <UnreadBadge count={unread} />
      <div className="gl-actions">
        <button
          type="button"
          className="gl-button"
          aria-label={`${messages.messagesButton}: ${label}`}
          aria-expanded={open}
          aria-controls={open ? panelId : undefined}
          onClick={() => setOpen(!open)}
        >
          {messages.messagesButton}
        </button>
      </div>
      {open ? (
        <div id={panelId}>
          <BookingConversation bookingId={bookingId} />
        </div>
      ) : null}
    </>
  );
}
