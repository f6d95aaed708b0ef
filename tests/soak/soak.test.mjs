// Soak (docs/protocol.md, docs/signaling.md): 60 s of mixed abusive clients (non-reading
// sockets, ping floods, wrong-password loops, slowloris, oversized frames) while two people
// carry on a real signaling exchange. The exchange's acks stay under 100 ms p99, and the
// server's RSS comes back near its start once the abusers are gone.
//   PARLEY_SOAK_SECONDS=N shortens or lengthens the abuse (default 60).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import {
  closeAll,
  connect,
  createMeeting,
  emitAck,
  fakeCandidate,
  fakeSdp,
  guest,
  join,
  nextEvent,
  rssKiB,
} from '../signaling/harness.mjs';
import { percentile, sanitized, skip, startServer } from '../hardening/lib.mjs';

const SECONDS = Number(process.env.PARLEY_SOAK_SECONDS ?? 60);

/** One round of a real exchange between a and b: offer, answer, candidates, chat. */
async function round(a, b, latencies) {
  const timed = async (sock, event, payload) => {
    const t0 = performance.now();
    const ack = await emitAck(sock, event, payload, 10000);
    latencies.push(performance.now() - t0);
    assert.ok(ack.ok, `${event}: ${JSON.stringify(ack)}`);
  };
  const gotOffer = nextEvent(b, 'offer', { timeout: 10000 });
  await timed(a, 'offer', { offer: fakeSdp('offer'), targetSocket: b.id });
  await gotOffer;
  const gotAnswer = nextEvent(a, 'answer', { timeout: 10000 });
  await timed(b, 'answer', { answer: fakeSdp('answer'), targetSocket: a.id });
  await gotAnswer;
  await timed(a, 'ice-candidate', { candidate: fakeCandidate(), targetSocket: b.id });
  await timed(b, 'chat-message', { text: 'still here' });
  await timed(a, 'media-state', { audio: true, video: false, screen: false });
}

test(
  'a 2-person exchange keeps its acks under 100 ms p99 through 60 s of abuse',
  {
    skip: skip || (sanitized && 'timing and RSS are meaningless under ASan'),
    timeout: SECONDS * 1000 + 120000,
  },
  async () => {
    const server = await startServer();
    const people = [];
    try {
      const host = await guest(server, 'host');
      const m = await createMeeting(server, host.token);
      const locked = await createMeeting(server, host.token, { password: 'the real one' });
      const a = await connect(server, host.token);
      const b = await connect(server, (await guest(server, 'bob')).token);
      people.push(a, b);
      await join(a, m.meetingId);
      await join(b, m.meetingId);
      const latencies = [];
      for (let i = 0; i < 5; i++) await round(a, b, latencies); // warm-up
      latencies.length = 0;
      const start = rssKiB(server.pid);

      const abuser = await guest(server, 'abuser');
      const child = spawn(
        process.execPath,
        [
          fileURLToPath(new URL('./abusers.mjs', import.meta.url)),
          String(server.port),
          String(SECONDS),
          JSON.stringify({ token: abuser.token, room: locked.meetingId }),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const done = new Promise((r) => child.once('exit', r));
      let peak = start;
      let abusing = true;
      done.then(() => (abusing = false));
      while (abusing) {
        await round(a, b, latencies);
        peak = Math.max(peak, rssKiB(server.pid));
        await new Promise((r) => setTimeout(r, 50));
      }
      const counts = out.trim().split('\n').pop();
      // The abusers are gone: RSS settles back near where it started.
      let after = rssKiB(server.pid);
      for (let i = 0; i < 60 && after > start + 16 * 1024; i++) {
        await new Promise((r) => setTimeout(r, 500));
        after = rssKiB(server.pid);
      }
      const p99 = percentile(latencies, 99);
      console.log(
        `soak: ${latencies.length} acks, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ` +
          `${p99.toFixed(1)} ms; RSS ${start} KiB at start, peak ${peak}, after ${after}; abusers ${counts}`,
      );
      assert.ok(counts && JSON.parse(counts).guesser > 0, `abusers did not run: ${counts}`);
      assert.ok(p99 < 100, `ack p99 ${p99.toFixed(1)} ms`);
      assert.ok(
        after <= start + 16 * 1024,
        `RSS ${after} KiB after the abuse, ${start} KiB before`,
      );
      // The exchange still works afterwards.
      await round(a, b, latencies);
    } finally {
      await closeAll(people);
      await server.stop();
    }
  },
);
