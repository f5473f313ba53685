import { MentorSettings } from '@greenlight/react';
import { PageHeading } from './page';

/** Schedule → Settings of the help article: auto-approval, the calendar feed, availability. */
export function SettingsPage() {
  return (
    <section className="page page-narrow">
      <PageHeading title="Settings" hidden>
        Settings
      </PageHeading>
      <MentorSettings />
    </section>
  );
}
