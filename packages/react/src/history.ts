import type { Booking, HistoryEntry } from '@greenlight/core/contract';
import type { Formatters } from './format';
import type { Messages } from './messages';

/** Fills `{name}` placeholders of a message template; an unknown one becomes empty. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

export interface DescribeContext {
  viewerId: string;
  /** A person's name, or undefined while it loads or when the viewer may not see them. */
  nameOf(userId: string): string | undefined;
  messages: Messages;
  format: Formatters;
  zone: string;
}

/**
 * Who did something, as a sentence starts: "You", "Noah Carter", "The platform", and for an assistant "Sam Lee for
 * Mia Hoffmann" (or "An assistant for Mia Hoffmann" to someone who may not see the assistant's profile).
 */
export function whoDid(
  actor: string,
  onBehalfOf: string | undefined,
  context: Pick<DescribeContext, 'viewerId' | 'nameOf' | 'messages'>,
): string {
  const { viewerId, nameOf, messages } = context;
  const person = (id: string, fallback: string) =>
    id === viewerId ? messages.you : id === 'platform' ? messages.thePlatform : (nameOf(id) ?? fallback);
  if (actor === 'system') return messages.greenlight;
  if (!onBehalfOf) return person(actor, actor);
  const whom = onBehalfOf === viewerId ? messages.youLower : (nameOf(onBehalfOf) ?? onBehalfOf);
  return messages.forPerson(person(actor, messages.anAssistant), whom);
}

export interface HistoryLine {
  at: string;
  text: string;
  /** The reason or note the entry carries (a rejection's reason, a cancellation's, a no-show report's note). */
  note?: string;
}

/** One history entry as a sentence: who did what, where, for whom, and which rule approved automatically. */
export function describeEntry(entry: HistoryEntry, booking: Booking, context: DescribeContext): HistoryLine {
  const { messages, format, zone, viewerId, nameOf } = context;
  const templates = messages.history;
  const where = entry.channel ? ` ${messages.channels[entry.channel] ?? entry.channel}` : '';
  let key = entry.event;
  if (entry.event === 'auto_approved' && entry.rule) key = 'auto_approved_rule';
  if (entry.event === 'no_show_reported' && entry.disputed) key = 'no_show_disputed';
  const absentId = entry.absent === 'mentor' ? booking.mentorId : booking.menteeId;
  const text = fill(templates[key] ?? templates.other ?? '{who}', {
    who: whoDid(entry.actor, entry.onBehalfOf, context),
    where,
    event: entry.event.replaceAll('_', ' '),
    time: entry.start ? format.dateTime(entry.start, zone) : '',
    rule: entry.rule?.name ?? '',
    absent: absentId === viewerId ? messages.youLower : (nameOf(absentId) ?? absentId),
  });
  return { at: entry.at, text, ...(entry.reason ? { note: entry.reason } : {}) };
}
