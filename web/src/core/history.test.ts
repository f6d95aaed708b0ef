import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  recordJson,
  recordMarkdown,
  stayMs,
  unsettled,
} from './history';
import type { Meeting, Recording } from './types';

const meeting: Meeting = {
  meetingId: 'abcd-efgh-ijkl',
  title: 'Weekly | sync',
  hostId: 'u1',
  participants: ['u1', 'u2'],
  status: 'ended',
  hasPassword: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  endedAt: '2026-12-01T11:00:00.000Z',
};

describe('history', () => {
  it('measures stays, open ones up to the end or now', () => {
    const stay = { userId: 'u1', username: 'ann', joinedAt: '2026-12-01T10:00:00.000Z' };
    expect(stayMs({ ...stay, leftAt: '2026-12-01T10:30:00.000Z' }, null, 0)).toBe(1_800_000);
    expect(stayMs({ ...stay, leftAt: null }, '2026-12-01T10:00:45.000Z', 0)).toBe(45_000);
    expect(stayMs({ ...stay, leftAt: null }, null, Date.parse(stay.joinedAt) + 5000)).toBe(5000);
  });

  it.each([
    [0, '0 s'],
    [44_600, '45 s'],
    [12 * 60_000, '12 min'],
    [65 * 60_000, '1 h 05 min'],
  ])('formats %i ms as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('exports Markdown with attendance and the transcript in order, escaped', () => {
    const md = recordMarkdown(
      {
        meeting,
        attendance: [{ userId: 'u2', username: 'ben', joinedAt: meeting.createdAt, leftAt: null }],
        messages: [
          { id: '1', userId: 'u2', username: 'ben', text: 'first *bold*', sentAt: 'T1' },
          { id: '2', userId: 'u1', username: 'ann', text: 'second\nline', sentAt: 'T2' },
        ],
      },
      0,
    );
    expect(md).toContain('# Weekly \\| sync');
    expect(md).toContain('| ben | 2026-12-01T10:00:00.000Z | — | 1 h 00 min |');
    expect(md.indexOf('first \\*bold\\*')).toBeLessThan(md.indexOf('second line'));
  });

  it('exports JSON that parses back to the record', () => {
    const record = { meeting, attendance: [], messages: [] };
    expect(JSON.parse(recordJson(record))).toEqual(record);
  });
});

describe('recordings on the history page', () => {
  it('shows sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('1 KB');
    expect(formatBytes(820_400)).toBe('820 KB');
    expect(formatBytes(14_290_000)).toBe('14.3 MB');
    expect(formatBytes(1_234_000_000)).toBe('1.2 GB');
  });

  it('keeps listing while a recording runs or is processed', () => {
    const rec = (status: Recording['status']): Recording => ({
      id: 'r1',
      meetingId: 'kfq7-trmx-2pa9',
      startedAt: '2026-12-07T10:00:00.000Z',
      endedAt: null,
      status,
      durationMs: 0,
      bytes: 0,
    });
    expect(unsettled([])).toBe(false);
    expect(unsettled([rec('ready'), rec('failed')])).toBe(false);
    expect(unsettled([rec('ready'), rec('processing')])).toBe(true);
    expect(unsettled([rec('recording')])).toBe(true);
  });
});
