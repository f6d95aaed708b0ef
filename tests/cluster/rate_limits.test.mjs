// docs/cluster.md "Per-user limits": chat-message and reaction spend one budget per user across
// the processes of a cluster. A user with a socket on process 0 and one on process 1 gets what
// one socket gets (burst + rate × seconds), not twice that; another user on the same processes
// keeps its own budget. While Redis is lost each socket spends its own, as without --redis.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  api,
  createMeeting,
  emitAck,
  guest,
  join,
  redisCommand,
  record,
  skip,
  sleep,
  until,
  useCluster,
} from './harness.mjs';

const T = 10000;
// Set small so a flood stays far from the abuse budget (100 refusals per socket); chat's
// budget per user is the event rate of one socket (docs/signaling.md "Limits").
const CHAT_RATE = 10;
const CHAT_BURST = 20;
// The reaction budget (docs/signaling.md "Limits").
const REACTION_RATE = 1;
const REACTION_BURST = 5;

const isOk = (a) => a.ok === true;

/** Every ack is ok or rate_limited; resolves how many were ok. */
function accepted(acks) {
  for (const a of acks)
    assert.ok(a.ok === true || a.error?.code === 'rate_limited', `unexpected ${JSON.stringify(a)}`);
  return acks.filter(isOk).length;
}

describe('per-user rate limits across processes', { skip }, () => {
  const cluster = useCluster(3, {
    extraArgs: ['--event-rate', String(CHAT_RATE), '--event-burst', String(CHAT_BURST)],
  });
  const server = (i) => cluster.servers[i];

  /** Two users with one socket each on process 0 and on process 1, in one meeting. */
  async function twoUsersOnTwoProcesses() {
    const a = await guest(server(0), 'A');
    const b = await guest(server(1), 'B');
    const m = await createMeeting(server(0), a.token);
    const sockets = {};
    for (const [name, who] of [
      ['a', a],
      ['b', b],
    ])
      for (const i of [0, 1]) {
        const s = await cluster.open(i, who.token);
        await join(s, m.meetingId);
        sockets[`${name}${i}`] = s;
      }
    return { m, a, b, ...sockets };
  }

  it("reactions: one user's two processes share one budget; another user keeps its own", async () => {
    const { a, a0, a1, b0, b1 } = await twoUsersOnTwoProcesses();
    const heard = record(b1, 'reaction');
    // Both of A's sockets, 8 a second each for 3 s: 48 sent, within each socket's event rate.
    const acks = [];
    const start = Date.now();
    for (let i = 0; i < 24; i++) {
      acks.push(
        emitAck(a0, 'reaction', { emoji: '👍' }, T),
        emitAck(a1, 'reaction', { emoji: '🎉' }, T),
      );
      await sleep(125);
    }
    const got = accepted(await Promise.all(acks));
    const seconds = (Date.now() - start) / 1000;
    const budget = REACTION_BURST + REACTION_RATE * seconds;
    assert.ok(
      got <= budget + 1 && got >= REACTION_BURST + Math.floor(seconds) - 1,
      `${got} reactions accepted from two processes in ${seconds} s; one socket's budget is ${budget}`,
    );
    // Each accepted one reached the other user's socket on process 1, and only those.
    await until(() => heard.filter((r) => r.userId === a.user.id).length === got, {
      timeout: T,
      what: `${got} reactions at B`,
    });
    // The budget's key expires (once it would be full again).
    const ttl = await redisCommand(cluster.redis.port, 'PTTL', `parley:rate:${a.user.id}:reaction`);
    assert.match(ttl, /^:\d+$/);
    assert.ok(Number(ttl.slice(1)) > 0, ttl);
    // B, on the same two processes, has all of its own burst, and no more.
    const b = [];
    for (let i = 0; i < 3; i++) {
      b.push(await emitAck(b0, 'reaction', { emoji: '👏' }, T));
      b.push(await emitAck(b1, 'reaction', { emoji: '👏' }, T));
    }
    assert.deepEqual(
      b.map((x) => x.ok ?? x.error?.code),
      [true, true, true, true, true, 'rate_limited'],
    );
  });

  it("chat: one user's two processes share one budget; refused messages are not stored", async () => {
    const { m, a, a0, a1, b0, b1 } = await twoUsersOnTwoProcesses();
    // 18 from each of A's sockets at once: under each socket's event burst (20, the join took
    // one), so each socket alone would have them all.
    const start = Date.now();
    const acks = await Promise.all(
      [a0, a1].flatMap((s) =>
        Array.from({ length: 18 }, (_, i) => emitAck(s, 'chat-message', { text: `m${i}` }, T)),
      ),
    );
    const seconds = (Date.now() - start) / 1000;
    const got = accepted(acks);
    const budget = CHAT_BURST + CHAT_RATE * seconds;
    assert.ok(
      got <= budget + 1 && got >= CHAT_BURST,
      `${got} chat messages accepted from two processes in ${seconds} s; one socket's budget is ${budget}`,
    );
    const history = await api(server(2), 'GET', `/api/meetings/${m.meetingId}/messages`, {
      token: a.token,
    });
    assert.equal(history.status, 200);
    assert.equal(history.json.messages.filter((x) => x.userId === a.user.id).length, got);
    // B, on the same two processes, is not affected by A's spending.
    const b = await Promise.all(
      [b0, b1].flatMap((s) =>
        Array.from({ length: 5 }, (_, i) => emitAck(s, 'chat-message', { text: `b${i}` }, T)),
      ),
    );
    assert.ok(b.every(isOk), JSON.stringify(b));
  });

  // Last: it restarts Redis.
  it('while Redis is lost, each socket falls back to its own reaction budget', async () => {
    const { a0, a1 } = await twoUsersOnTwoProcesses();
    const marks = cluster.servers.map((s) => s.logs.length);
    const codes = { a0: [], a1: [] };
    await cluster.restartRedis({
      down: async () => {
        await until(
          () =>
            [0, 1].every((i) =>
              cluster.servers[i].logs.slice(marks[i]).some((l) => l.event === 'cluster_redis_lost'),
            ),
          { timeout: T, what: 'cluster_redis_lost' },
        );
        for (let i = 0; i < 6; i++)
          for (const [name, s] of Object.entries({ a0, a1 }))
            codes[name].push((await emitAck(s, 'reaction', { emoji: '👍' }, T)).error?.code);
      },
    });
    // Each socket's own bucket (5), full: let through (then unavailable: nothing is published
    // without Redis, docs/cluster.md "Losing Redis"), then rate_limited.
    const expected = [...Array(REACTION_BURST).fill('unavailable'), 'rate_limited'];
    assert.deepEqual(codes, { a0: expected, a1: expected });
  });
});
