import { describe, expect, it } from 'vitest';
import { bookingMachine } from './booking-machine';
import { toMermaid } from './diagram';

describe('toMermaid', () => {
  it('draws the lifecycle from the machine: guards, the approved substates and the final states', () => {
    const lines = toMermaid(bookingMachine).split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> new');
    expect(lines).toContain('  new --> approved: REQUEST [byMentee and autoApprove]');
    expect(lines).toContain('  alternative_suggested --> pending: COUNTER [byMentee]');
    expect(lines).toContain('  pending --> pending: REMIND [bySystem]');
    expect(lines).toContain('    provisioning_failed --> ready: MEETING_READY [bySystem]');
    expect(lines).toContain('  approved --> cancelled: CANCEL [byParticipant]');
    expect(lines).toContain('  completed --> no_show: REPORT_NO_SHOW [byParticipant]');
    expect(lines).toContain('  no_show --> no_show: REPORT_NO_SHOW [byParticipant and disputes]');
    // Completed and no-show sessions still take reports, so only four states are final for the machine.
    expect(lines.filter((l) => l.endsWith('--> [*]'))).toEqual([
      '  rejected --> [*]',
      '  declined --> [*]',
      '  expired --> [*]',
      '  cancelled --> [*]',
    ]);
  });
});
