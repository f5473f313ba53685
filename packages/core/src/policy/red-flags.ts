import {
  DataSet,
  englishDataset,
  englishRecommendedTransformers,
  type MatchPayload,
  pattern,
  RegExpMatcher,
} from 'obscenity';
import type { z } from 'zod';
import type { MenteeHistory, RedFlag } from '../contract/bookings';
import type { User } from '../contract/users';

/** A mentee whose average rating given is at or below this… */
export const LOW_RATING_THRESHOLD = 3.0;
/** …over at least this many reviews is flagged: fewer reviews say too little. */
export const LOW_RATING_MIN_REVIEWS = 3;

/**
 * obscenity's English dataset covers profanity and slurs but not plain insults. These few are added
 * through its DataSet API, so they get the same leetspeak/spacing transformers. "Stupid" is left out
 * on purpose: "sorry if this is a stupid question" is how polite mentees write.
 */
const INSULTS: Array<[word: string, patterns: ReturnType<typeof pattern>[]]> = [
  ['idiot', [pattern`|idiot`]],
  ['moron', [pattern`|moron|`, pattern`|morons|`, pattern`|moronic`]],
  ['imbecile', [pattern`|imbecil`]],
  ['dumbass', [pattern`|dumbass`, pattern`|dumb ass|`]],
  ['shut up', [pattern`|shut up|`, pattern`|stfu|`]],
];

const dataset = new DataSet<{ originalWord: string }>().addAll(englishDataset);
for (const [word, patterns] of INSULTS) {
  dataset.addPhrase((phrase) =>
    patterns.reduce((builder, p) => builder.addPattern(p), phrase.setMetadata({ originalWord: word })),
  );
}

const matcher = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Widens a match to the whole word it sits in, so "fuck" inside "fucking" is reported as that word. */
function wordAround(text: string, match: MatchPayload): [number, number] {
  let start = match.startIndex;
  let end = match.endIndex + 1;
  while (start > 0 && WORD_CHAR.test(text[start - 1]!)) start--;
  while (end < text.length && WORD_CHAR.test(text[end]!)) end++;
  return [start, end];
}

/** Keeps the first and last character of the offending part and stars the rest: "f**king", "s**t". */
function mask(text: string, [wordStart, wordEnd]: [number, number], match: MatchPayload): string {
  const offending = [...text.slice(match.startIndex, match.endIndex + 1)];
  const masked =
    offending.length <= 2
      ? offending.join('')
      : offending[0] + '*'.repeat(offending.length - 2) + offending[offending.length - 1];
  return text.slice(wordStart, match.startIndex) + masked + text.slice(match.endIndex + 1, wordEnd);
}

function rudeLanguage(message: string, advice: string): RedFlag | null {
  // Longest first, so "ass" inside an already reported "dumb ass" is not reported again.
  const found = matcher
    .getAllMatches(message, true)
    .map((match) => ({ match, range: wordAround(message, match) }))
    .sort((a, b) => a.range[0] - b.range[0] || b.range[1] - a.range[1]);
  const kept: typeof found = [];
  for (const item of found) {
    const last = kept.at(-1);
    if (!last || item.range[0] >= last.range[1]) kept.push(item);
  }
  if (kept.length === 0) return null;
  const count =
    kept.length === 1 ? 'one offensive or insulting word' : `${kept.length} offensive or insulting words`;
  return {
    code: 'rude_message',
    detail: `The message contains ${count}${advice}`,
    evidence: [...new Set(kept.map(({ match, range }) => `"${mask(message, range, match)}"`))],
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The red flags of the seed's checklist, each with what triggered it:
 *
 * - `low_ratings_given`: the mentee's average rating given is ≤ {@link LOW_RATING_THRESHOLD} over at
 *   least {@link LOW_RATING_MIN_REVIEWS} reviews;
 * - `no_show_reports`: the mentee has filed at least one complaint that a mentor did not show up (the
 *   history's count when given: the platform's stats plus the reports made here; else the stats alone);
 * - `missed_sessions`: the history says the mentee did not show up to at least one session;
 * - `rude_message`: the message contains profanity, slurs or insults, detected with the `obscenity`
 *   package (its English dataset and recommended transformers, plus a handful of insults); the evidence
 *   quotes each word with the offending part masked.
 */
export function detectRedFlags(input: {
  mentee: User;
  message: string | null;
  /** The mentee's history (`menteeHistory`), for the no-shows recorded in Greenlight. */
  history?: Pick<z.infer<typeof MenteeHistory>, 'noShowReports' | 'missedSessions'>;
}): RedFlag[] {
  const { mentee, message, history } = input;
  const { averageRatingGiven: average, reviewsGiven } = mentee.stats;
  const noShowReports = history?.noShowReports ?? mentee.stats.noShowReports;
  const flags: RedFlag[] = [];

  if (average !== null && average <= LOW_RATING_THRESHOLD && reviewsGiven >= LOW_RATING_MIN_REVIEWS) {
    const shown = average.toFixed(1);
    flags.push({
      code: 'low_ratings_given',
      detail: `Rates mentors low: ${shown} of 5 on average over ${plural(reviewsGiven, 'review', 'reviews')}.`,
      evidence: [`average rating given: ${shown} / 5`, `reviews given: ${reviewsGiven}`],
    });
  }

  if (noShowReports > 0) {
    flags.push({
      code: 'no_show_reports',
      detail: `Has reported a mentor no-show ${noShowReports === 1 ? 'once' : `${noShowReports} times`} before.`,
      evidence: [plural(noShowReports, 'mentor no-show report', 'mentor no-show reports')],
    });
  }

  const missed = history?.missedSessions ?? 0;
  if (missed > 0) {
    flags.push({
      code: 'missed_sessions',
      detail: `Did not show up to ${plural(missed, 'session', 'sessions')} before, as their mentors reported.`,
      evidence: [plural(missed, 'mentee no-show', 'mentee no-shows')],
    });
  }

  const rude = message
    ? rudeLanguage(message, '; read it before approving, or message the mentee first.')
    : null;
  if (rude) flags.push(rude);

  return flags;
}

/**
 * The tone check of one message in a booking's conversation: the `rude_message` flag, found and masked as on the
 * request message, or nothing. Shown to the mentor on the mentee's messages.
 */
export function messageToneFlags(text: string): RedFlag[] {
  const rude = rudeLanguage(text, '.');
  return rude ? [rude] : [];
}
