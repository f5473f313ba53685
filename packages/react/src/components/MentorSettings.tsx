import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSettings } from '../hooks/use-settings';
import { AutoApproveSwitch } from './AutoApproveSwitch';
import { AvailabilityEditor } from './AvailabilityEditor';
import { CalendarFeedField } from './CalendarFeedField';
import { MentorStatsPanel } from './MentorStatsPanel';
import { QueryState } from './QueryState';

export interface MentorSettingsProps {
  /** Show the read-only stats panel under the settings (default true). */
  showStats?: boolean;
  className?: string;
}

/**
 * Schedule → Settings: auto-approval, the calendar feed checked for conflicts and the weekly availability,
 * everything `PATCH /v1/users/{id}/settings` takes; with the mentor's stats below.
 */
export function MentorSettings({ showStats = true, className }: MentorSettingsProps) {
  const { messages } = useGreenlight();
  const settings = useSettings();
  const titleId = useId();
  return (
    <div className={className}>
      <section className="gl-root gl-settings" aria-labelledby={titleId}>
        <h2 id={titleId}>{messages.settingsTitle}</h2>
        {settings.data ? (
          <>
            <AutoApproveSwitch />
            <div className="gl-section">
              <CalendarFeedField />
            </div>
            <div className="gl-section">
              <AvailabilityEditor />
            </div>
          </>
        ) : (
          <QueryState isPending={settings.isPending} error={settings.error} refetch={settings.refetch} />
        )}
      </section>
      {showStats ? <MentorStatsPanel /> : null}
    </div>
  );
}
