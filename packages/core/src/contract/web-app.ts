import * as z from 'zod';
import { Id, Timestamp } from './primitives';

/**
 * The served web app's shapes (`/app/…`): not part of the platform API under `/v1`, but read by the app in the
 * browser, so they live beside the API's.
 */

export const DemoUserRole = z.enum(['mentor', 'mentee']);
export type DemoUserRole = z.infer<typeof DemoUserRole>;

export const DemoUser = z.object({ id: Id, name: z.string(), role: DemoUserRole });
export type DemoUser = z.infer<typeof DemoUser>;

/** `GET /app/config.json`: what the app needs to know before anyone has signed in. */
export const WebAppConfig = z.object({
  /**
   * Where a person goes back to the platform to sign in again (GREENLIGHT_APP_RETURN_URL); the app adds
   * `next=<the app path they were on>`. Null when the server was not told.
   */
  returnUrl: z.url().nullable(),
  /** What the app calls the platform in "Return to …" (GREENLIGHT_APP_PLATFORM_NAME); null: "your platform". */
  platformName: z.string().nullable(),
  /** The people a demo server lets anyone sign in as; null on every other server. */
  demo: z.object({ users: z.array(DemoUser) }).nullable(),
});
export type WebAppConfig = z.infer<typeof WebAppConfig>;

/** `POST /app/demo/sign-in`: sign in as one of the demo people (demo servers only). */
export const DemoSignInBody = z.strictObject({ userId: Id });
export type DemoSignInBody = z.infer<typeof DemoSignInBody>;

/** A user JWT for the app, as a platform would hand it over in `#token=`. */
export const DemoSession = z.object({ token: z.string(), userId: Id, expiresAt: Timestamp });
export type DemoSession = z.infer<typeof DemoSession>;
