import { escapeHtml } from '@greenlight/adapters';
import {
  type ActionTokenUse,
  type Booking,
  type BookingReview,
  COMMON_REJECTION_REASONS,
  type Conflict,
  type HistoryEntry,
  isoInZone,
  type RejectionCategory,
  type Role,
  type User,
  zoneAbbreviation,
} from '@greenlight/core';
import type { EmailAction } from '@greenlight/core/contract';
import { ACTION_PAGE_CSS } from './styles';

/* ------------------------------------------------------------------ text helpers */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The local calendar date and clock time of an instant in `timezone`. */
function local(iso: string, timezone: string): { date: string; time: string; day: string } {
  const zoned = isoInZone(new Date(iso), timezone);
  const [y, m, d] = zoned.slice(0, 10).split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
  return {
    date: zoned.slice(0, 10),
    time: zoned.slice(11, 16),
    day: `${weekday} ${d} ${MONTHS[m - 1]} ${y}`,
  };
}

/** "Tuesday 1 Dec 2026, 16:00–17:00 CET", both ends in `timezone`. */
export function timeRange(start: string, end: string, timezone: string): string {
  const a = local(start, timezone);
  const b = local(end, timezone);
  const zone = zoneAbbreviation(new Date(start), timezone);
  if (a.date === b.date) return `${a.day}, ${a.time}–${b.time} ${zone}`;
  return `${a.day}, ${a.time} – ${b.day}, ${b.time} ${zone}`;
}

/** "Tuesday 1 Dec 2026, 16:00 CET". */
export function moment(iso: string, timezone: string): string {
  const a = local(iso, timezone);
  return `${a.day}, ${a.time} ${zoneAbbreviation(new Date(iso), timezone)}`;
}

/** The value of a `datetime-local` input showing `iso` in `timezone`. */
export function localInputValue(iso: string, timezone: string): string {
  const a = local(iso, timezone);
  return `${a.date}T${a.time}`;
}

export function money(amount: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "just now", "5 minutes ago", "yesterday", "3 days ago". */
export function ago(iso: string, now: Date): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  if (seconds > -45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes > -60) return relative.format(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours > -24) return relative.format(hours, 'hour');
  return relative.format(Math.round(hours / 24), 'day');
}

const CHANNEL_PHRASE: Record<string, string> = {
  slack: ' on Slack',
  email: ' from an email link',
  web: ' in the web app',
  api: '',
};

/** The people of a booking and who is reading the page. */
export interface Parties {
  mentor: User;
  mentee: User;
  recipient: User;
  role: Role;
}

function otherOf(p: Parties): User {
  return p.role === 'mentor' ? p.mentee : p.mentor;
}

function nameOf(actorId: string, booking: Booking, p: Parties): string {
  if (actorId === p.recipient.id) return 'You';
  if (actorId === booking.mentorId) return p.mentor.name;
  if (actorId === booking.menteeId) return p.mentee.name;
  return 'The platform';
}

/**
 * What last happened to the negotiation, in one sentence: "Ada Mentor approved this on Slack 5 minutes ago."
 * Made from the history's actor and channel.
 */
export function whatHappened(entry: HistoryEntry | null, booking: Booking, p: Parties, now: Date): string {
  if (!entry) return 'This booking has changed since this email was sent.';
  const when = ago(entry.at, now);
  const zone = p.recipient.timezone;
  if (entry.actor === 'system') {
    if (entry.event === 'expired') return `This booking expired ${when}: it was not agreed in time.`;
    if (entry.event === 'completed') return `This session took place; it was completed ${when}.`;
    return `This booking changed ${when}.`;
  }
  const who = nameOf(entry.actor, booking, p);
  const where = entry.channel ? (CHANNEL_PHRASE[entry.channel] ?? '') : '';
  const at = entry.start ? ` (${moment(entry.start, zone)})` : '';
  const verbs: Record<string, string> = {
    approved: 'approved this',
    auto_approved: 'booked this, and it was approved automatically',
    rejected: 'rejected this',
    alternative_suggested: `suggested another time${at}`,
    counter_proposed: `proposed another time${at}`,
    proposal_accepted: 'accepted the suggested time',
    proposal_declined: 'declined the suggested time',
    cancelled: 'cancelled this booking',
    requested: 'requested this session',
  };
  return `${who} ${verbs[entry.event] ?? 'changed this booking'}${where} ${when}.`;
}

const STATUS_TEXT: Record<Booking['status'], string> = {
  pending: 'waiting for the mentor’s answer',
  alternative_suggested: 'waiting for the mentee to answer a suggested time',
  approved: 'confirmed',
  rejected: 'rejected',
  declined: 'declined',
  expired: 'expired',
  cancelled: 'cancelled',
  completed: 'completed',
  no_show: 'over: someone was reported absent',
};

const ACTION_VERB: Record<EmailAction, string> = {
  approve: 'approved',
  reject: 'rejected',
  suggest: 'suggested another time for',
  accept: 'accepted the suggested time of',
  decline: 'declined the suggested time of',
  counter: 'proposed another time for',
  cancel: 'cancelled',
};

/* ------------------------------------------------------------------ HTML pieces */

const h = escapeHtml;

const ICONS = {
  done: '<path d="M5 12.5l4.2 4.2L19 7" stroke="currentColor" stroke-width="2.4" fill="none" stroke-linecap="round" stroke-linejoin="round"/>',
  warn: '<path d="M12 7v6" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/><circle cx="12" cy="17" r="1.5" fill="currentColor"/>',
  stop: '<path d="M7.5 7.5l9 9M16.5 7.5l-9 9" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
  info: '<circle cx="12" cy="7.5" r="1.5" fill="currentColor"/><path d="M12 11v6" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/>',
} as const;
type Tone = keyof typeof ICONS;

function icon(tone: Tone): string {
  return `<div class="icon icon-${tone}" aria-hidden="true"><svg width="24" height="24" viewBox="0 0 24 24">${ICONS[tone]}</svg></div>`;
}

const BRAND =
  '<svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true"><circle cx="11" cy="11" r="11" fill="#1a7f37"/><path d="M6.5 11.3l3 3 6-6.3" stroke="#fff" stroke-width="2.2" fill="none" stroke-linecap="round" stroke-linejoin="round"/></svg>';

export interface Layout {
  title: string;
  /** The card's content. */
  body: string;
  productName?: string;
  /** Under the card, e.g. why this page exists. */
  foot?: string;
}

/** A whole page: one card, the inline stylesheet, nothing that loads from anywhere. */
export function layout(page: Layout): string {
  const product = page.productName ?? 'Greenlight';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${h(page.title)} · ${h(product)}</title>`,
    `<style>${ACTION_PAGE_CSS}</style>`,
    '</head>',
    '<body>',
    '<main class="page">',
    `<div class="brand">${BRAND}<span>${h(product)}</span></div>`,
    `<div class="card">${page.body}</div>`,
    `<p class="foot">${page.foot ?? `You opened a link from a ${h(product)} email. It only works for you; please do not forward it.`}</p>`,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

function heading(tone: Tone | null, title: string, lead: string, eyebrow?: string): string {
  return [
    tone ? icon(tone) : '',
    eyebrow ? `<p class="eyebrow">${h(eyebrow)}</p>` : '',
    `<h1>${h(title)}</h1>`,
    lead ? `<p class="lead">${lead}</p>` : '',
  ].join('');
}

/** Definition list of label/value pairs; values are HTML already escaped. */
function facts(rows: Array<[string, string] | null>): string {
  const items = rows.filter((r): r is [string, string] => r !== null);
  return `<dl class="facts">${items.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function linkButton(href: string, label: string, kind: 'primary' | 'secondary' = 'secondary'): string {
  return `<a class="btn btn-${kind}" href="${h(href)}">${h(label)}</a>`;
}

/* ------------------------------------------------------------------ the booking's essentials */

export interface Essentials {
  booking: Booking;
  parties: Parties;
  review?: BookingReview | undefined;
}

/** Who, when (in the recipient's zone, and the mentee's for the mentor), how long, what it costs. */
function essentials({ booking, parties }: Essentials, options: { proposal?: boolean } = {}): string {
  const zone = parties.recipient.timezone;
  const other = otherOf(parties);
  const when = `${h(timeRange(booking.start, booking.end, zone))}<span class="sub">${h(zone)}</span>`;
  const menteeZone = parties.mentee.timezone;
  const theirs =
    parties.role === 'mentor' && menteeZone !== zone
      ? `${h(timeRange(booking.start, booking.end, menteeZone))}<span class="sub">${h(menteeZone)}</span>`
      : null;
  const proposal = options.proposal && booking.proposal ? booking.proposal : null;
  const price = booking.price.amount === 0 ? 'Free' : money(booking.price.amount, booking.price.currency);
  return facts([
    [parties.role === 'mentor' ? 'Mentee' : 'Mentor', h(other.name)],
    proposal
      ? [
          'Suggested time',
          `${h(timeRange(proposal.start, proposal.end, zone))}<span class="sub">${h(zone)}</span>`,
        ]
      : null,
    [proposal ? 'You asked for' : 'When', proposal ? `<span class="was">${when}</span>` : when],
    theirs ? [`${parties.mentee.name.split(' ')[0]}’s time`, theirs] : null,
    [
      'Duration',
      `${booking.durationMinutes} minutes · ${h(booking.sessionType?.name ?? 'Mentoring session')}`,
    ],
    [parties.role === 'mentor' ? 'Price paid' : 'Price', h(price)],
  ]);
}

function message(booking: Booking, parties: Parties): string {
  if (!booking.message?.trim()) return '';
  const from = parties.role === 'mentor' ? 'Their message' : 'Your message';
  return `<p class="quote-label">${from}</p><blockquote class="quote">${h(booking.message)}</blockquote>`;
}

const UNREADABLE = 'calendar could not be read';

/** A calendar source as people write it ("iCal", "Google"), not as the adapters name it. */
const SOURCE_NAMES: Record<string, string> = { ical: 'iCal', google: 'Google' };
const sourceName = (source: string) => SOURCE_NAMES[source] ?? source;

function conflictLine(c: Conflict, zone: string): string {
  if (c.summary?.startsWith(UNREADABLE)) return `Your ${sourceName(c.source)} ${c.summary}`;
  const what =
    c.source === 'greenlight' ? 'Another approved session' : `Busy in your ${sourceName(c.source)} calendar`;
  return `${what}${c.summary ? ` (${c.summary})` : ''}: ${timeRange(c.start, c.end, zone)}`;
}

/** The red flags of the mentor's review, with their evidence, as the request email shows them. */
function redFlags(review: BookingReview | undefined): string {
  if (!review || review.redFlags.length === 0) return '';
  const flags = review.redFlags.map(
    (f) => `<li>${h(f.detail)}${f.evidence?.length ? ` (${h(f.evidence.join(', '))})` : ''}</li>`,
  );
  return `<h2>Red flags</h2><ul class="plain">${flags.join('')}</ul>`;
}

function calendarAlert(conflicts: Conflict[], zone: string, anyway: string): string {
  const lines = conflicts.map((c) => `<li>${h(conflictLine(c, zone))}</li>`).join('');
  return `<div class="alert alert-warn" role="status"><p><strong>Your calendar shows you busy at this time</strong>, or could not be checked.</p><ul>${lines}</ul><p>${h(anyway)}</p></div>`;
}

/* ------------------------------------------------------------------ forms */

export interface FormState {
  /** What the person typed, kept when the form comes back with an error. */
  values?: { reason?: string; category?: string; start?: string; message?: string };
  /** Field errors by field name (`reason`, `start`). */
  errors?: Record<string, string>;
  /** Conflicts the API reported for the time asked for, overridable with "anyway". */
  calendarConflicts?: Conflict[];
  /** Another approved session overlaps: never overridable. */
  slotConflicts?: Conflict[];
}

export interface FormPage extends Essentials {
  action: EmailAction;
  csrf: string;
  state: FormState;
  /** The mentor's availability in words, for the time pickers. */
  availability?: string;
  /** Refund the mentee would get from a cancellation now, in minor units, and the policy's full-refund notice. */
  cancellation?: { refund: number; fullRefundHours: number };
  /** Signed links for the recipient's other actions, offered under the form. */
  others: Partial<Record<EmailAction, string>>;
  appUrl: string;
  now: Date;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${h(name)}" value="${h(value)}">`;
}

function submit(label: string, kind: 'primary' | 'danger' | 'secondary' = 'primary', extra = ''): string {
  return `<button class="btn btn-${kind}" type="submit"${extra}>${h(label)}</button>`;
}

function errorOf(state: FormState, field: string): { attrs: string; html: string } {
  const message = state.errors?.[field];
  if (!message) return { attrs: '', html: '' };
  return {
    attrs: ` aria-invalid="true"`,
    html: `<p class="error" id="${field}-error">${h(message)}</p>`,
  };
}

function describedBy(field: string, state: FormState, hint: boolean): string {
  const ids = [hint ? `${field}-hint` : null, state.errors?.[field] ? `${field}-error` : null].filter(
    Boolean,
  );
  return ids.length > 0 ? ` aria-describedby="${ids.join(' ')}"` : '';
}

function textarea(
  field: 'reason' | 'message',
  label: string,
  hint: string,
  state: FormState,
  required: boolean,
): string {
  const error = errorOf(state, field);
  const value = state.values?.[field] ?? '';
  return `<div class="field"><label for="${field}">${h(label)}</label><p class="hint" id="${field}-hint">${h(hint)}</p><textarea id="${field}" name="${field}" rows="4" maxlength="1000"${required ? ' required' : ''}${error.attrs}${describedBy(field, state, true)}>${h(value)}</textarea>${error.html}</div>`;
}

function timePicker(label: string, hint: string, zone: string, state: FormState, now: Date): string {
  const error = errorOf(state, 'start');
  const value = state.values?.start ?? '';
  // The step counts from `min`, so `min` sits on a quarter hour for the quarter hours to be valid times.
  const quarter = 15 * 60_000;
  const min = localInputValue(new Date(Math.floor(now.getTime() / quarter) * quarter).toISOString(), zone);
  return `<div class="field"><label for="start">${h(label)}</label><p class="hint" id="start-hint">${h(hint)}</p><input type="datetime-local" id="start" name="start" required step="900" min="${h(min)}" value="${h(value)}"${error.attrs}${describedBy('start', state, true)}>${error.html}</div>`;
}

function slotAlert(conflicts: Conflict[], zone: string, what: string): string {
  const lines = conflicts.map((c) => `<li>${h(conflictLine(c, zone))}</li>`).join('');
  return `<div class="alert alert-stop" role="alert"><p><strong>You already have an approved session at this time.</strong> ${h(what)}</p><ul>${lines}</ul></div>`;
}

const OTHER_LABELS: Partial<Record<EmailAction, string>> = {
  approve: 'Approve',
  reject: 'Reject',
  suggest: 'Suggest another time',
  accept: 'Accept the suggested time',
  decline: 'Decline',
  counter: 'Propose another time',
};

function othersLine(page: FormPage): string {
  const links = Object.entries(page.others)
    .filter(
      ([action]) => action !== page.action && action !== 'cancel' && OTHER_LABELS[action as EmailAction],
    )
    .map(([action, href]) => `<a href="${h(href!)}">${h(OTHER_LABELS[action as EmailAction]!)}</a>`);
  const app = `<a href="${h(page.appUrl)}">Open the booking</a>`;
  return `<p class="others">${links.length > 0 ? `Or: ${links.join(' · ')} · ` : ''}${app}</p>`;
}

function formBody(page: FormPage): string {
  const { booking, parties, state } = page;
  const zone = parties.recipient.timezone;
  const other = otherOf(parties);
  const first = other.name;
  const price = money(booking.price.amount, booking.price.currency);
  const paid = booking.price.amount > 0;
  const csrf = hidden('csrf', page.csrf);
  const notice = state.errors?.form
    ? `<div class="alert alert-stop" role="alert"><p>${h(state.errors.form)}</p></div>`
    : '';
  const open = `${notice}<form method="post">${csrf}`;

  switch (page.action) {
    case 'approve': {
      const review = page.review;
      const slot = state.slotConflicts ?? review?.conflicts.filter((c) => c.source === 'greenlight') ?? [];
      const busy =
        state.calendarConflicts ?? review?.conflicts.filter((c) => c.source !== 'greenlight') ?? [];
      const anyway = busy.length > 0;
      const form =
        slot.length > 0
          ? slotAlert(slot, zone, 'Approving would double-book you: reject, or suggest another time.')
          : `${anyway ? calendarAlert(busy, zone, 'Approve anyway if you can make it.') : ''}${open}${anyway ? hidden('force', '1') : ''}<div class="actions">${submit(anyway ? 'Approve anyway' : 'Approve')}</div></form>`;
      return [
        heading(
          null,
          `Approve ${first}’s session?`,
          `${h(first)} is told at once; a video meeting is created and you both get a calendar invite.`,
          'Booking request',
        ),
        essentials(page),
        message(booking, parties),
        redFlags(review),
        form,
        othersLine(page),
      ].join('');
    }
    case 'reject': {
      const chosen = state.values?.category ?? '';
      const options = [
        ...Object.entries(COMMON_REJECTION_REASONS),
        ['other', 'Something else'] as [RejectionCategory, string],
      ]
        .map(
          ([value, label]) =>
            `<label class="option"><input type="radio" name="category" value="${h(value)}"${chosen === value ? ' checked' : ''}><span>${h(label)}</span></label>`,
        )
        .join('');
      return [
        heading(
          null,
          `Reject ${first}’s request?`,
          `${h(first)} reads your reason${paid ? ` and is refunded <strong>${h(price)}</strong> in full, at once` : ''}. Rejections count toward your approval rate.`,
          'Booking request',
        ),
        essentials(page),
        message(booking, parties),
        `${open}`,
        `<fieldset><legend>Main reason</legend><div class="options">${options}</div></fieldset>`,
        textarea(
          'reason',
          `Your reason, shown to ${first}`,
          'A few words they can act on, e.g. “I’m travelling that week, could you pick a day in January?”',
          state,
          true,
        ),
        `<div class="actions">${submit(paid ? 'Reject and refund' : 'Reject', 'danger')}</div></form>`,
        othersLine(page),
      ].join('');
    }
    case 'suggest':
    case 'counter': {
      const suggest = page.action === 'suggest';
      const busy = state.calendarConflicts ?? [];
      const slot = state.slotConflicts ?? [];
      const lead = suggest
        ? `${h(first)} can accept your time, decline, or propose another one.`
        : `${h(first)} then approves your time or suggests another.`;
      const alerts = [
        slot.length > 0 ? slotAlert(slot, zone, 'Pick another time.') : '',
        busy.length > 0
          ? calendarAlert(busy, zone, 'Suggest it anyway if you can make it, or pick another time.')
          : '',
      ].join('');
      const zoneName = `${zoneAbbreviation(page.now, zone)}, ${zone}`;
      const hint = `${booking.durationMinutes} minutes, in your time zone (${zoneName}).${page.availability ? ` ${suggest ? 'You are' : `${first} is`} available ${page.availability}.` : ''}`;
      return [
        heading(
          null,
          suggest ? 'Suggest another time' : 'Propose another time',
          lead,
          suggest ? 'Booking request' : 'Suggested time',
        ),
        essentials(page, { proposal: !suggest }),
        `${open}`,
        alerts,
        timePicker(suggest ? 'New time' : 'Your time', hint, zone, state, page.now),
        `<div class="actions">${busy.length > 0 ? `${submit('Suggest anyway', 'primary', ' name="force" value="1"')}${submit('Check another time', 'secondary')}` : submit(suggest ? 'Send suggestion' : 'Send proposal')}</div></form>`,
        othersLine(page),
      ].join('');
    }
    case 'accept': {
      const slot = state.slotConflicts ?? [];
      return [
        heading(
          null,
          `Accept ${first}’s suggested time?`,
          'Your session is confirmed at once; the video link and a calendar invite follow by email.',
          'Suggested time',
        ),
        essentials(page, { proposal: true }),
        slot.length > 0
          ? slotAlert(slot, zone, 'The mentor is booked then now: propose another time.')
          : `${open}<div class="actions">${submit('Accept this time')}</div></form>`,
        othersLine(page),
      ].join('');
    }
    case 'decline':
      return [
        heading(
          null,
          'Decline the suggested time?',
          `The booking is closed${paid ? ` and you are refunded <strong>${h(price)}</strong> in full` : ''}. To keep it, propose another time instead.`,
          'Suggested time',
        ),
        essentials(page, { proposal: true }),
        `${open}`,
        textarea('message', `A note to ${first} (optional)`, 'They read it with your answer.', state, false),
        `<div class="actions">${submit(paid ? 'Decline and get a refund' : 'Decline', 'danger')}</div></form>`,
        othersLine(page),
      ].join('');
    case 'cancel': {
      const refund = page.cancellation?.refund ?? 0;
      const notice = page.cancellation?.fullRefundHours ?? 24;
      const refundText = !paid
        ? 'Nothing was charged, so there is nothing to refund.'
        : parties.role === 'mentee'
          ? refund === booking.price.amount
            ? `You are refunded <strong>${h(price)}</strong> in full.`
            : refund > 0
              ? `You are refunded <strong>${h(money(refund, booking.price.currency))}</strong> of ${h(price)}: the session starts in less than ${notice} hours.`
              : 'No refund applies this close to the session.'
          : null;
      const lead =
        refundText === null
          ? `${h(first)} is told at once and refunded <strong>${h(money(refund, booking.price.currency))}</strong> in full.`
          : `${h(first)} is told at once. ${refundText}`;
      return [
        heading(
          null,
          'Cancel this session?',
          lead,
          booking.status === 'approved' ? 'Confirmed session' : 'Booking',
        ),
        essentials(page),
        `${open}`,
        textarea(
          'reason',
          `Your reason, shown to ${first}`,
          'Cancelling early is appreciated; say why in a few words.',
          state,
          true,
        ),
        `<div class="actions">${submit('Cancel the session', 'danger')}${linkButton(page.appUrl, 'Keep it')}</div></form>`,
      ].join('');
    }
  }
}

export function formPage(page: FormPage): string {
  const titles: Record<EmailAction, string> = {
    approve: 'Approve the session',
    reject: 'Reject the request',
    suggest: 'Suggest another time',
    accept: 'Accept the suggested time',
    decline: 'Decline the suggested time',
    counter: 'Propose another time',
    cancel: 'Cancel the session',
  };
  return layout({ title: titles[page.action], body: formBody(page) });
}

/* ------------------------------------------------------------------ outcomes */

export interface DonePage extends Essentials {
  action: EmailAction;
  appUrl: string;
}

/** After the POST: what happened and what follows. */
export function donePage(page: DonePage): string {
  const { booking, parties } = page;
  const other = otherOf(parties).name;
  const zone = parties.recipient.timezone;
  const refund = booking.refund;
  const refunded =
    refund && refund.amount > 0 ? `<strong>${h(money(refund.amount, refund.currency))}</strong>` : null;
  const texts: Record<EmailAction, [string, string]> = {
    approve: [
      'Approved',
      `${h(other)} is told at once. The video link and a calendar invite follow by email.`,
    ],
    reject: ['Rejected', `${h(other)} reads your reason${refunded ? ` and is refunded ${refunded}` : ''}.`],
    suggest: [
      'Suggestion sent',
      `${h(other)} can accept ${h(booking.proposal ? moment(booking.proposal.start, zone) : 'your time')}, decline, or propose another time. You will hear by email.`,
    ],
    accept: [
      'Confirmed',
      `Your session with ${h(other)} is booked. The video link and a calendar invite follow by email.`,
    ],
    decline: ['Declined', refunded ? `You are refunded ${refunded}.` : `${h(other)} is told.`],
    counter: [
      'Proposal sent',
      `${h(other)} will approve your time or suggest another. You will hear by email.`,
    ],
    cancel: [
      'Cancelled',
      `${h(other)} is told.${refunded ? ` ${parties.role === 'mentee' ? 'You are' : `${h(other)} is`} refunded ${refunded}.` : ''}`,
    ],
  };
  const [title, lead] = texts[page.action];
  return layout({
    title,
    body: [
      heading('done', title, lead),
      essentials(page, { proposal: page.action === 'suggest' }),
      `<div class="actions">${linkButton(page.appUrl, 'Open the booking', 'primary')}</div>`,
    ].join(''),
  });
}

export interface StalePage extends Essentials {
  /** The latest change to the negotiation, from the history. */
  change: HistoryEntry | null;
  appUrl: string;
  now: Date;
}

/** 409: the booking moved on since the email (decided on Slack, a new time proposed, expired…). */
export function stalePage(page: StalePage): string {
  const { booking, parties } = page;
  const status = STATUS_TEXT[booking.status];
  const title =
    booking.status === 'pending' || booking.status === 'alternative_suggested'
      ? 'This booking has changed'
      : 'This booking is already decided';
  return layout({
    title,
    body: [
      heading(
        'info',
        title,
        `${h(whatHappened(page.change, booking, parties, page.now))} It is now ${h(status)}.`,
      ),
      essentials(page),
      `<p class="lead">Nothing was changed by this link. Open the booking to see where it stands${booking.status === 'pending' || booking.status === 'alternative_suggested' ? ' and answer there, or use the newest email' : ''}.</p>`,
      `<div class="actions">${linkButton(page.appUrl, 'Open the booking', 'primary')}</div>`,
    ].join(''),
  });
}

export interface UsedPage extends Essentials {
  use: ActionTokenUse;
  appUrl: string;
  now: Date;
}

/** 410: this very link made its decision already. */
export function usedPage(page: UsedPage): string {
  const action = page.use.action as EmailAction;
  const verb = ACTION_VERB[action] ?? 'used this link for';
  return layout({
    title: 'You already used this link',
    body: [
      heading(
        'done',
        'You already used this link',
        `You ${h(verb)} this booking from this email ${h(ago(page.use.usedAt, page.now))}. Nothing was changed again.`,
      ),
      essentials(page),
      `<div class="actions">${linkButton(page.appUrl, 'Open the booking', 'primary')}</div>`,
    ].join(''),
  });
}

/** 410: past the link's expiry. */
export function expiredPage(input: { expiresAt: Date; timezone: string | null; appUrl: string }): string {
  const when = input.timezone ? ` on ${moment(input.expiresAt.toISOString(), input.timezone)}` : '';
  return layout({
    title: 'This link has expired',
    body: [
      heading(
        'warn',
        'This link has expired',
        `It stopped working${h(when)}. Links in emails last until the booking’s deadline, and at most 7 days. Nothing was changed.`,
      ),
      `<div class="actions">${linkButton(input.appUrl, 'Open the booking', 'primary')}</div>`,
    ].join(''),
  });
}

/** 400, 403, 404: the link cannot be trusted, is not this person's, or names nothing. */
export function problemPage(input: {
  title: string;
  lead: string;
  appUrl: string;
  linkLabel?: string;
}): string {
  return layout({
    title: input.title,
    body: [
      heading('stop', input.title, h(input.lead)),
      `<div class="actions">${linkButton(input.appUrl, input.linkLabel ?? 'Go to your bookings', 'primary')}</div>`,
    ].join(''),
  });
}
