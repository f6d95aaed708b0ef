// Typed errors. Every failure the client shows carries the contract's snake_case `code`.

/**
 * Every error code, each listed once: `wire` codes come from the server in REST bodies
 * (docs/api.md, Conventions) and signaling acks (docs/signaling.md, Acks and errors); `client` codes are the
 * client's own (no answer, no network, no camera).
 */
const ERROR_CODES = {
  invalid_json: 'wire',
  invalid_field: 'wire',
  unauthorized: 'wire',
  invalid_credentials: 'wire',
  wrong_password: 'wire',
  not_host: 'wire',
  forbidden: 'wire',
  not_found: 'wire',
  username_taken: 'wire',
  email_taken: 'wire',
  meeting_ended: 'wire',
  payload_too_large: 'wire',
  rate_limited: 'wire',
  not_in_room: 'wire',
  invalid_target: 'wire',
  already_in_room: 'wire',
  invalid_payload: 'wire',
  meeting_locked: 'wire',
  banned: 'wire',
  denied: 'wire',
  network_error: 'client',
  timeout: 'client',
  server_error: 'client',
  media_denied: 'client',
  media_unavailable: 'client',
  unknown: 'client',
} as const satisfies Record<string, 'wire' | 'client'>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error from the server (REST or a signaling ack) or from the client's own I/O. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; field?: string; retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
    this.status = options.status ?? 0;
    this.field = options.field;
    this.retryAfter = options.retryAfter;
  }
}

/** Narrows a code string from the wire; unknown and client-only codes become 'unknown'. */
export function toErrorCode(code: unknown): ErrorCode {
  const known = typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
  return known && ERROR_CODES[code as ErrorCode] === 'wire' ? (code as ErrorCode) : 'unknown';
}

const FIELD_NAMES: Record<string, string> = {
  username: 'username',
  email: 'email address',
  password: 'password',
  displayName: 'name',
  login: 'username or email',
  title: 'title',
  text: 'message',
};

/** What to tell a person, in plain words, for any error. */
export function describeError(error: unknown): string {
  if (!(error instanceof ParleyError)) {
    return 'Something went wrong. Please try again.';
  }
  switch (error.code) {
    case 'invalid_credentials':
      return 'That username or password is not right.';
    case 'invalid_field': {
      const what = FIELD_NAMES[error.field ?? ''] ?? 'entry';
      return `Please check the ${what}: ${lowerFirst(error.message)}`;
    }
    case 'username_taken':
      return 'That username is already taken. Try another one.';
    case 'email_taken':
      return 'An account with that email already exists. Try signing in.';
    case 'wrong_password':
      return 'That meeting password is not right.';
    case 'meeting_ended':
      return 'This meeting has already ended.';
    case 'not_found':
      return 'We could not find that meeting. Check the link or the meeting ID.';
    case 'not_host':
      return 'Only the host can do that.';
    case 'forbidden':
      return 'You are not allowed to do that.';
    case 'meeting_locked':
      return 'The host has locked this meeting; nobody else can join right now.';
    case 'banned':
      return 'You were removed from this meeting and cannot join it again.';
    case 'denied':
      return 'The host did not let you in.';
    case 'unauthorized':
      return 'Your session has expired. Please sign in again.';
    case 'rate_limited':
      return error.retryAfter
        ? `Too many attempts. Please wait ${formatWait(error.retryAfter)} and try again.`
        : 'Too many attempts. Please wait a moment and try again.';
    case 'payload_too_large':
      return 'That is too long to send.';
    case 'network_error':
      return 'Cannot reach the Parley server. Check your connection and try again.';
    case 'timeout':
      return 'The server took too long to answer. Please try again.';
    case 'media_denied':
      return 'Camera and microphone access was blocked. Allow it in the browser to be seen and heard.';
    case 'media_unavailable':
      return 'No camera or microphone was found. You can still join and listen.';
    case 'server_error':
      return 'The server had a problem. Please try again in a moment.';
    default:
      return error.message || 'Something went wrong. Please try again.';
  }
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
