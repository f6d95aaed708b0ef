// docs/api.md "GET /api/ice-servers", in a cluster (docs/cluster.md "Per-user limits"): the
// bound on fresh TURN credentials per user and hour is counted in the store the processes
// share, so a user asking each of three processes in turn gets the bound's fresh credentials
// in all, then the newest again everywhere, not three per process.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { api, guest, skip, sleep, useCluster } from './harness.mjs';

const turnUser = async (server, token) => {
  const r = await api(server, 'GET', '/api/ice-servers', { token });
  assert.equal(r.status, 200, r.text);
  return r.json.iceServers.find((s) => s.urls.some((u) => u.startsWith('turn:'))).username;
};
/** A credential's expiry (unix seconds), the first field of its username. */
const expiry = (username) => Number(username.split(':')[0]);

describe('TURN grants in a cluster', { skip }, () => {
  const cluster = useCluster(3, {
    extraArgs: [
      ...['--turn-secret', 'cluster-turn-secret', '--turn-urls', 'turn:127.0.0.1:3478'],
      ...['--turn-grants', '3'],
    ],
  });

  it('a user spreading requests over the processes gets the bound once, not per process', async () => {
    const [a] = cluster.servers;
    const g = await guest(a, 'Spreader');
    const fresh = [];
    for (const s of cluster.servers) fresh.push(await turnUser(s, g.token)); // 3: the bound
    const newest = Math.max(...fresh.map(expiry));
    // A second later a fresh grant would expire a second later: none is made, on any process.
    await sleep(1100);
    for (const s of cluster.servers) assert.equal(expiry(await turnUser(s, g.token)), newest);
    // Another user has a bound of their own.
    const other = await guest(a, 'Other');
    assert.ok(expiry(await turnUser(cluster.servers[1], other.token)) > newest);
  });
});
