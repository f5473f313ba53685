export { SmtpEmailNotifier, type SmtpEmailNotifierOptions } from './smtp-notifier';
export {
  type ActionLinkMap,
  type BookingAction,
  type EmailAttachment,
  type EmailContent,
  type EmailLink,
  type EmailSection,
  escapeHtml,
  type RenderedEmail,
  type RenderOptions,
  renderEmail,
  TEMPLATES,
  type Template,
  type TemplateContext,
} from './templates';
