// @vitest-environment happy-dom
// The room's mount (docs/web.md "Join sequence"): with its chunk loaded, as it is by the time a
// join is let in, the room is on screen in the same render, with no "Joining…" fallback in
// between (React reveals a suspended boundary's content no sooner than 300 ms after its
// fallback).

import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MeetingCall } from '../core/call';
import { callFixture, person } from '../test/call_fixture';
import { meeting } from '../test/fake_api';
import { PATIENCE_MS } from '../test/wait';
import { Room } from './meeting_page';
import { loadRoom } from './room_chunk';

// happy-dom's <video> takes only its own MediaStream; the call's are test doubles.
beforeAll(() => {
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    get(this: { stream?: unknown }) {
      return this.stream ?? null;
    },
    set(this: { stream?: unknown }, value: unknown) {
      this.stream = value;
    },
  });
});

const calls: MeetingCall[] = [];
afterEach(() => {
  cleanup();
  for (const call of calls.splice(0)) call.dispose();
});

async function inRoom() {
  const f = await callFixture();
  calls.push(f.call);
  f.socket.answer('join', () => ({
    ok: true,
    meeting: meeting('m1'),
    participants: [person('self-1', 'me'), person('peer-b', 'ub', { username: 'Ben' })],
  }));
  await act(() => f.call.start());
  act(() => f.socket.accept('self-1'));
  await waitFor(() => expect(f.call.state.get().phase).toBe('in-room'), { timeout: PATIENCE_MS });
  return f;
}

describe('the meeting page room', () => {
  it('is on screen in the first render once its chunk has loaded', async () => {
    const { call } = await inRoom();
    await loadRoom();
    render(<Room call={call} />);
    expect(screen.queryByText('Joining…')).toBeNull();
    expect(screen.getByTestId('room')).toBeTruthy();
  });
});
