export {
  parseSignatureHeader,
  SIGNATURE_HEADER,
  signWebhookPayload,
  verifyWebhook,
  WebhookSignatureError,
} from '@greenlight/core';
export { HttpWebhookSender, type HttpWebhookSenderOptions, WEBHOOK_USER_AGENT } from './http-sender';
