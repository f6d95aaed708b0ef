// A past meeting's record, as the history page shows and exports it (docs/web.md "History"):
// time present per stay, the Markdown and JSON exports, recordings' sizes. Pure functions, no
// DOM.

import type { ChatMessage, Meeting, Recording, Stay } from './types';

/** Milliseconds a stay lasted; an open stay counts up to `nowMs` (or the meeting's end). */
export function stayMs(stay: Stay, endedAt: string | null, nowMs: number): number {
  const from = Date.parse(stay.joinedAt);
  const until = stay.leftAt ?? endedAt;
  const to = until ? Date.parse(until) : nowMs;
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, to - from) : 0;
}

/** "45 s", "12 min", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}

/** "820 KB", "14.3 MB", "1.2 GB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1e6) return `${Math.max(1, Math.round(bytes / 1e3))} KB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Whether some recording is still running or being processed (its row will change). */
export function unsettled(recordings: readonly Recording[]): boolean {
  return recordings.some((r) => r.status === 'recording' || r.status === 'processing');
}

export interface MeetingRecord {
  meeting: Meeting;
  attendance: Stay[];
  /** The whole transcript, oldest first. */
  messages: ChatMessage[];
}

/** The record as a JSON document (what the API returned, under one object). */
export function recordJson(record: MeetingRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/** The record as Markdown: title, times, attendance table, transcript. */
export function recordMarkdown(record: MeetingRecord, nowMs: number): string {
  const { meeting, attendance, messages } = record;
  const lines = [
    `# ${escapeMd(meeting.title || 'Untitled meeting')}`,
    '',
    `- Meeting: ${meeting.meetingId}`,
    `- Started: ${meeting.createdAt}`,
    `- Ended: ${meeting.endedAt ?? 'still running'}`,
    '',
    '## Attendance',
    '',
    '| Name | Joined | Left | Time present |',
    '|---|---|---|---|',
    ...attendance.map(
      (a) =>
        `| ${escapeMd(a.username)} | ${a.joinedAt} | ${a.leftAt ?? '—'} | ${formatDuration(
          stayMs(a, meeting.endedAt, nowMs),
        )} |`,
    ),
    '',
    '## Transcript',
    '',
    ...messages.map((m) => `- **${escapeMd(m.username)}** (${m.sentAt}): ${escapeMd(m.text)}`),
    '',
  ];
  return lines.join('\n');
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]|<>#])/g, '\\$1').replace(/\r?\n/g, ' ');
}
