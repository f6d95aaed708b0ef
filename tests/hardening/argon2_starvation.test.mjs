// Slow work cannot starve fast work (docs/api.md "Overload"): while 40 guest sockets loop
// wrong-password joins over 8 password-protected meetings (each guess is an Argon2 run, until
// the meeting's failure limit), GET /api/me keeps answering: p99 under 50 ms.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { api, createMeeting, guest, registerUser } from '../signaling/harness.mjs';
import { percentile, sanitized, skip, startServer } from './lib.mjs';

const ATTACKERS = 40;
const MEETINGS = 8;
const SECONDS = 12;

async function sampleMe(server, token, ms) {
  const times = [];
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const t0 = performance.now();
    const r = await api(server, 'GET', '/api/me', { token });
    times.push(performance.now() - t0);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}

test(
  'GET /api/me p99 stays under 50 ms while 40 sockets loop wrong-password joins',
  { skip: skip || (sanitized && 'timing is meaningless under ASan'), timeout: 300000 },
  async () => {
    const server = await startServer();
    try {
      const me = await registerUser(server, { prefix: 'victim' });
      const guests = [];
      for (let i = 0; i < ATTACKERS; i++) guests.push(await guest(server, `attacker${i}`));
      const host = await registerUser(server, { prefix: 'host' });
      const rooms = [];
      for (let i = 0; i < MEETINGS; i++)
        rooms.push(
          (await createMeeting(server, host.token, { password: 'the real one' })).meetingId,
        );
      const spec = guests.map((g, i) => ({
        token: g.token,
        rooms: rooms.map((_, j) => rooms[(i + j) % MEETINGS]),
      }));
      const baseline = await sampleMe(server, me.token, 2000);
      const child = spawn(
        process.execPath,
        [
          fileURLToPath(new URL('./wrong_password_attackers.mjs', import.meta.url)),
          server.url,
          String(SECONDS),
          JSON.stringify(spec),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      const done = new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 2000)); // the attack is under way
      const during = await sampleMe(server, me.token, (SECONDS - 4) * 1000);
      await done;
      const counts = JSON.parse(out.trim().split('\n').pop() || '{}');
      const p99 = percentile(during, 99);
      console.log(
        `GET /api/me: baseline p99 ${percentile(baseline, 99).toFixed(1)} ms; under attack ` +
          `p50 ${percentile(during, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ` +
          `${during.length} calls; attackers' acks ${JSON.stringify(counts)}`,
      );
      assert.ok(counts.wrong_password > 0, `the attack made no guesses: ${out}`);
      assert.ok(p99 < 50, `GET /api/me p99 ${p99.toFixed(1)} ms under attack`);
    } finally {
      await server.stop();
    }
  },
);
