/**
 * The wire contract of the Greenlight platform API (API.md) as zod schemas.
 * Imports nothing but zod, so clients (the SDK, browsers) can use it without the domain.
 */

export * from './contract/action-links';
export * from './contract/booking-list';
export * from './contract/bookings';
export * from './contract/delegation';
export * from './contract/errors';
export * from './contract/integrations';
export * from './contract/messages';
export * from './contract/notifications';
export * from './contract/primitives';
export * from './contract/signature';
export * from './contract/users';
export * from './contract/web-app';
export * from './contract/webhooks';
