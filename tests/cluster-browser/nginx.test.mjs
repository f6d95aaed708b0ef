// A 3-person call in real Chromium whose members sit on three different processes of a
// cluster, behind the nginx site shipped in deploy/ (docs/cluster.md "Tests"): TLS at nginx,
// sticky sessions by client address, WebSocket upgrades passed on, and one member on the
// long-polling transport because its network refuses WebSockets.
//
// nginx picks the process from the client's address, so each browser reaches nginx through a
// small CONNECT proxy of this test bound to a loopback source address of its own (127.0.0.N),
// chosen so that the three land on three different processes. Media goes browser to browser
// on loopback, as in the other browser suites.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { launchBrowser } from '../browser/lib/browser.mjs';
import {
  byTestId,
  createMeetingViaApi,
  joinAs,
  pollPage,
  waitForMedia,
} from '../browser/lib/meeting.mjs';
import { request } from '../deploy/lib/https.mjs';
import { makeCert, startNginx } from '../deploy/lib/nginx.mjs';
import { webRoot } from '../lib/servers.mjs';
import { skip as clusterSkip, useCluster } from '../cluster/harness.mjs';

const skip =
  clusterSkip || (process.env.PARLEY_SKIP_BROWSER ? 'PARLEY_SKIP_BROWSER is set' : false);

/** A CONNECT proxy on a free loopback port whose tunnels leave from `from` (127.0.0.N). */
function startProxy(from) {
  const server = createServer((_, res) => res.writeHead(405).end());
  const open = new Set();
  server.on('connect', (req, client, head) => {
    const [host, port] = req.url.split(':');
    const upstream = tcpConnect({ host, port: Number(port), localAddress: from }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        from,
        stop: () => {
          for (const s of open) s.destroy();
          return new Promise((r) => server.close(r));
        },
      }),
    );
  });
}

/**
 * Runs in the page before the client: every WebSocket this page opens goes to a port where
 * nothing listens, as on a network whose proxy refuses upgrades (the connection fails with
 * `error` then `close`, the browser's own path for that).
 */
function refuseWebSockets() {
  const Real = window.WebSocket;
  window.WebSocket = class extends Real {
    constructor(url, protocols) {
      super('wss://127.0.0.1:9/', protocols);
    }
  };
}

describe('a call across three processes behind nginx, one member polling', { skip }, () => {
  const cluster = useCluster(3, { extraArgs: ['--web-root', webRoot()] });
  const proxies = [];
  const browsers = [];
  const people = [];
  let dir, tls, nginx;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-cluster-nginx-'));
    tls = makeCert(dir);
    nginx = await startNginx({
      backends: cluster.servers.map((s) => s.port),
      cert: tls.cert,
      key: tls.key,
      ca: tls.pem,
    });
    // One source address per process: the first addresses nginx's hash sends to each.
    const chosen = new Map();
    for (let n = 10; n < 250 && chosen.size < 3; n++) {
      const from = `127.0.0.${n}`;
      const r = await request(nginx.httpsUrl, 'GET', `/healthz?probe=${n}`, { from, ca: tls.pem });
      assert.equal(r.status, 200, r.text);
      // nginx writes the line just after the response: wait for it.
      let line;
      for (let i = 0; i < 50 && !line; i++) {
        line = nginx.accessLog().find((l) => l.request.includes(`probe=${n} `));
        if (!line) await new Promise((r) => setTimeout(r, 20));
      }
      assert.ok(line, `nginx logged no line for probe ${n}`);
      if (!chosen.has(line.upstream)) chosen.set(line.upstream, from);
    }
    assert.equal(chosen.size, 3, `nginx sent 240 addresses to ${chosen.size} processes only`);
    for (const from of chosen.values()) proxies.push(await startProxy(from));
    for (const proxy of proxies) {
      browsers.push(
        await launchBrowser({
          args: [
            `--proxy-server=${proxy.url}`,
            // Chromium sends loopback origins around any proxy unless told not to.
            '--proxy-bypass-list=<-loopback>',
            '--ignore-certificate-errors',
          ],
        }),
      );
    }
  });
  after(async () => {
    for (const p of people) await p.context.close().catch(() => undefined);
    for (const b of browsers) await b.close();
    for (const proxy of proxies) await proxy.stop();
    await nginx?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('all three see and hear each other; each stays on its process, the polling one too', async () => {
    // The meeting is made on one process; the store is shared.
    const { meeting } = await createMeetingViaApi(cluster.servers[0].url);
    for (const [i, b] of browsers.entries()) {
      const name = `Person ${i + 1}`;
      // The third member's page can open no WebSocket at all.
      const options = { name, ...(i === 2 ? { initScript: refuseWebSockets } : {}) };
      people.push(await joinAs(b.browser, nginx.httpsUrl, meeting.meetingId, name, options));
    }
    for (const p of people) await waitForMedia(p.page, 2, { timeout: 90000 });

    // The polling member really polls: its engine's transport, and no upgrade ever happened.
    const transport = await people[2].page.evaluate(() => window.__parley.transport());
    assert.equal(transport, 'polling');

    // Chat from the polling member reaches the two others, on the two other processes.
    const polling = people[2].page;
    if ((await polling.getAttribute(byTestId('toggle-chat'), 'aria-pressed')) !== 'true')
      await polling.click(byTestId('toggle-chat'));
    await polling.fill(byTestId('chat-input'), 'hello from the polling side');
    await polling.click(byTestId('chat-send'));
    for (const p of people.slice(0, 2)) {
      await pollPage(
        p.page,
        () => document.body.innerText.includes('hello from the polling side'),
        null,
        { what: 'the polling member’s chat message', timeout: 20000 },
      );
    }

    // Every Engine.IO request of each browser went to one process, and the three differ.
    // nginx logs a WebSocket's upgrade request when the WebSocket ends: leave first. It logs
    // each request when it ends, so what was logged before the pages closed had ended.
    const loggedBeforeClose = nginx.accessLog().length;
    for (const p of people) await p.context.close();
    const engineIo = () =>
      nginx
        .accessLog()
        .map((l, index) => ({ ...l, index }))
        .filter((l) => l.request.includes('/socket.io/'));
    for (let i = 0; i < 50; i++) {
      if (proxies.every((proxy) => engineIo().some((l) => l.from === proxy.from))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const log = engineIo();
    const processes = proxies.map((proxy) => {
      const mine = log.filter((l) => l.from === proxy.from);
      assert.ok(mine.length > 0, `no Engine.IO request from ${proxy.from}`);
      const upstreams = new Set(mine.map((l) => l.upstream));
      assert.equal(upstreams.size, 1, `${proxy.from} reached ${[...upstreams]}`);
      return [...upstreams][0];
    });
    assert.equal(new Set(processes).size, 3, `members on ${processes}`);
    const polls = log.filter((l) => l.from === proxies[2].from);
    // A request still open when its page closed (the long poll, or a packet being sent) ends
    // as the browser left it: nginx logs 499 (client closed) unless the answer won the race.
    // Every request that ended before is a poll answered 200.
    const cutOff = (l) =>
      l.index >= loggedBeforeClose && l.status === 499 && l.request.includes('sid=');
    const odd = polls.filter(
      (l) => !l.request.includes('transport=polling') || (l.status !== 200 && !cutOff(l)),
    );
    assert.deepEqual(odd, [], `the polling member's requests that were not a poll answered 200`);
    const atClose = polls.filter((l) => l.index >= loggedBeforeClose);
    console.log(
      `# members on ${processes.join(', ')}; the polling member made ${polls.length} requests, ` +
        `all to one process (ended as the pages closed: ${atClose.map((l) => l.request.split(' ')[0] + ' ' + l.status).join(', ') || 'none'})`,
    );
  });
});
