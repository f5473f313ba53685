import type { Template } from './model';
import { compact, money, refundLine } from './shared';

/** To the mentee once the payment provider confirmed the refund. */
export const refundIssued: Template = (ctx) => {
  const { booking } = ctx.notification;
  const refund = booking.refund;
  const amount = refund ? money({ amount: refund.amount, currency: refund.currency }) : money(booking.price);
  return {
    subject: `Refund: ${amount} for your booking with ${ctx.other.name}`,
    intro: [refundLine(booking)],
    sections: [
      {
        heading: 'Refund',
        rows: compact<[string, string]>([
          ['Amount', amount],
          ['Booking', `${ctx.at(booking.start)} with ${ctx.other.name}`],
          refund?.id ? ['Reference', refund.id] : null,
        ]),
        lines: ['Depending on your bank, it can take 5 to 10 business days to appear on your statement.'],
      },
    ],
    actions: [{ label: 'View booking', url: ctx.link('view') }],
  };
};
