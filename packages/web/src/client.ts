import { Greenlight } from '@greenlight/sdk';

/** Thrown when the API refuses the session's token: the app shows the "session expired" page. */
export class SessionExpiredError extends Error {
  constructor() {
    super('your session has expired');
    this.name = 'SessionExpiredError';
  }
}

/**
 * The signed-in person's API client, on this origin. The app has no way to refresh a token (only the platform
 * can mint one), so a 401 ends the session: `onExpired` runs and the call fails. Every request says it comes
 * from the web, which the booking's history records.
 */
export function appClient(token: string, onExpired: () => void): Greenlight {
  return new Greenlight({
    baseUrl: window.location.origin,
    token: ({ refresh }) => {
      if (refresh) {
        onExpired();
        throw new SessionExpiredError();
      }
      return token;
    },
    channel: 'web',
  });
}
