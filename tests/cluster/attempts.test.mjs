// docs/api.md "Failed logins", "Meeting passwords", in a cluster: failures are counted in the
// store the processes share, so guesses spread over three processes meet the same limit as on
// one, and every process refuses the same attempts.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { createMeeting, registerUser, skip, uniq, useCluster } from './harness.mjs';

/**
 * A JSON POST from a loopback address of its own (127.x.y.z): failures also count per client
 * address, in a store that outlives one run, so each test guesses from a fresh address.
 */
function post(server, path, body, { token, from }) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      `${server.url}${path}`,
      {
        method: 'POST',
        localAddress: from,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          const json = text ? JSON.parse(text) : null;
          resolve({ status: res.statusCode, headers: res.headers, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const randomLoopback = () =>
  `127.${[0, 0, 0].map(() => 1 + Math.floor(Math.random() * 250)).join('.')}`;

describe('cluster-wide attempt limits', { skip }, () => {
  const cluster = useCluster(3);

  it('five failed logins spread over three processes lock that login on every process', async () => {
    const [a] = cluster.servers;
    const from = randomLoopback();
    const { username } = await registerUser(a, { prefix: 'guess', password: 'right-password' });
    const signIn = (server, login, password) =>
      post(server, '/api/sessions', { login, password }, { from });
    for (let i = 0; i < 5; i++) {
      const r = await signIn(cluster.servers[i % 3], username, `wrong-${i}`);
      assert.equal(r.status, 401, `attempt ${i + 1} on process ${i % 3}`);
    }
    for (const server of cluster.servers) {
      const r = await signIn(server, username.toUpperCase(), 'right-password');
      assert.equal(r.status, 429, r.text);
      assert.equal(r.json.error.code, 'rate_limited');
      const retry = Number(r.headers['retry-after']);
      assert.ok(retry > 850 && retry <= 900, `Retry-After ${retry}`);
    }
    // Someone else signs in as usual.
    const other = await registerUser(cluster.servers[1], {
      prefix: 'other',
      password: 'pw-other-1',
    });
    const ok = await signIn(cluster.servers[2], other.username, 'pw-other-1');
    assert.equal(ok.status, 200, ok.text);
  });

  it('five wrong meeting passwords spread over three processes lock that guesser everywhere', async () => {
    const host = await registerUser(cluster.servers[0], { prefix: 'host' });
    const meeting = await createMeeting(cluster.servers[0], host.token, {
      title: uniq('locked'),
      password: 'open-sesame',
    });
    const guesser = await registerUser(cluster.servers[1], { prefix: 'guesser' });
    const from = randomLoopback();
    const join = (server, password) =>
      post(
        server,
        `/api/meetings/${meeting.meetingId}/join`,
        { password },
        { token: guesser.token, from },
      );
    for (let i = 0; i < 5; i++) {
      const r = await join(cluster.servers[i % 3], `guess-${i}`);
      assert.equal(r.status, 403, `guess ${i + 1}: ${r.text}`);
      assert.equal(r.json.error.code, 'wrong_password');
    }
    for (const server of cluster.servers) {
      const r = await join(server, 'open-sesame');
      assert.equal(r.status, 429, r.text);
      assert.equal(r.json.error.code, 'rate_limited');
    }
  });
});
