// The SFU browser rig (TESTING.md "Janus"): inside a private network namespace, a veth pair
// v0/v1 (10.77.0.1/24, 10.77.0.2/24) because Janus never gathers loopback candidates; Janus
// started by scripts/janus.sh; parley-server driving it; one Chromium with a context per
// participant. Pages load over http://127.0.0.1 (a secure context); media to Janus goes over
// the veth addresses.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before } from 'node:test';
import { launchBrowser } from '../../browser/lib/browser.mjs';
import { serverSkip, startServer, webRoot } from '../../lib/servers.mjs';
import { writeClip } from './y4m.mjs';

const repoRoot = resolve(import.meta.dirname, '../../..');
const janusScript = resolve(repoRoot, 'scripts/janus.sh');

const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Why this suite can't run here, or false. Never touches a shared (host) network. */
/** Why the recording tests cannot run here (the SFU's reasons, or a missing program), or false. */
export function recordingSkipReason() {
  const sfu = sfuSkipReason();
  if (sfu) return sfu;
  try {
    execFileSync(
      'sh',
      ['-c', 'command -v ffmpeg && command -v ffprobe && command -v janus-pp-rec'],
      {
        stdio: 'ignore',
      },
    );
    return false;
  } catch {
    return 'ffmpeg, ffprobe or janus-pp-rec is not installed (Debian ffmpeg, janus-tools)';
  }
}

export function sfuSkipReason() {
  if (serverSkip) return serverSkip;
  if (!existsSync(janusScript)) return 'scripts/janus.sh is missing';
  try {
    execFileSync('sh', ['-c', 'command -v janus'], { stdio: 'ignore' });
  } catch {
    return 'janus is not installed (Debian package janus)';
  }
  if (process.getuid?.() !== 0) return 'needs root (a veth pair in a private namespace)';
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).trim();
  const names = links.split('\n').map((l) => l.split(':')[1]?.trim().split('@')[0]);
  const ours = names.every((n) => ['lo', 'v0', 'v1'].includes(n));
  if (!ours)
    return 'run inside a private network namespace (unshare --net), as scripts/test.sh does';
  return false; // node:test reads `skip: null` as a skip without a reason
}

/** The veth pair both of whose ends stay in this (private) namespace. Idempotent. */
export function ensureVeth() {
  ip('link', 'set', 'lo', 'up');
  const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  if (!/ v0@/.test(links)) {
    ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ip('addr', 'add', '10.77.0.1/24', 'dev', 'v0');
    ip('addr', 'add', '10.77.0.2/24', 'dev', 'v1');
  }
  ip('link', 'set', 'v0', 'up');
  ip('link', 'set', 'v1', 'up');
}

/** Starts a private Janus; resolves `{url, secret, pid, dir, kill(), stop()}`. */
export function startJanus() {
  const out = execFileSync('bash', [janusScript, 'start'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const env = Object.fromEntries(
    [...out.matchAll(/^export (\w+)=(.*)$/gm)].map(([, k, v]) => [k, v.trim()]),
  );
  const pid = Number(env.PARLEY_JANUS_PID);
  const janus = {
    url: env.PARLEY_JANUS,
    secret: env.PARLEY_JANUS_SECRET,
    pid,
    dir: env.PARLEY_JANUS_DIR,
    /** SIGKILL: Janus dies mid-meeting. */
    kill() {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
    stop() {
      execFileSync('bash', [janusScript, 'stop', janus.dir], { stdio: 'ignore' });
    },
  };
  return janus;
}

/**
 * Registers the suite's hooks: before, the veth pair, Janus, a parley-server with `--janus`
 * and `serverArgs` (e.g. --sfu-threshold), and a Chromium whose camera is a writeClip(`clip`)
 * clip; after, all stopped.
 */
export function useSfuRig({ serverArgs = [], browserArgs = [], clip: clipSize = {} } = {}) {
  const rig = {};
  before(async () => {
    ensureVeth();
    rig.janus = startJanus();
    rig.server = await startServer({
      webRoot: webRoot(),
      extraArgs: ['--janus', rig.janus.url, '--janus-secret', rig.janus.secret, ...serverArgs],
    });
    // Every participant's camera is a 640x360 clip by default: simulcast layers, modest CPU.
    const clip = writeClip(clipSize);
    rig.chrome = await launchBrowser({
      args: [`--use-file-for-fake-video-capture=${clip}`, ...browserArgs],
    });
  });
  after(async () => {
    await rig.chrome?.close();
    await rig.server?.stop();
    rig.janus?.stop();
  });
  return rig;
}
