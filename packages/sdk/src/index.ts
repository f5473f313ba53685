export type {
  ActionLink,
  ActionLinks,
  AutoApprovalRuleSet,
  Booking,
  BookingMessage,
  BookingReview,
  BookingStatus,
  BookingView,
  BookingWebhookEvent,
  BookingWebhookEventType,
  Channel,
  Conflict,
  EmailAction,
  ErrorCode,
  FieldError,
  HistoryEntry,
  MentorStats,
  MessagesRead,
  NoShow,
  NoShowReport,
  Notification,
  NotificationKind,
  Page,
  Problem,
  RejectionCategory,
  SlackDelivery,
  SlackDeliveryFailureReason,
  SlackInstallation,
  SlackInstallationRevokedEvent,
  SlackRevocation,
  SlackTeamAccess,
  UnreadMessages,
  User,
  UserSettings,
  WebhookEndpoint,
  WebhookEvent,
  WebhookEventType,
} from '@greenlight/core/contract';
export {
  isBookingEvent,
  WebhookSignatureError,
  type WebhookSignatureProblem,
} from '@greenlight/core/contract';
export { type CommonOptions, Greenlight, type GreenlightOptions } from './client';
export {
  AuthenticationError,
  CalendarConflictError,
  ConflictError,
  ConnectionError,
  GreenlightError,
  type GreenlightErrorCode,
  type GreenlightErrorInit,
  IdempotencyError,
  IdempotencyKeyInUseError,
  InvalidTransitionError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
  SlotConflictError,
  TimeoutError,
  ValidationError,
  VersionConflictError,
} from './errors';
export { CLIENT_CHANNELS, type ClientChannel, type RequestOptions, type TokenProvider } from './http';
export { PagedList, type PageFetcher } from './pagination';
export type {
  ActionLinksParams,
  ApproveParams,
  Bookings,
  CancelParams,
  CounterParams,
  CreateBookingParams,
  DeclineProposalParams,
  ListBookingsParams,
  RejectParams,
  ReportNoShowParams,
  SuggestParams,
  UpdateBookingParams,
} from './resources/bookings';
export type {
  ListMessagesParams,
  MarkMessagesReadParams,
  Messages,
  PostMessageParams,
} from './resources/messages';
export type { ListNotificationsParams, Notifications } from './resources/notifications';
export type {
  ClaimRefreshParams,
  PutSlackInstallationOptions,
  RevokeSlackInstallationParams,
  Slack,
  SlackInstallationParams,
  SlackInstallations,
  SlackTeamAccessParams,
} from './resources/slack';
export type {
  PutUserParams,
  SlackDeliveryParams,
  UpdateSettingsParams,
  UserSettingsResource,
  Users,
} from './resources/users';
export type {
  CreatedWebhookEndpoint,
  CreateWebhookEndpointParams,
  UpdateWebhookEndpointParams,
  WebhookEndpoints,
} from './resources/webhook-endpoints';
export type { VerifyOptions, Webhooks } from './resources/webhooks';
export type { AcceptDates } from './serialize';
