// Wire types of the REST API (docs/api.md) and signaling (docs/signaling.md).

export interface User {
  id: string;
  username: string;
  email?: string;
  guest: boolean;
  createdAt: string;
}

export type MeetingStatus = 'active' | 'ended';

export interface Meeting {
  meetingId: string;
  title: string;
  hostId: string;
  participants: string[];
  status: MeetingStatus;
  hasPassword: boolean;
  createdAt: string;
  endedAt: string | null;
  /** GET /api/meetings/:id only: whether it records now (docs/recording.md "Signaling"). */
  recording?: { active: boolean; startedAt: string | null };
}

export interface ChatMessage {
  id: string;
  userId: string;
  username: string;
  text: string;
  sentAt: string;
}

/** A recording of a meeting (docs/recording.md "REST"). */
export interface Recording {
  id: string;
  meetingId: string;
  startedAt: string;
  endedAt: string | null;
  status: 'recording' | 'processing' | 'ready' | 'failed';
  durationMs: number;
  bytes: number;
  /** `failed` only: why. */
  failure?: string;
  /** `ready` only: a signed link that opens the file without a token, valid 12 h. */
  fileUrl?: string;
}

/** One stay of a person in a meeting (GET /api/meetings/:id/attendance). */
export interface Stay {
  userId: string;
  username: string;
  joinedAt: string;
  leftAt: string | null;
}

/** A person in a room, as the signaling server describes them. */
export interface Participant {
  socketId: string;
  userId: string;
  username: string;
  audio: boolean;
  video: boolean;
  screen: boolean;
  raised: boolean;
  /** Absent from servers that predate moderation; read as 'participant'. */
  role?: Role;
}

export type Role = 'host' | 'cohost' | 'participant';

export interface MeetingSettings {
  locked: boolean;
  lobby: boolean;
}

export interface MediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export interface AuthResult {
  user: User;
  token: string;
}
