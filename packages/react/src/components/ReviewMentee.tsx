import type { BookingReview } from '@greenlight/sdk';
import { useGreenlight } from '../hooks/use-greenlight';
import { Avatar } from './Avatar';

/** Who is asking: photo, name and their history with mentors (prior sessions, total spend, ratings given). */
export function ReviewMentee({ mentee }: { mentee: BookingReview['mentee'] }) {
  const { messages, format } = useGreenlight();
  const { history } = mentee;
  return (
    <div className="gl-mentee">
      <Avatar name={mentee.name} photoUrl={mentee.photoUrl} alt={messages.photoOf(mentee.name)} />
      <div>
        <p className="gl-mentee__name">{mentee.name}</p>
        <dl className="gl-facts" aria-label={messages.menteeHistory}>
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
