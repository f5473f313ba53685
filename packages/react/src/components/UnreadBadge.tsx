import { useGreenlight } from '../hooks/use-greenlight';

/** "2 new messages" beside a booking in a list; nothing when there are none. */
export function UnreadBadge({ count }: { count: number | undefined }) {
  const { messages } = useGreenlight();
  if (!count) return null;
  return <span className="gl-badge">{messages.unreadMessages(count)}</span>;
}
