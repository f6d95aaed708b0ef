// @vitest-environment happy-dom
// The record button over a real MeetingCall (docs/recording.md "Signaling"): only hosts and
// cohosts see it; starting asks first, naming who is recorded; the state follows the acks and
// the `recording` event; a refusal is shown.

import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MeetingCall } from '../../core/call';
import type { Role } from '../../core/types';
import { callFixture, person } from '../../test/call_fixture';
import { meeting } from '../../test/fake_api';
import { PATIENCE_MS } from '../../test/wait';
import { RecordingIndicator } from '../recording_indicator';
import { RecordButton } from './record_button';

const settle = (assertion: () => void) => waitFor(assertion, { timeout: PATIENCE_MS });

const calls: MeetingCall[] = [];
afterEach(() => {
  cleanup();
  for (const call of calls.splice(0)) call.dispose();
});

async function joined(role: Role) {
  const f = await callFixture();
  calls.push(f.call);
  f.socket.answer('join', () => ({
    ok: true,
    meeting: meeting('m1'),
    participants: [
      person('self-1', 'me', { role }),
      person('peer-b', 'ub', { username: 'Ben', role: 'participant' }),
    ],
    recording: { active: false, startedAt: null },
  }));
  render(<RecordButton />, { wrapper: f.wrapper });
  await act(() => f.call.start());
  act(() => f.socket.accept('self-1'));
  await settle(() => expect(f.call.state.get().phase).toBe('in-room'));
  return f;
}

describe('RecordButton', () => {
  it('asks a host first, naming who is recorded, then follows the ack and the event', async () => {
    const { socket } = await joined('host');
    const button = await screen.findByTestId('record-button');
    expect(button.dataset.recording).toBe('off');
    fireEvent.click(button);
    expect(screen.getByTestId('record-confirm-text').textContent).toContain('of Ben and you,');
    socket.answer('start-recording', () => ({
      ok: true,
      recording: { active: true, startedAt: '2026-12-06T22:00:00.000Z' },
    }));
    fireEvent.click(screen.getByTestId('confirm-record'));
    await settle(() => expect(screen.getByTestId('record-button').dataset.recording).toBe('on'));
    expect(screen.queryByTestId('record-confirm-text')).toBeNull();
    act(() => socket.push('recording', { active: false, startedAt: null }));
    await settle(() => expect(screen.getByTestId('record-button').dataset.recording).toBe('off'));
  });

  it('tells the host why the server stopped it', async () => {
    const { socket } = await joined('host');
    act(() => socket.push('recording', { active: true, startedAt: '2026-12-06T22:00:00.000Z' }));
    await settle(() => expect(screen.getByTestId('record-button').dataset.recording).toBe('on'));
    expect(screen.queryByTestId('record-stopped-reason')).toBeNull();
    const why = "The recording stopped: the server's disk is almost full.";
    act(() => socket.push('recording', { active: false, startedAt: null, reason: why }));
    await settle(() => expect(screen.getByTestId('record-stopped-reason').textContent).toBe(why));
    expect(screen.getByTestId('record-button').dataset.recording).toBe('off');
  });

  it('shows the server refusal and stays off', async () => {
    const { socket } = await joined('cohost');
    socket.answer('start-recording', () => ({
      ok: false,
      error: { code: 'sfu_unavailable', message: 'Recording needs the video server.' },
    }));
    fireEvent.click(await screen.findByTestId('record-button'));
    fireEvent.click(screen.getByTestId('confirm-record'));
    await settle(() =>
      expect(screen.getByTestId('record-error').textContent).toContain('video server'),
    );
    expect(screen.getByTestId('record-button').dataset.recording).toBe('off');
  });

  it('is not there for a participant', async () => {
    await joined('participant');
    expect(screen.queryByTestId('record-button')).toBeNull();
  });
});

describe('RecordingIndicator', () => {
  it('shows only while recording', () => {
    const { rerender } = render(<RecordingIndicator active={false} />);
    expect(screen.queryByTestId('recording-indicator')).toBeNull();
    rerender(<RecordingIndicator active />);
    expect(screen.getByTestId('recording-indicator').textContent).toContain('Recording');
  });
});
