export { SmtpEmailNotifier, type SmtpEmailNotifierOptions } from './smtp-notifier';
export {
  type BookingAction,
  type EmailAttachment,
  type EmailContent,
  escapeHtml,
  type RenderedEmail,
  type RenderOptions,
  renderEmail,
  TEMPLATES,
} from './templates';
