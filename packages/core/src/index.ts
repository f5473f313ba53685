export * from './calendar/ics';
export * from './calendar/links';
export { ManualClock, systemClock } from './clock';
export * from './contract';
export * from './deadlines';
export * from './effects';
export * from './errors';
export { createIdGenerator } from './ids';
export {
  bookingMachine,
  type NotifyParams,
  type RecordParams,
  type RefundParams,
  type WebhookParams,
} from './machine/booking-machine';
export type { ApprovalData, BookingEvent, BookingEventType, EventActor, EventBase } from './machine/events';
export {
  type BookingSnapshot,
  type BookingStateValue,
  type EffectAction,
  type Step,
  snapshotOf,
  stateValueOf,
  statusOf,
  step,
} from './machine/snapshot';
export { decodeCursor, encodeCursor } from './memory/cursor';
export { InMemoryStore } from './memory/in-memory-store';
export * from './policy/auto-approval';
export * from './policy/availability';
export * from './policy/cancellation';
export * from './policy/mentee-history';
export * from './policy/mentor-metrics';
export * from './policy/red-flags';
export * from './policy/time-format';
export { resolveWallTime } from './policy/wall-clock';
export { offsetAt } from './policy/zoned';
export * from './ports';
export { createRecordingPorts, type PortName, type RecordingPorts } from './testing/fakes';
export { bookingFixture, userFixture } from './testing/fixtures';
export { type Backoff, DEFAULT_BACKOFF, retryDelay } from './worker/backoff';
export {
  createEffectWorker,
  type EffectWorker,
  type EffectWorkerOptions,
  type EffectWorkerStats,
  WEBHOOK_FAILURE_LIMIT,
  type WorkerLogger,
} from './worker/effect-worker';
export {
  createScheduler,
  DEFAULT_PURGE_INTERVAL_MS,
  type PurgeSchedule,
  type Scheduler,
  type SchedulerOptions,
  type SchedulerRound,
} from './worker/scheduler';
export { type IcsUrlFor, icsUrlOf, withIcsUrl } from './workflow/booking-links';
export { createWorkflow } from './workflow/create-workflow';
export {
  canTakeEmailAction,
  EMAIL_ACTION_MAX_AGE_MS,
  emailActionExpiry,
  emailActionsFor,
  lastNegotiationChange,
  negotiationRound,
} from './workflow/email-actions';
export { currentSettings, DEFAULT_SETTINGS } from './workflow/load';
export { autoApprovalRuleOf } from './workflow/notification-text';
export {
  DEFAULT_EFFECT_RETENTION_MS,
  DEFAULT_IDEMPOTENCY_RETENTION_MS,
  PURGE_BATCH,
  type PurgeResult,
  purgeExpired,
  type RetentionOptions,
} from './workflow/sweep';
export * from './workflow/types';
