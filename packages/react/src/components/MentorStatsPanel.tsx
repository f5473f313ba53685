import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { useMentorStats } from '../hooks/use-settings';
import { QueryState } from './QueryState';

/** The mentor's approval rate, badge and response times over the last 90 days, read-only. */
export function MentorStatsPanel({ className }: { className?: string }) {
  const { messages, format } = useGreenlight();
  const stats = useMentorStats();
  const titleId = useId();
  const data = stats.data;
  return (
    <section className={['gl-root gl-stats', className].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      <h2 id={titleId}>{messages.statsTitle}</h2>
      {data ? (
        <dl className="gl-facts">
          <div>
            <dt>{messages.approvalRate}</dt>
            <dd>{data.approvalRate === null ? messages.notYet : format.percent(data.approvalRate)}</dd>
          </div>
          <div>
            <dt>{messages.badge}</dt>
            <dd>{messages.badges[data.badge] ?? data.badge}</dd>
          </div>
          <div>
            <dt>{messages.medianResponse}</dt>
            <dd>
              {data.medianResponseMinutes === null
                ? messages.notYet
                : format.minutes(data.medianResponseMinutes)}
            </dd>
          </div>
          <div>
            <dt>{messages.answeredWithin24h}</dt>
            <dd>
              {data.answeredWithin24hRate === null
                ? messages.notYet
                : format.percent(data.answeredWithin24hRate)}
            </dd>
          </div>
        </dl>
      ) : (
        <QueryState isPending={stats.isPending} error={stats.error} refetch={stats.refetch} />
      )}
    </section>
  );
}
