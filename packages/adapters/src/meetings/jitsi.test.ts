import { describe, expect, it } from 'vitest';
import { ctx, mentee, mentor } from '../../test/fixtures/integrations';
import { JitsiMeetings } from './jitsi';

const request = {
  bookingId: 'bkg_1',
  topic: 'Career chat',
  agenda: '',
  start: new Date('2026-12-01T15:00:00.000Z'),
  durationMinutes: 60,
  timezone: 'Europe/Berlin',
  mentor,
  mentee,
};

describe('JitsiMeetings', () => {
  it('creates a room on meet.jit.si with a readable prefix and 128 random bits', async () => {
    const meeting = await new JitsiMeetings().createMeeting(request);
    expect(meeting.provider).toBe('jitsi');
    expect(meeting.id).toMatch(/^Greenlight-[0-9a-f]{32}$/);
    expect(meeting.joinUrl).toBe(`https://meet.jit.si/${meeting.id}`);
  });

  it('never repeats a room name', async () => {
    const jitsi = new JitsiMeetings();
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) ids.add((await jitsi.createMeeting(request)).id);
    expect(ids.size).toBe(200);
  });

  it('uses the configured base and prefix, keeping only URL-safe characters', async () => {
    const meeting = await new JitsiMeetings({
      baseUrl: 'https://jitsi.example.org/',
      prefix: 'Acme Mentoring!',
    }).createMeeting(request);
    expect(meeting.joinUrl).toMatch(/^https:\/\/jitsi\.example\.org\/AcmeMentoring-[0-9a-f]{32}$/);
  });

  it('deletes nothing and succeeds', async () => {
    await expect(new JitsiMeetings().deleteMeeting({ id: 'x' }, ctx())).resolves.toBeUndefined();
  });
});
