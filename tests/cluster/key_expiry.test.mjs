// docs/cluster.md "Keys": a meeting's keys in Redis (all but :ended) expire an hour after the
// last script that changed or read the meeting, and a process holding a room for it gives
// them the hour back every 10 min, so a meeting abandoned without an end leaves nothing behind
// while a live one never loses them. Read with PTTL straight from Redis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMeeting,
  emitAck,
  guest,
  join,
  record,
  redisCommand,
  skip,
  until,
  useCluster,
} from './harness.mjs';

const T = 10000;
const HOUR = 3600 * 1000;

describe('meeting keys expire unless the meeting is live', { skip }, () => {
  const cluster = useCluster(2);
  const server = (i) => cluster.servers[i];
  /** The key's PTTL in ms (-2: none, -1: no expiry). */
  const pttl = async (key) => {
    const r = await redisCommand(cluster.redis.port, 'PTTL', key);
    assert.match(r, /^:-?\d+$/, `${key}: ${r}`);
    return Number(r.slice(1));
  };
  /** Asserts the key expires within the hour, and not much sooner. */
  const expiresInAnHour = async (key) => {
    const t = await pttl(key);
    assert.ok(t > HOUR - 60000 && t <= HOUR, `${key} expires in ${t} ms`);
  };

  it('every key of a meeting expires; a change gives it its hour back', async () => {
    const host = await guest(server(0), 'Host');
    const other = await guest(server(1), 'Other');
    const m = await createMeeting(server(0), host.token, { lobby: true });
    const h = await cluster.open(0, host.token);
    await join(h, m.meetingId);
    const heard = record(h, 'lobby-request');
    const o = await cluster.open(1, other.token);
    const waiting = emitAck(o, 'join', { room: m.meetingId }, T);
    await until(() => heard.length === 1, { timeout: T, what: 'lobby-request' });
    const k = `parley:m:${m.meetingId}:`;
    // Held in the lobby: its two keys too.
    for (const s of ['seq', 'o', 'p', 'mod', 'l', 'lo']) await expiresInAnHour(k + s);
    const joined = record(h, 'user-joined');
    assert.equal((await emitAck(h, 'admit', { userId: other.user.id }, T)).ok, true);
    assert.equal((await waiting).ok, true);
    // The host's process applies the join a moment after the joiner's ack (docs/cluster.md
    // "The signaling suite across processes"): act on the member once the host heard of it.
    await until(() => joined.some((p) => p.socketId === o.id), { timeout: T, what: 'user-joined' });
    assert.equal(
      (await emitAck(h, 'set-role', { targetSocket: o.id, role: 'cohost' }, T)).ok,
      true,
    );
    await expiresInAnHour(`${k}co`);
    assert.equal((await emitAck(h, 'remove-participant', { targetSocket: o.id }, T)).ok, true);
    await expiresInAnHour(`${k}ban`);
    // Shortened by hand, then a media-state of a member on the other process: the hour again.
    for (const s of ['seq', 'p', 'mod', 'ban'])
      assert.equal(await redisCommand(cluster.redis.port, 'PEXPIRE', k + s, '50000'), ':1');
    assert.equal(
      (await emitAck(h, 'media-state', { audio: false, video: true, screen: false }, T)).ok,
      true,
    );
    for (const s of ['seq', 'p', 'mod', 'ban']) await expiresInAnHour(k + s);
    // Ended: only the counter is left, and it expires too. The end's script follows the ack
    // (the store's end is what the ack says), on the process's own Redis connection.
    assert.equal((await emitAck(h, 'end-meeting', undefined, T)).ok, true);
    for (const s of ['p', 'o', 'mod', 'co', 'ban', 'l', 'lo'])
      await until(async () => (await pttl(k + s)) === -2, { timeout: T, what: `${k + s} gone` });
    await expiresInAnHour(`${k}seq`);
  });

  it('keys that expired are seeded again from the store by the next join', async () => {
    const host = await guest(server(0), 'Host');
    const m = await createMeeting(server(0), host.token, { lobby: true });
    const h = await cluster.open(0, host.token);
    await join(h, m.meetingId);
    assert.equal((await emitAck(h, 'lock-meeting', { locked: true }, T)).ok, true);
    await emitAck(h, 'leave', undefined, T);
    // Abandoned: its keys expire (made to, here, at once), as they would after an hour.
    const k = `parley:m:${m.meetingId}:`;
    await until(async () => (await pttl(`${k}p`)) === -2, { timeout: T, what: 'members gone' });
    for (const s of ['seq', 'o', 'mod', 'co', 'ban'])
      await redisCommand(cluster.redis.port, 'DEL', k + s);
    // The host comes back on the other process: the lock and the lobby are the store's.
    const again = await cluster.open(1, host.token);
    const { ack } = await join(again, m.meetingId);
    assert.deepEqual(ack.settings, { locked: true, lobby: true });
    await expiresInAnHour(`${k}mod`);
    const other = await guest(server(0), 'Other');
    const o = await cluster.open(0, other.token);
    const refused = await emitAck(o, 'join', { room: m.meetingId }, T);
    assert.equal(refused.error?.code, 'meeting_locked');
  });
});
