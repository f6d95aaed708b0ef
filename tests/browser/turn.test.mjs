// TURN in service (docs/deploy.md "TURN"): two Chromium instances in two network namespaces
// that cannot route to each other, parley-server and coturn (the shipped template) on a third
// side both can reach. The call connects only through coturn's relay: both sides decode video
// and the selected ICE candidate pair is `relay` on both. With coturn stopped the same call
// cannot connect, and each side says so in plain words (docs/web.md "When a call cannot connect").

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newParticipant, screenshot } from './lib/browser.mjs';
import { startCoturn } from './lib/coturn.mjs';
import { autojoin, byTestId, createMeetingViaApi, waitForMedia } from './lib/meeting.mjs';
import { buildNetworks, netnsSkipReason } from './lib/netns.mjs';
import { serverSkip, startServer, webRoot } from '../lib/servers.mjs';
import { testTls } from '../lib/tls.mjs';

// The pages are plain HTTP on the namespaces' addresses (a Chromium switch makes them secure
// contexts), so the TLS pass has nothing to add here: TURN is the same under both.
const tlsSkip = testTls && 'plain HTTP on namespace addresses; runs in the plain pass';
const skip = serverSkip || netnsSkipReason() || tlsSkip;

/** Records every RTCPeerConnection the page makes, for getStats() on the selected pair. */
function trackPeerConnections() {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__pcs.push(this);
    }
  };
}

/** The candidate types of each connected peer connection's selected pair. */
function selectedPairs(page) {
  return page.evaluate(async () => {
    const out = [];
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      let pair;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId)
          pair = stats.get(s.selectedCandidatePairId);
      });
      if (!pair) continue;
      out.push({
        local: stats.get(pair.localCandidateId)?.candidateType,
        remote: stats.get(pair.remoteCandidateId)?.candidateType,
        relayProtocol: stats.get(pair.localCandidateId)?.relayProtocol,
      });
    }
    return out;
  });
}

describe('a call between two networks through TURN', { skip: skip ?? false }, () => {
  let nets, coturn, server, port;
  const browsers = [];

  before(async () => {
    nets = buildNetworks();
    const gateways = nets.clients.map((c) => c.gateway);
    // The relay's own addresses are private (10.91.x.1): the one exception a test needs.
    coturn = await startCoturn({ listen: gateways, relayIp: gateways[0], allowPeers: gateways });
    const help = execFileSync(process.env.PARLEY_SERVER_BIN, ['--help'], { encoding: 'utf8' });
    const turnHost = gateways[0];
    server = await startServer({
      webRoot: webRoot(),
      // Every address (the pages come from 10.91.x.1), plain HTTP: a Chromium switch below
      // makes those pages secure contexts.
      extraArgs: ['--host', '0.0.0.0', ...(help.includes('--no-tls') ? ['--no-tls'] : [])],
      env: {
        PARLEY_TURN_SECRET: coturn.secret,
        PARLEY_TURN_URLS: `turn:${turnHost}:${coturn.port}?transport=udp,turn:${turnHost}:${coturn.port}?transport=tcp`,
      },
    });
    port = server.port;
    for (const c of nets.clients) {
      const origin = `http://${c.gateway}:${port}`;
      browsers.push({
        origin,
        chrome: await launchBrowser({
          executablePath: c.chromium,
          args: [`--unsafely-treat-insecure-origin-as-secure=${origin}`],
        }),
      });
    }
  });
  after(async () => {
    for (const b of browsers) await b.chrome.close();
    await server?.stop();
    await coturn?.stop();
    nets?.remove();
  });

  async function call(tag) {
    const { meeting } = await createMeetingViaApi(server.url);
    const people = [];
    for (const [i, b] of browsers.entries()) {
      const p = await newParticipant(b.chrome.browser, b.origin, { name: `${tag}${i}` });
      await p.context.addInitScript(trackPeerConnections);
      people.push(p);
    }
    await Promise.all(
      people.map((p, i) =>
        autojoin(p.page, browsers[i].origin, meeting.meetingId, `Person ${i + 1}`),
      ),
    );
    return people;
  }

  it('connects through the relay: both sides decode video over a relay candidate pair', async () => {
    const people = await call('relay');
    try {
      for (const p of people) {
        const peers = await waitForMedia(p.page, 1, { timeout: 90000 });
        assert.ok(peers[0].framesDecoded > 0, `${p.name} decoded no video`);
      }
      for (const p of people) {
        const pairs = await selectedPairs(p.page);
        assert.ok(pairs.length >= 1, `${p.name}: no connected peer connection`);
        for (const pair of pairs) {
          assert.equal(pair.local, 'relay', `${p.name}: ${JSON.stringify(pairs)}`);
          assert.equal(pair.remote, 'relay', `${p.name}: ${JSON.stringify(pairs)}`);
        }
      }
      for (const p of people)
        assert.equal(await p.page.locator(byTestId('connection-failed')).count(), 0);
    } finally {
      await screenshot(people[0].page, 'turn-relay-call').catch(() => undefined);
      for (const p of people) await p.context.close();
    }
  });

  it('with coturn stopped the call fails and each side says so in plain words', async () => {
    await coturn.stop();
    const people = await call('down');
    try {
      for (const p of people) {
        const notice = p.page.locator(byTestId('connection-failed'));
        await notice.first().waitFor({ state: 'visible', timeout: 90000 });
        const text = await notice.first().textContent();
        assert.match(text, /Could not connect to Person [12]/);
        assert.match(text, /relay server \(TURN\)/);
        const stats = await p.page.evaluate(() => window.__parley?.stats() ?? []);
        for (const peer of stats) assert.equal(peer.framesDecoded ?? 0, 0, 'no media can flow');
        assert.equal((await selectedPairs(p.page)).length, 0);
      }
      await screenshot(people[0].page, 'turn-down-call');
    } finally {
      for (const p of people) await p.context.close();
    }
  });
});
