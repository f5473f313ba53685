import type { OutgoingNotification } from '@greenlight/core';
import { PortError } from '@greenlight/core';
import type { Attachment } from 'mailparser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { booking, ctx, mentee, mentor, rejectionOf } from '../../test/fixtures/integrations';
import { startSmtpServer, type TestSmtpServer } from '../../test/fixtures/smtp';
import { SmtpEmailNotifier } from './smtp-notifier';

let smtp: TestSmtpServer;
let notifier: SmtpEmailNotifier;

beforeAll(async () => {
  smtp = await startSmtpServer();
  notifier = new SmtpEmailNotifier({
    smtpUrl: smtp.url,
    from: 'Greenlight <bookings@greenlight.example>',
    publicUrl: 'https://app.example.com',
  });
});
afterAll(async () => {
  notifier.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.received.length = 0;
  smtp.rejectRecipients(null);
});

const approvedBooking = booking({
  status: 'approved',
  meeting: {
    provider: 'jitsi',
    status: 'ready',
    id: 'Greenlight-abc',
    joinUrl: 'https://meet.jit.si/Greenlight-abc',
  },
  calendarLinks: {
    google: 'https://calendar.google.com/calendar/render?action=TEMPLATE',
    yahoo: 'https://calendar.yahoo.com/?v=60',
    outlook: 'https://outlook.live.com/calendar/0/action/compose',
    office365: 'https://outlook.office.com/calendar/0/action/compose',
    ics: 'https://api.example.com/v1/bookings/bkg_01TEST/calendar.ics',
  },
});

const toMentee = (n: Partial<OutgoingNotification> = {}): OutgoingNotification => ({
  kind: 'booking_approved',
  role: 'mentee',
  recipient: mentee,
  mentor,
  mentee,
  booking: approvedBooking,
  ...n,
});

describe('SmtpEmailNotifier', () => {
  it('sends the approval to the mentee as text and HTML with the .ics invite attached', async () => {
    await notifier.send(toMentee(), ctx({ idempotencyKey: 'email:bkg_01TEST:v3:booking_approved:mentee' }));
    expect(smtp.received).toHaveLength(1);
    const [{ envelope, parsed }] = smtp.received as [(typeof smtp.received)[number]];
    expect(envelope).toEqual({ from: 'bookings@greenlight.example', to: ['max@example.com'] });
    expect(parsed.from?.value).toEqual([{ name: 'Greenlight', address: 'bookings@greenlight.example' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0] : null).toEqual({
      name: 'Max <Mentee>',
      address: 'max@example.com',
    });
    expect(parsed.subject).toBe(
      'Confirmed: Career chat with Ada Mentor, Tue 1 Dec 2026, 10:00 EST (America/New_York)',
    );
    expect(parsed.text).toContain('Join the meeting: https://meet.jit.si/Greenlight-abc');
    expect(parsed.html).toContain('href="https://meet.jit.si/Greenlight-abc"');
    expect(parsed.headers.get('x-greenlight-booking')).toBe('bkg_01TEST');
    expect(parsed.messageId).toMatch(/^<[0-9a-f]{32}@greenlight\.example>$/);

    const ics = parsed.attachments.find((a: Attachment) => a.filename === 'invite.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const content = ics!.content.toString('utf8');
    expect(content).toContain('BEGIN:VEVENT');
    expect(content).toContain('METHOD:REQUEST');
    expect(content).toContain('URL:https://meet.jit.si/Greenlight-abc');
  });

  it('gives a retried send the same Message-ID', async () => {
    const key = ctx({ idempotencyKey: 'email:k' });
    await notifier.send(toMentee(), key);
    await notifier.send(toMentee(), { ...key, attempt: 2 });
    expect(smtp.received[0]!.parsed.messageId).toBe(smtp.received[1]!.parsed.messageId);
  });

  it('sends the booking request to the mentor with the review the platform supplies', async () => {
    const withReview = new SmtpEmailNotifier({
      smtpUrl: smtp.url,
      from: 'bookings@greenlight.example',
      publicUrl: 'https://app.example.com',
      review: async (n) => ({
        startInMentorTimezone: n.booking.start,
        endInMentorTimezone: n.booking.end,
        mentorTimezone: n.mentor.timezone,
        menteeTimezone: n.mentee.timezone,
        mentee: {
          id: n.mentee.id,
          name: n.mentee.name,
          photoUrl: n.mentee.photoUrl,
          history: {
            priorSessions: 7,
            totalSpend: { amount: 35000, currency: 'USD' },
            averageRatingGiven: 4.5,
            reviewsGiven: 4,
            noShowReports: 0,
            missedSessions: 0,
          },
        },
        redFlags: [],
        conflicts: [],
        calendars: [],
      }),
    });
    await withReview.send(
      { kind: 'booking_requested', role: 'mentor', recipient: mentor, mentor, mentee, booking: booking() },
      ctx(),
    );
    withReview.close();
    const { envelope, parsed } = smtp.received[0]!;
    expect(envelope.to).toEqual(['ada@example.com']);
    expect(parsed.subject).toBe(
      'New booking request from Max <Mentee>: Tue 1 Dec 2026, 16:00 CET (Europe/Berlin)',
    );
    expect(parsed.text).toMatch(/Prior sessions:\s+7/);
    expect(parsed.text).toMatch(/Total spend:\s+\$350\.00/);
    expect(parsed.html).toContain('&lt;b&gt;system design&lt;/b&gt;');
    expect(parsed.attachments).toEqual([]);
  });

  it('links actions to the signed links it is given for each recipient', async () => {
    const asked: OutgoingNotification[] = [];
    const signing = new SmtpEmailNotifier({
      smtpUrl: smtp.url,
      from: 'bookings@greenlight.example',
      publicUrl: 'https://app.example.com',
      actionLinks: async (n) => {
        asked.push(n);
        return { approve: `https://api.example.com/actions/approve-for-${n.recipient.id}` };
      },
    });
    const request: OutgoingNotification = {
      kind: 'booking_requested',
      role: 'mentor',
      recipient: mentor,
      mentor,
      mentee,
      booking: booking(),
    };
    await signing.send(request, ctx());
    signing.close();
    expect(asked).toEqual([request]);
    const { parsed } = smtp.received[0]!;
    expect(parsed.text).toContain(`Approve: https://api.example.com/actions/approve-for-${mentor.id}`);
    expect(parsed.html).toContain(`href="https://api.example.com/actions/approve-for-${mentor.id}"`);
    expect(parsed.text).toContain('Reject: https://app.example.com/bookings/bkg_01TEST?action=reject');
  });

  it('fails retryably when the server says try later (4xx)', async () => {
    smtp.rejectRecipients(451, 'Temporary local problem');
    const error = await rejectionOf(notifier.send(toMentee(), ctx()));
    expect(error).toBeInstanceOf(PortError);
    expect(error).toMatchObject({ retryable: true, options: { status: 451 } });
  });

  it('fails permanently when the server refuses the recipient (5xx)', async () => {
    smtp.rejectRecipients(550, 'No such user');
    const error = await rejectionOf(notifier.send(toMentee(), ctx()));
    expect(error).toMatchObject({ retryable: false, options: { status: 550 } });
    expect((error as Error).message).toContain('No such user');
  });

  it('fails retryably when the server cannot be reached', async () => {
    const unreachable = new SmtpEmailNotifier({
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'a@b.example',
      publicUrl: 'https://x.example',
    });
    const error = await rejectionOf(unreachable.send(toMentee(), ctx()));
    unreachable.close();
    expect(error).toMatchObject({ retryable: true });
  });
});
