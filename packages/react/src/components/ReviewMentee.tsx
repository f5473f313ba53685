import type { BookingReview } from '@greenlight/sdk';
import type { ReactNode } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { Avatar } from './Avatar';

/**
 * The card's head: who is asking (photo, and the card's title, which names them) with their history with mentors
 * in one line under it (prior sessions, total spend, ratings given).
 */
export function ReviewMentee({ mentee, children }: { mentee: BookingReview['mentee']; children: ReactNode }) {
  const { messages, format } = useGreenlight();
  const { history } = mentee;
  return (
    <div className="gl-review__head">
      <Avatar name={mentee.name} photoUrl={mentee.photoUrl} alt={messages.photoOf(mentee.name)} />
      <div className="gl-review__who">
        {children}
        <dl className="gl-stats" aria-label={messages.menteeHistory}>
          <div>
            <dt>{messages.priorSessions}</dt>
            <dd>{format.number(history.priorSessions, 0)}</dd>
          </div>
          <div>
            <dt>{messages.totalSpend}</dt>
            <dd>{format.money(history.totalSpend)}</dd>
          </div>
          <div>
            <dt>{messages.averageRatingGiven}</dt>
            <dd>
              {history.averageRatingGiven === null
                ? messages.noRatingsYet
                : messages.ratingOutOfFive(format.number(history.averageRatingGiven))}
            </dd>
          </div>
        </dl>
      </div>
    </div>
  );
}
