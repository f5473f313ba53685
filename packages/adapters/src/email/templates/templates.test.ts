import type { Booking, BookingReview, NotificationKind, OutgoingNotification, Role } from '@greenlight/core';
import { NotificationKind as NotificationKinds } from '@greenlight/core';
import { describe, expect, it } from 'vitest';
import { booking, mentee, mentor, user } from '../../../test/fixtures/integrations';
import { renderEmail } from './index';

const MENTOR_TIME = 'Tue 1 Dec 2026, 16:00 CET (Europe/Berlin)';
const MENTEE_TIME = 'Tue 1 Dec 2026, 10:00 EST (America/New_York)';
const options = { publicUrl: 'https://app.example.com' };

function notification(
  kind: NotificationKind,
  role: Role,
  overrides: Partial<Booking> = {},
): OutgoingNotification {
  return {
    kind,
    role,
    recipient: role === 'mentor' ? mentor : mentee,
    mentor,
    mentee,
    booking: booking(overrides),
  };
}

const approved: Partial<Booking> = {
  status: 'approved',
  version: 3,
  meeting: { provider: 'zoom', status: 'ready', id: '857', joinUrl: 'https://zoom.us/j/857?pwd=x' },
  calendarLinks: {
    google: 'https://calendar.google.com/calendar/render?action=TEMPLATE&text=x',
    yahoo: 'https://calendar.yahoo.com/?v=60&title=x',
    outlook: 'https://outlook.live.com/calendar/0/action/compose?subject=x',
    office365: 'https://outlook.office.com/calendar/0/action/compose?subject=x',
    ics: 'https://api.example.com/v1/bookings/bkg_01TEST/calendar.ics',
  },
};

const review: BookingReview = {
  startInMentorTimezone: '2026-12-01T16:00:00+01:00',
  endInMentorTimezone: '2026-12-01T17:00:00+01:00',
  mentorTimezone: 'Europe/Berlin',
  menteeTimezone: 'America/New_York',
  mentee: {
    id: mentee.id,
    name: mentee.name,
    photoUrl: mentee.photoUrl,
    history: {
      priorSessions: 3,
      totalSpend: { amount: 15000, currency: 'USD' },
      averageRatingGiven: 2.3,
      reviewsGiven: 4,
      noShowReports: 1,
      missedSessions: 0,
    },
  },
  redFlags: [
    {
      code: 'low_ratings_given',
      detail: 'Rates mentors low: 2.3 of 5 on average over 4 reviews.',
      evidence: ['average rating given: 2.3 / 5'],
    },
    { code: 'no_show_reports', detail: 'Has reported a mentor no-show once before.' },
  ],
  conflicts: [
    {
      source: 'ical',
      start: '2026-12-01T15:30:00.000Z',
      end: '2026-12-01T16:30:00.000Z',
      summary: 'Dentist',
    },
  ],
  calendars: [
    { source: 'ical', status: 'ok' },
    { source: 'google', status: 'unknown', detail: 'primary: notFound' },
  ],
};

describe('renderEmail', () => {
  it('has a template for every notification kind, each with subject, text and HTML', () => {
    for (const kind of NotificationKinds.options) {
      for (const role of ['mentor', 'mentee'] as const) {
        const email = renderEmail(notification(kind, role, approved), options);
        expect(email.subject.length, `${kind} ${role}`).toBeGreaterThan(5);
        expect(email.text).toContain(`Hi ${role === 'mentor' ? 'Ada Mentor' : 'Max <Mentee>'},`);
        expect(email.html).toMatch(/^<!doctype html>/);
      }
    }
  });

  describe('booking request to the mentor', () => {
    it('shows every field of the pending view in the mentor time zone, with links to act', () => {
      const email = renderEmail(notification('booking_requested', 'mentor'), { ...options, review });
      expect(email.subject).toBe(`New booking request from Max <Mentee>: ${MENTOR_TIME}`);
      for (const part of [email.text, email.html]) {
        expect(part).toContain(MENTOR_TIME);
        expect(part).toContain(MENTEE_TIME);
        expect(part).toContain('60 minutes');
        expect(part).toContain('Career chat');
        expect(part).toContain('$50.00');
        expect(part).toContain('$150.00');
        expect(part).toContain('2.3 / 5');
        expect(part).toContain('Rates mentors low');
        expect(part).toContain('no-show once');
        expect(part).toContain('Dentist');
        expect(part).toContain('primary: notFound');
        expect(part).toContain('https://img.example.com/max.png');
        expect(part).toContain('https://app.example.com/bookings/bkg_01TEST?action=approve');
        expect(part).toContain('https://app.example.com/bookings/bkg_01TEST?action=reject');
        expect(part).toContain('https://app.example.com/bookings/bkg_01TEST?action=suggest');
        expect(part).toContain('Sat 21 Nov 2026, 11:00 CET (Europe/Berlin)');
      }
      expect(email.text).toContain('Hi! I would like to talk about <b>system design</b> & interviews.');
      expect(email.text).toMatch(/Prior sessions:\s+3/);
      expect(email.html).toContain('Prior sessions</td><td>3</td>');
      expect(email.attachments).toEqual([]);
    });

    it('escapes everything the users wrote in the HTML', () => {
      const email = renderEmail(notification('booking_requested', 'mentor'), options);
      expect(email.html).toContain(
        'Hi! I would like to talk about &lt;b&gt;system design&lt;/b&gt; &amp; interviews.',
      );
      expect(email.html).toContain('Max &lt;Mentee&gt;');
      expect(email.html).not.toContain('<b>system design</b>');
      expect(email.html).not.toContain('Max <Mentee>');
    });

    it('without a review, still shows the rating history and the red flags core detects', () => {
      const rude = user({ ...mentee, stats: { averageRatingGiven: 1.5, reviewsGiven: 6, noShowReports: 0 } });
      const email = renderEmail({ ...notification('booking_requested', 'mentor'), mentee: rude }, options);
      expect(email.text).toContain('1.5 / 5');
      expect(email.text).toContain('Rates mentors low: 1.5 of 5');
      expect(email.text).not.toContain('Prior sessions');
      expect(email.text).toContain('Open the booking for their prior sessions and total spend.');
    });

    it('never turns a javascript: photo URL into an image or link', () => {
      const sneaky = user({ ...mentee, photoUrl: 'javascript:alert(1)' });
      const email = renderEmail({ ...notification('booking_requested', 'mentor'), mentee: sneaky }, options);
      expect(email.html).not.toContain('javascript:');
    });
  });

  describe('approval', () => {
    it('gives the mentee the meeting link, every calendar link and an .ics invite, in the mentee zone', () => {
      const email = renderEmail(notification('booking_approved', 'mentee', approved), options);
      expect(email.subject).toBe(`Confirmed: Career chat with Ada Mentor, ${MENTEE_TIME}`);
      for (const part of [email.text, email.html]) {
        expect(part).toContain(MENTEE_TIME);
        expect(part).not.toContain(MENTOR_TIME);
        expect(part).toContain('Ada Mentor approved your booking');
        for (const url of Object.values(approved.calendarLinks!))
          expect(part).toContain(url.replace(/&/g, part === email.html ? '&amp;' : '&'));
      }
      expect(email.text).toContain('Join the meeting: https://zoom.us/j/857?pwd=x');
      expect(email.html).toContain('href="https://zoom.us/j/857?pwd=x"');
      expect(email.attachments).toHaveLength(1);
      const [ics] = email.attachments;
      expect(ics!.filename).toBe('invite.ics');
      expect(ics!.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
      expect(ics!.content).toContain('DTSTART:20261201T150000Z');
      expect(ics!.content).toContain('UID:bkg_01TEST@greenlight');
      expect(ics!.content).toContain('STATUS:CONFIRMED');
    });

    it('tells the mentor the session is in their upcoming sessions, in the mentor zone', () => {
      const email = renderEmail(notification('booking_approved', 'mentor', approved), options);
      expect(email.text).toContain(MENTOR_TIME);
      expect(email.text).toContain('It is now in your upcoming sessions');
    });

    it('says the link follows when the meeting is not ready yet', () => {
      const email = renderEmail(
        notification('booking_approved', 'mentee', {
          ...approved,
          meeting: { provider: 'zoom', status: 'failed' },
        }),
        options,
      );
      expect(email.text).toContain('could not be created yet');
      expect(email.text).not.toContain('Join the meeting');
    });
  });

  it('shows the rejection reason as written, its category, and the refund', () => {
    const email = renderEmail(
      notification('booking_rejected', 'mentee', {
        status: 'rejected',
        rejection: { reason: 'I am travelling <that> week & cannot prepare', category: 'schedule_conflict' },
        refund: { status: 'pending', amount: 5000, currency: 'USD' },
      }),
      options,
    );
    expect(email.text).toContain('> I am travelling <that> week & cannot prepare');
    expect(email.text).toContain('Schedule conflict');
    expect(email.text).toContain('$50.00 is being refunded');
    expect(email.html).toContain('I am travelling &lt;that&gt; week &amp; cannot prepare');
  });

  it('shows the suggested time with links to accept, decline or propose another', () => {
    const email = renderEmail(
      notification('alternative_suggested', 'mentee', {
        status: 'alternative_suggested',
        proposal: {
          start: '2026-12-02T17:00:00.000Z',
          end: '2026-12-02T18:00:00.000Z',
          by: 'mentor',
          createdAt: '2026-11-20T11:00:00.000Z',
        },
      }),
      options,
    );
    expect(email.subject).toBe(
      'Ada Mentor suggested another time: Wed 2 Dec 2026, 12:00 EST (America/New_York)',
    );
    expect(email.text).toMatch(/You asked for:\s+Tue 1 Dec 2026, 10:00 EST/);
    for (const action of ['accept', 'decline', 'counter']) {
      expect(email.text).toContain(`https://app.example.com/bookings/bkg_01TEST?action=${action}`);
    }
  });

  it('asks the mentor to answer a counter-proposal', () => {
    const email = renderEmail(notification('counter_proposed', 'mentor'), options);
    expect(email.subject).toBe(`Max <Mentee> proposed another time: ${MENTOR_TIME}`);
    expect(email.text).toContain('?action=approve');
  });

  it('gives the mentee reason of a declined proposal', () => {
    const email = renderEmail(
      notification('proposal_declined', 'mentor', {
        status: 'declined',
        history: [
          {
            at: '2026-11-21T10:00:00.000Z',
            actor: mentee.id,
            event: 'DECLINE_PROPOSAL',
            reason: 'Too late for me',
          },
        ],
      }),
      options,
    );
    expect(email.text).toContain('> Too late for me');
  });

  it('tells the mentee an expired booking is refunded, and the mentor why answering matters', () => {
    const expired = {
      status: 'expired' as const,
      refund: { status: 'succeeded' as const, amount: 5000, currency: 'USD', id: 're_1' },
    };
    expect(renderEmail(notification('booking_expired', 'mentee', expired), options).text).toContain(
      '$50.00 has been refunded',
    );
    expect(renderEmail(notification('booking_expired', 'mentor', expired), options).text).toContain(
      'within 24 hours',
    );
  });

  it('cancels with the reason, the refund and a METHOD:CANCEL invite', () => {
    const email = renderEmail(
      notification('booking_cancelled', 'mentee', {
        ...approved,
        status: 'cancelled',
        cancellation: { by: 'mentor', reason: 'Family emergency', at: '2026-11-25T10:00:00.000Z' },
        refund: { status: 'pending', amount: 5000, currency: 'USD' },
      }),
      options,
    );
    expect(email.text).toContain('Ada Mentor cancelled the session');
    expect(email.text).toContain('> Family emergency');
    expect(email.text).toContain('$50.00 is being refunded');
    expect(email.attachments[0]!.content).toContain('METHOD:CANCEL');
    expect(email.attachments[0]!.contentType).toContain('method=CANCEL');
  });

  it('says a free booking has nothing to refund', () => {
    const email = renderEmail(
      notification('booking_rejected', 'mentee', {
        status: 'rejected',
        price: { amount: 0, currency: 'USD' },
        rejection: { reason: 'Outside my expertise area', category: 'other' },
      }),
      options,
    );
    expect(email.text).toContain('Nothing was charged');
  });

  it('sends the meeting link when it becomes ready, the refund with its reference, and the reminder with its deadline', () => {
    expect(renderEmail(notification('meeting_ready', 'mentee', approved), options).text).toContain(
      'https://zoom.us/j/857?pwd=x',
    );
    const refund = renderEmail(
      notification('refund_issued', 'mentee', {
        status: 'rejected',
        refund: { status: 'succeeded', amount: 2500, currency: 'EUR', id: 're_9' },
      }),
      options,
    );
    expect(refund.subject).toBe('Refund: €25.00 for your booking with Ada Mentor');
    expect(refund.text).toContain('re_9');
    const reminder = renderEmail(notification('response_due', 'mentor'), options);
    expect(reminder.text).toContain('by Sat 21 Nov 2026, 11:00 CET (Europe/Berlin)');
  });

  it('links each action to its signed link when one is given, and everything else to the booking page', () => {
    const signed = {
      approve: 'https://api.example.com/actions/tok-approve',
      reject: 'https://api.example.com/actions/tok-reject',
      suggest: 'https://api.example.com/actions/tok-suggest',
    };
    const email = renderEmail(notification('booking_requested', 'mentor'), {
      ...options,
      actionLinks: signed,
    });
    expect(email.text).toContain('Approve: https://api.example.com/actions/tok-approve');
    expect(email.text).toContain('Reject: https://api.example.com/actions/tok-reject');
    expect(email.text).toContain('Suggest another time: https://api.example.com/actions/tok-suggest');
    expect(email.html).toContain('href="https://api.example.com/actions/tok-approve"');
    expect(email.text).not.toContain('?action=');

    // An action without a signed link falls back to the booking page; "view" never takes a signed link.
    const confirmed = renderEmail(notification('booking_approved', 'mentee', approved), {
      ...options,
      actionLinks: { approve: 'https://api.example.com/actions/unused' },
    });
    expect(confirmed.text).toContain(
      'Cancel this session: https://app.example.com/bookings/bkg_01TEST?action=cancel',
    );
    expect(confirmed.text).toContain('View booking: https://app.example.com/bookings/bkg_01TEST\n');
    expect(confirmed.text).not.toContain('/actions/unused');
  });

  it('lets either side cancel a confirmed session from its confirmation', () => {
    for (const role of ['mentee', 'mentor'] as const) {
      const email = renderEmail(notification('booking_approved', role, approved), {
        ...options,
        actionLinks: { cancel: `https://api.example.com/actions/tok-cancel-${role}` },
      });
      expect(email.text).toContain(`Cancel this session: https://api.example.com/actions/tok-cancel-${role}`);
    }
  });

  it('quotes every unread message of a digest in the recipient zone, the tone check for the mentor, escaped', () => {
    const at = (minute: number) => `2026-11-20T15:${String(minute).padStart(2, '0')}:00.000Z`;
    const message = (i: number, body: string, flagged = false) => ({
      id: `msg_${i}`,
      bookingId: 'bkg_01TEST',
      authorId: mentee.id,
      from: 'mentee' as const,
      body,
      createdAt: at(i),
      readAt: null,
      redFlags: flagged
        ? [{ code: 'rude_message' as const, detail: 'The message contains one offensive or insulting word.' }]
        : [],
    });
    const email = renderEmail(
      {
        ...notification('message_posted', 'mentor'),
        messages: [message(1, 'Is <b>system design</b> OK?'), message(2, 'Answer me, idiot', true)],
      },
      options,
    );
    expect(email.subject).toBe(`Max <Mentee> sent you 2 new messages about Career chat, ${MENTOR_TIME}`);
    expect(email.text).toContain('Fri 20 Nov 2026, 16:01 CET (Europe/Berlin)\n> Is <b>system design</b> OK?');
    expect(email.text).toContain('- The message contains one offensive or insulting word.');
    expect(email.text).toContain('Read and reply: https://app.example.com/bookings/bkg_01TEST');
    expect(email.html).toContain('Is &lt;b&gt;system design&lt;/b&gt; OK?');
    expect(email.html).not.toContain('<b>system design');

    const many = renderEmail(
      {
        ...notification('message_posted', 'mentee'),
        messages: Array.from({ length: 12 }, (_, i) => ({ ...message(i, `m${i}`), from: 'mentor' as const })),
      },
      options,
    );
    expect(many.text).toContain('> m9');
    expect(many.text).not.toContain('> m10');
    expect(many.text).toContain('And 2 more on the booking page.');
  });

  it('says which of the mentor’s rule sets approved a booking automatically, to both sides', () => {
    const history = [
      { at: '2026-11-20T09:00:00.000Z', actor: mentee.id, event: 'requested', to: 'pending' as const },
      {
        at: '2026-11-20T09:00:00.000Z',
        actor: mentee.id,
        event: 'auto_approved',
        from: 'pending' as const,
        to: 'approved' as const,
        rule: { id: 'returning', name: 'Returning mentees' },
      },
    ];
    const toMentor = renderEmail(
      notification('booking_approved', 'mentor', { ...approved, history }),
      options,
    );
    expect(toMentor.text).toContain("booking was approved automatically by your rule 'Returning mentees'");
    const toMentee = renderEmail(
      notification('booking_approved', 'mentee', { ...approved, history }),
      options,
    );
    expect(toMentee.text).toContain("approved automatically by Ada Mentor's rule 'Returning mentees'");
    expect(renderEmail(notification('booking_approved', 'mentor', approved), options).text).toContain(
      'You approved',
    );
  });

  it('tells the other side of a no-show report what was reported, the note, and the refund or the dispute', () => {
    const report = (by: 'mentor' | 'mentee', absent: 'mentor' | 'mentee', note: string) => ({
      by,
      actor: by === 'mentor' ? mentor.id : mentee.id,
      absent,
      note,
      at: '2026-12-01T17:00:00.000Z',
    });
    const stoodUp = {
      ...approved,
      status: 'no_show' as const,
      noShow: {
        absent: 'mentor' as const,
        disputed: false,
        reports: [report('mentor', 'mentor', 'I was <ill>')],
      },
      refund: { status: 'pending' as const, amount: 4500, currency: 'USD' },
    };
    const toMentee = renderEmail(notification('no_show_reported', 'mentee', stoodUp), options);
    expect(toMentee.text).toContain(
      `Ada Mentor reported that they did not come to the session on ${MENTEE_TIME}.`,
    );
    expect(toMentee.text).toContain('> I was <ill>');
    expect(toMentee.html).toContain('I was &lt;ill&gt;');
    expect(toMentee.text).toContain('$45.00 is being refunded');

    const missed = {
      ...stoodUp,
      noShow: {
        absent: 'mentee' as const,
        disputed: false,
        reports: [report('mentor', 'mentee', 'Never joined')],
      },
      refund: null,
    };
    const blamed = renderEmail(notification('no_show_reported', 'mentee', missed), options);
    expect(blamed.subject).toMatch(/^Reported as a no-show: /);
    expect(blamed.text).toContain('report what did on the booking page within 48 hours');

    const disputed = {
      ...missed,
      noShow: {
        absent: null,
        disputed: true,
        reports: [report('mentor', 'mentee', 'Never joined'), report('mentee', 'mentor', 'I was there')],
      },
    };
    expect(renderEmail(notification('no_show_reported', 'mentor', disputed), options).text).toContain(
      'the platform will look into it',
    );
  });

  it('uses a custom booking URL builder', () => {
    const email = renderEmail(notification('booking_requested', 'mentor'), {
      bookingUrl: (id, action) => `https://mentors.example.org/r/${id}/${action}`,
    });
    expect(email.text).toContain('https://mentors.example.org/r/bkg_01TEST/approve');
  });
});
