import { useId } from 'react';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSettings } from '../hooks/use-settings';
import { AutoApprovalRules } from './AutoApprovalRules';
import { AutoApproveSwitch } from './AutoApproveSwitch';
import { AvailabilityEditor } from './AvailabilityEditor';
import { CalendarFeedField } from './CalendarFeedField';
import { MentorAssistants } from './MentorAssistants';
import { MentorStatsPanel } from './MentorStatsPanel';
import { QueryState } from './QueryState';

export interface MentorSettingsProps {
  /** Show the read-only stats panel under the settings (default true). */
  showStats?: boolean;
  /** Show the assistants who may decide for the mentor, to add and remove them (default true). */
  showAssistants?: boolean;
  className?: string;
}

/**
 * Schedule → Settings: auto-approval (the switch that approves every booking, and rule sets that approve what they
 * describe), the calendar feed checked for conflicts and the weekly availability, everything
 * `PATCH /v1/users/{id}/settings` takes; the mentor's assistants; the mentor's stats below.
 */
export function MentorSettings({ showStats = true, showAssistants = true, className }: MentorSettingsProps) {
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
            <AutoApprovalRules />
            <div className="gl-section">
              <CalendarFeedField />
            </div>
            <div className="gl-section">
              <AvailabilityEditor />
            </div>
            {showAssistants ? <MentorAssistants /> : null}
          </>
        ) : (
          <QueryState isPending={settings.isPending} error={settings.error} refetch={settings.refetch} />
        )}
      </section>
      {showStats ? <MentorStatsPanel /> : null}
    </div>
  );
}
