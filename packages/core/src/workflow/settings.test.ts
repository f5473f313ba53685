import { describe, expect, it } from 'vitest';
import { as, MENTOR, NOW, platform } from '../../test/harness';
import { ManualClock } from '../clock';
import { ValidationError } from '../errors';
import { InMemoryStore } from '../memory/in-memory-store';
import { everyBookingRule } from '../policy/auto-approval';
import { createWorkflow } from './create-workflow';
import type { CalendarUrlCheck } from './types';

/** A workflow whose calendar URL check refuses hosts named `private.test` and records what it was asked. */
async function setup(check?: CalendarUrlCheck) {
  const store = new InMemoryStore({ clock: new ManualClock(NOW) });
  const checked: string[] = [];
  const workflow = createWorkflow({
    store,
    ...(check
      ? {
          checkCalendarUrl: async (url: URL) => {
            checked.push(url.href);
            return check(url);
          },
        }
      : {}),
  });
  await workflow.users.put(platform, MENTOR, {
    name: 'Maya Mentor',
    email: 'maya@example.test',
    timezone: 'Europe/Berlin',
  });
  return { workflow, checked };
}

const refusePrivate: CalendarUrlCheck = async (url) =>
  url.hostname === 'private.test' ? 'private.test resolves to an address that is private' : null;

/** Fails instead of hanging when `promise` waits on something that never comes (a store lock). */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms)),
  ]);
}

describe('checking calendar feed URLs when they are saved', () => {
  it('refuses a URL the check refuses with a 422 naming calendarFeedUrl, and saves nothing', async () => {
    const { workflow, checked } = await setup(refusePrivate);
    const error = await workflow.users
      .updateSettings(as(MENTOR), MENTOR, {
        calendarFeedUrl: 'https://private.test/cal.ics',
        autoApprove: true,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      status: 422,
      errors: [
        {
          path: 'calendarFeedUrl',
          message:
            'private.test resolves to an address that is private: calendar feeds must be reachable on the public internet',
        },
      ],
    });
    expect(checked).toEqual(['https://private.test/cal.ics']);
    expect(await workflow.users.getSettings(as(MENTOR), MENTOR)).toEqual({
      autoApprove: false,
      autoApprovalRules: [],
      calendarFeedUrl: null,
      availability: [],
    });
  });

  it('saves a URL the check accepts, and checks only URLs that are new', async () => {
    const { workflow, checked } = await setup(refusePrivate);
    const saved = await workflow.users.updateSettings(as(MENTOR), MENTOR, {
      calendarFeedUrl: 'webcal://cal.example.test/feed.ics',
    });
    expect(saved.calendarFeedUrl).toBe('webcal://cal.example.test/feed.ics');
    expect(checked).toEqual(['webcal://cal.example.test/feed.ics']);

    // The same URL again, other settings, or removing the feed: nothing to check.
    await workflow.users.updateSettings(as(MENTOR), MENTOR, {
      calendarFeedUrl: 'webcal://cal.example.test/feed.ics',
      autoApprove: true,
    });
    await workflow.users.updateSettings(as(MENTOR), MENTOR, { autoApprove: false });
    await workflow.users.updateSettings(as(MENTOR), MENTOR, { calendarFeedUrl: null });
    expect(checked).toEqual(['webcal://cal.example.test/feed.ics']);
    expect((await workflow.users.getSettings(as(MENTOR), MENTOR)).calendarFeedUrl).toBeNull();
  });

  it('checks without holding the store, and writes the patch over what was saved meanwhile', async () => {
    let workflow: Awaited<ReturnType<typeof setup>>['workflow'] | undefined;
    const slowCheck: CalendarUrlCheck = async () => {
      // Another request changes other settings while the check runs: with a transaction open, this would wait forever.
      await workflow?.users.updateSettings(platform, MENTOR, {
        availability: [{ weekday: 1, start: '09:00', end: '17:00' }],
      });
      return null;
    };
    const made = await setup(slowCheck);
    workflow = made.workflow;
    const saved = await within(
      2_000,
      workflow.users.updateSettings(as(MENTOR), MENTOR, {
        calendarFeedUrl: 'https://cal.example.test/a.ics',
      }),
    );
    expect(saved).toEqual({
      autoApprove: false,
      autoApprovalRules: [],
      calendarFeedUrl: 'https://cal.example.test/a.ics',
      availability: [{ weekday: 1, start: '09:00', end: '17:00' }],
    });
    expect(await workflow.users.getSettings(platform, MENTOR)).toEqual(saved);
  });

  it('checks a URL that became new between the read and the write', async () => {
    const store = new InMemoryStore({ clock: new ManualClock(NOW) });
    const checked: string[] = [];
    const workflow = createWorkflow({
      store,
      checkCalendarUrl: async (url) => {
        checked.push(url.href);
        return null;
      },
    });
    await workflow.users.put(platform, MENTOR, { name: 'Maya', email: 'maya@example.test', timezone: 'UTC' });
    await workflow.users.updateSettings(as(MENTOR), MENTOR, {
      calendarFeedUrl: 'https://cal.example.test/a',
    });
    // Right after the next read, another request saves feed b: feed a is then new again and must be checked.
    const transaction = store.transaction.bind(store);
    let calls = 0;
    store.transaction = async (fn, options) => {
      calls += 1;
      if (calls === 2)
        await transaction((tx) => tx.putSettings(MENTOR, { ...saved, calendarFeedUrl: 'https://b.test/' }));
      return transaction(fn, options);
    };
    const saved = {
      autoApprove: false,
      autoApprovalRules: [],
      calendarFeedUrl: 'https://cal.example.test/a',
      availability: [],
    };
    expect(
      await workflow.users.updateSettings(as(MENTOR), MENTOR, {
        calendarFeedUrl: 'https://cal.example.test/a',
        autoApprove: true,
      }),
    ).toEqual({ ...saved, autoApprove: true, autoApprovalRules: [everyBookingRule()] });
    expect(checked).toEqual(['https://cal.example.test/a', 'https://cal.example.test/a']);
  });

  it('without a check, saves any URL the contract accepts', async () => {
    const { workflow } = await setup();
    const saved = await workflow.users.updateSettings(as(MENTOR), MENTOR, {
      calendarFeedUrl: 'http://private.test/cal.ics',
    });
    expect(saved.calendarFeedUrl).toBe('http://private.test/cal.ics');
  });
});
