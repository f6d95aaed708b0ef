// The SFU suite's helpers: a private Janus started by scripts/janus.sh, its Admin API (what
// Janus holds: sessions, handles, VideoRooms), and a hand-made SDP offer that Janus answers
// without ICE ever completing. Not a test file itself (no `.test.` in the name).
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { netnsSkipReason } from '../browser/lib/netns.mjs';
import { startServer } from '../lib/servers.mjs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const script = join(root, 'scripts/janus.sh');

const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * Janus needs a non-loopback interface even to answer an offer (it never gathers on
 * loopback). In a private network namespace (scripts/test.sh runs this suite under
 * `unshare --net`) this adds a veth pair with both ends inside it (10.77.0.1 and 10.77.0.2,
 * TESTING.md "Janus"); on a host it does nothing. Call before startJanus(): Janus reads the
 * interfaces once. Returns a function that removes what it added.
 */
export function janusNetwork() {
  if (netnsSkipReason() !== null) return () => {};
  ip('link', 'add', 'sfu0', 'type', 'veth', 'peer', 'name', 'sfu1');
  ip('addr', 'add', '10.77.0.1/24', 'dev', 'sfu0');
  ip('addr', 'add', '10.77.0.2/24', 'dev', 'sfu1');
  ip('link', 'set', 'sfu0', 'up');
  ip('link', 'set', 'sfu1', 'up');
  return () => {
    try {
      ip('link', 'del', 'sfu0');
    } catch {
      /* gone with the namespace */
    }
  };
}

/** Starts Janus; resolves `{url, secret, admin, adminSecret, pid, dir, stop()}`. */
export function startJanus() {
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8' });
  const env = {};
  for (const m of out.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
  const j = {
    url: env.PARLEY_JANUS,
    secret: env.PARLEY_JANUS_SECRET,
    admin: env.PARLEY_JANUS_ADMIN,
    adminSecret: env.PARLEY_JANUS_ADMIN_SECRET,
    pid: Number(env.PARLEY_JANUS_PID),
    dir: env.PARLEY_JANUS_DIR,
  };
  j.stop = () => execFileSync('bash', [script, 'stop', j.dir], { stdio: 'ignore' });
  j.kill = () => {
    try {
      process.kill(j.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  /** After kill(): the same Janus again (same config, ports and secrets), a new process. */
  j.restart = async () => {
    const child = spawn(
      'janus',
      ['-F', join(j.dir, 'conf'), '-L', join(j.dir, 'janus.log'), '-N', '-o'],
      {
        stdio: 'ignore',
        detached: true,
      },
    );
    child.unref();
    j.pid = child.pid;
    writeFileSync(join(j.dir, 'janus.pid'), `${child.pid}\n`); // what stop() ends
    const deadline = Date.now() + 15000;
    while (!(await accepts(j.url))) {
      if (Date.now() > deadline) throw new Error(`Janus did not come back on ${j.url}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return j;
}

/** Whether something accepts TCP connections at a ws:// URL's host and port. */
function accepts(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = tcpConnect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** One Admin API request over its WebSocket ("janus-admin-protocol"); resolves the reply. */
export function adminRequest(janus, body, timeout = 5000) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(janus.admin, 'janus-admin-protocol');
    const transaction = Math.random().toString(36).slice(2);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`Janus admin ${body.janus} timed out`));
    }, timeout);
    ws.on('open', () =>
      ws.send(JSON.stringify({ ...body, transaction, admin_secret: janus.adminSecret })),
    );
    ws.on('message', (m) => {
      const reply = JSON.parse(m);
      if (reply.transaction !== transaction) return;
      clearTimeout(timer);
      ws.close();
      if (reply.janus !== 'success') reject(new Error(`Janus admin: ${JSON.stringify(reply)}`));
      else resolve(reply);
    });
    ws.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Every handle Janus holds: `{sessions, handles: [{session_id, handle_id}]}` (Admin API). */
async function janusHandles(janus) {
  const { sessions } = await adminRequest(janus, { janus: 'list_sessions' });
  const handles = [];
  for (const session_id of sessions) {
    const r = await adminRequest(janus, { janus: 'list_handles', session_id });
    for (const handle_id of r.handles) handles.push({ session_id, handle_id });
  }
  return { sessions, handles };
}

/** Every remote candidate Janus holds over all handles (the Admin API's `handle_info`). */
export async function janusRemoteCandidates(janus) {
  const out = [];
  for (const { session_id, handle_id } of (await janusHandles(janus)).handles) {
    const { info } = await adminRequest(janus, { janus: 'handle_info', session_id, handle_id });
    out.push(...(info.webrtc?.ice?.['remote-candidates'] ?? []));
  }
  return out;
}

/** What Janus holds now: `{sessions, handles, rooms}` (handles over all sessions; rooms
 *  from the VideoRoom's `list` with its admin_key, so private rooms count too). */
export async function janusHolds(janus) {
  const { sessions, handles } = await janusHandles(janus);
  const list = await adminRequest(janus, {
    janus: 'message_plugin',
    plugin: 'janus.plugin.videoroom',
    request: { request: 'list', admin_key: janus.secret },
  });
  return { sessions: sessions.length, handles: handles.length, rooms: list.response.list.length };
}

const fingerprint = Array.from({ length: 32 }, (_, i) => (i + 16).toString(16).toUpperCase()).join(
  ':',
);

/** A syntactically valid sendonly offer (Opus + VP8) with fake ICE credentials and DTLS
 *  fingerprint: Janus answers it, but ICE never completes. */
export function fakeOffer() {
  const media = (kind, mid, pt, codec, ssrc) => [
    `m=${kind} 9 UDP/TLS/RTP/SAVPF ${pt}`,
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:pRlY',
    'a=ice-pwd:fakefakefakefakefakefake',
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint}`,
    'a=setup:actpass',
    `a=mid:${mid}`,
    'a=sendonly',
    `a=msid:stream ${kind}`,
    'a=rtcp-mux',
    `a=rtpmap:${pt} ${codec}`,
    `a=ssrc:${ssrc} cname:parley`,
  ];
  const sdp = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS stream',
    ...media('audio', '0', 111, 'opus/48000/2', 1111),
    ...media('video', '1', 96, 'VP8/90000', 2222),
    '',
  ].join('\r\n');
  return { type: 'offer', sdp };
}

/**
 * The veth network, a Janus and a parley-server driving it (`--janus` plus `extraArgs`; the
 * secret only in its environment; `options` go to startServer, e.g. a `store`). `stop()` ends
 * all three, in reverse order.
 */
export async function sfuServer(extraArgs = [], options = {}) {
  const removeNetwork = janusNetwork();
  const janus = startJanus();
  let server;
  try {
    server = await startServer({
      ...options,
      extraArgs: ['--janus', janus.url, ...extraArgs],
      env: { PARLEY_JANUS_SECRET: janus.secret },
    });
  } catch (e) {
    janus.stop();
    removeNetwork();
    throw e;
  }
  return {
    janus,
    server,
    async stop() {
      await server.stop();
      janus.stop();
      removeNetwork();
    },
  };
}
