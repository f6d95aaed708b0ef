import { describe, expect, it, vi } from 'vitest';
import { Recording, recordingConfirmation, toRecordingStatus } from './recording';
import { ParleyError } from './errors';

describe('recording status', () => {
  it('reads the event and treats anything malformed as not recording', () => {
    expect(toRecordingStatus({ active: true, startedAt: '2026-12-06T22:00:00.000Z' })).toEqual({
      active: true,
      startedAt: '2026-12-06T22:00:00.000Z',
    });
    expect(toRecordingStatus({ active: true })).toEqual({ active: true, startedAt: null });
    expect(toRecordingStatus({ active: 'yes', startedAt: 'x' })).toEqual({
      active: false,
      startedAt: null,
    });
    expect(toRecordingStatus(undefined).active).toBe(false);
  });

  it('keeps the reason of a stop by the server, and only of a stop', () => {
    const why = 'The recording stopped: the recordings folder reached its size limit.';
    expect(toRecordingStatus({ active: false, startedAt: null, reason: why })).toEqual({
      active: false,
      startedAt: null,
      reason: why,
    });
    expect(toRecordingStatus({ active: true, startedAt: 't', reason: why })).toEqual({
      active: true,
      startedAt: 't',
    });
    expect(toRecordingStatus({ active: false, reason: 42 })).toEqual({
      active: false,
      startedAt: null,
    });
  });

  it('names who will be recorded, ending with you', () => {
    expect(recordingConfirmation([])).toContain('of you,');
    expect(recordingConfirmation(['Ann'])).toContain('of Ann and you,');
    expect(recordingConfirmation(['Ann', 'Ben'])).toContain('of Ann, Ben and you,');
    expect(recordingConfirmation(['Ann'])).toContain('anyone who joins');
  });
});

describe('Recording', () => {
  it('follows events and acks, and notifies only on a change', () => {
    const send = vi.fn().mockResolvedValue({ ok: true });
    const rec = new Recording(send);
    const seen = vi.fn();
    rec.state.subscribe(seen);
    rec.apply({ active: true, startedAt: 't1' });
    rec.apply({ active: true, startedAt: 't1' });
    expect(seen).toHaveBeenCalledTimes(1);
    expect(rec.state.get()).toEqual({ active: true, startedAt: 't1' });
    rec.apply({ active: false, startedAt: null });
    expect(rec.state.get().active).toBe(false);
  });

  it('sends start and stop and takes the ack as the new state', async () => {
    const send = vi
      .fn()
      .mockResolvedValueOnce({ ok: true, recording: { active: true, startedAt: 't2' } })
      .mockResolvedValueOnce({ ok: true, recording: { active: false, startedAt: null } });
    const rec = new Recording(send);
    await rec.start();
    expect(send).toHaveBeenLastCalledWith('start-recording');
    expect(rec.state.get()).toEqual({ active: true, startedAt: 't2' });
    await rec.stop();
    expect(send).toHaveBeenLastCalledWith('stop-recording');
    expect(rec.state.get().active).toBe(false);
  });

  it('passes a refusal on and keeps the state', async () => {
    const rec = new Recording(() => Promise.reject(new ParleyError('not_host', 'Hosts only.')));
    await expect(rec.start()).rejects.toMatchObject({ code: 'not_host' });
    expect(rec.state.get().active).toBe(false);
  });
});
