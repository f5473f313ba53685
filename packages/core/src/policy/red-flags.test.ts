import { describe, expect, it } from 'vitest';
import { aUser } from '../../test/policy-fixtures';
import { RedFlag } from '../contract/bookings';
import type { MenteeStats } from '../contract/users';
import { detectRedFlags } from './red-flags';

const mentee = (stats: Partial<MenteeStats> = {}) =>
  aUser({ stats: { averageRatingGiven: 4.6, reviewsGiven: 12, noShowReports: 0, ...stats } });
const flags = (stats: Partial<MenteeStats>, message: string | null = null) =>
  detectRedFlags({ mentee: mentee(stats), message });
const rude = (message: string) => flags({}, message).find((f) => f.code === 'rude_message');

describe('detectRedFlags', () => {
  it('raises nothing for a mentee with a good record and a polite message', () => {
    expect(flags({}, 'Hi! Could we go over my résumé and system-design prep? Thanks 😊')).toEqual([]);
    expect(flags({}, null)).toEqual([]);
    expect(flags({}, '')).toEqual([]);
  });

  describe('low_ratings_given', () => {
    it('flags an average at or below 3.0 over at least 3 reviews, with the average and count as evidence', () => {
      expect(flags({ averageRatingGiven: 2.25, reviewsGiven: 7 })).toEqual([
        {
          code: 'low_ratings_given',
          detail: 'Rates mentors low: 2.3 of 5 on average over 7 reviews.',
          evidence: ['average rating given: 2.3 / 5', 'reviews given: 7'],
        },
      ]);
      expect(flags({ averageRatingGiven: 3, reviewsGiven: 3 }).map((f) => f.code)).toEqual([
        'low_ratings_given',
      ]);
    });

    it('does not flag an average just above the threshold', () => {
      expect(flags({ averageRatingGiven: 3.1, reviewsGiven: 20 })).toEqual([]);
    });

    it('does not judge on fewer than 3 reviews or none at all', () => {
      expect(flags({ averageRatingGiven: 1, reviewsGiven: 2 })).toEqual([]);
      expect(flags({ averageRatingGiven: null, reviewsGiven: 0 })).toEqual([]);
    });
  });

  describe('no_show_reports', () => {
    it('flags prior mentor no-show complaints with their count', () => {
      expect(flags({ noShowReports: 1 })).toEqual([
        {
          code: 'no_show_reports',
          detail: 'Has reported a mentor no-show once before.',
          evidence: ['1 mentor no-show report'],
        },
      ]);
      expect(flags({ noShowReports: 3 })[0]).toMatchObject({
        detail: 'Has reported a mentor no-show 3 times before.',
        evidence: ['3 mentor no-show reports'],
      });
    });
  });

  describe('rude_message', () => {
    it('quotes each profane word with the offending part masked', () => {
      expect(rude('This is fucking ridiculous, you piece of shit')).toEqual({
        code: 'rude_message',
        detail:
          'The message contains 2 offensive or insulting words; read it before approving, or message the mentee first.',
        evidence: ['"f**king"', '"s**t"'],
      });
    });

    it('sees through leetspeak and capitals', () => {
      expect(rude('What a b1tch')?.evidence).toEqual(['"b***h"']);
      expect(rude('SHIT happens')?.evidence).toEqual(['"S**T"']);
    });

    it('catches the insults added to the dataset', () => {
      expect(rude('you are an idiot')?.evidence).toEqual(['"i***t"']);
      expect(rude('What a moronic plan. Shut up and listen')?.evidence).toEqual(['"m*****c"', '"S*****p"']);
      expect(rude('Y0U 1D10T')?.evidence).toEqual(['"1***T"']);
      expect(rude('imbeciles everywhere')?.evidence).toEqual(['"i*****les"']);
      expect(rude('stfu')?.evidence).toEqual(['"s**u"']);
    });

    it('reports a phrase once, not again for a profane word inside it', () => {
      expect(rude('you dumb ass')).toMatchObject({
        detail: expect.stringContaining('one offensive or insulting word'),
        evidence: ['"d******s"'],
      });
    });

    it('counts every occurrence but quotes each distinct word once', () => {
      expect(rude('shit shit shit')).toMatchObject({
        detail: expect.stringContaining('3 offensive or insulting words'),
        evidence: ['"s**t"'],
      });
    });

    it('does not flag polite words that merely contain or resemble an insult', () => {
      for (const message of [
        'Sorry if this is a stupid question',
        'An oxymoron, in Moroni',
        'I need to assess the class assignment',
        'Happy to meet in Scunthorpe or Sussex',
        'Therapists and analysts welcome',
      ]) {
        expect(rude(message), message).toBeUndefined();
      }
    });
  });

  it('raises every applicable flag at once, each matching the wire schema', () => {
    const all = flags({ averageRatingGiven: 1.5, reviewsGiven: 4, noShowReports: 2 }, 'this is shit');
    expect(all.map((f) => f.code)).toEqual(['low_ratings_given', 'no_show_reports', 'rude_message']);
    for (const flag of all) expect(RedFlag.parse(flag)).toEqual(flag);
  });
});
