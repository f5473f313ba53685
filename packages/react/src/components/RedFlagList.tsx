import type { BookingReview } from '@greenlight/sdk';
import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';

/** The checklist's red flags (ratings skewed low, no-show complaints, rude tone), each with its evidence. */
export function RedFlagList({ flags }: { flags: BookingReview['redFlags'] }) {
  const { messages } = useGreenlight();
  const headingId = useId();
  return (
    <section className="gl-section" aria-labelledby={headingId}>
      <h3 id={headingId} className="gl-section__title">
        {messages.redFlags}
      </h3>
      {flags.length === 0 ? (
        <p className="gl-muted">{messages.noRedFlags}</p>
      ) : (
        <ul className="gl-flags">
          {flags.map((flag) => (
            <li key={flag.code} className="gl-flag">
              <strong>{messages.redFlagTitles[flag.code] ?? flag.code}</strong>
              <p>{flag.detail}</p>
              {flag.evidence?.length ? (
                <div>
                  <span className="gl-muted">{messages.evidence}</span>
                  <ul>
                    {flag.evidence.map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
