import type { EmailSection, Template } from './model';
import { sessionName } from './shared';

/** Messages quoted in one email; the rest are counted and read on the booking page. */
const SHOWN = 10;

/**
 * To one side, a few minutes after the other side's first unread message: every message still unread then, in
 * one email. The mentor also reads the tone check on the mentee's messages.
 */
export const messagePosted: Template = (ctx) => {
  const { booking } = ctx.notification;
  const messages = ctx.notification.messages ?? [];
  const count = messages.length;
  const what = count === 1 ? 'a new message' : count > 1 ? `${count} new messages` : 'new messages';
  const sections: EmailSection[] = messages.slice(0, SHOWN).map((message) => ({
    lines: [ctx.at(message.createdAt)],
    quote: message.body,
    ...(message.redFlags?.length ? { list: message.redFlags.map((flag) => flag.detail) } : {}),
  }));
  if (count > SHOWN) sections.push({ lines: [`And ${count - SHOWN} more on the booking page.`] });
  return {
    subject: `${ctx.other.name} sent you ${what} about ${sessionName(booking)}, ${ctx.at(booking.start)}`,
    intro: [
      `${ctx.other.name} wrote to you about the session on ${ctx.at(booking.start)}${count > 0 ? ':' : '.'}`,
    ],
    sections,
    actions: [{ label: 'Read and reply', url: ctx.link('view') }],
  };
};
