// Three client networks for the network adaptation test (TESTING.md "Separate networks" and
// "A busy camera for bandwidth tests"). The caller's private namespace is the router and the
// server side; namespaces A, B and C hang off it on veth pairs (10.93.N.2, gateway 10.93.N.1).
// A and B also share a direct veth pair (10.94.0.1 <-> 10.94.0.2) and have no route to each
// other through the router, so media between A and B can only take that link, while A-C and
// B-C go through the router. shape() puts a token bucket filter on A's end of the direct link:
// only what A sends to B is limited. shapeUplink() puts it on A's link to the router instead:
// everything A sends there (to the server, an SFU, C) is limited.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
const ip = (...args) => run('ip', args);

export function buildShapedNetworks() {
  const tag = `s${process.pid % 100000}`;
  const dir = mkdtempSync(join(tmpdir(), 'parley-shaped-'));
  const clients = [];
  const made = [];
  const ns = (name) => `${tag}-${name}`;
  try {
    run('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    for (const [i, name] of ['a', 'b', 'c'].entries()) {
      const outer = `${tag}${name}0`;
      const inner = `${tag}${name}1`;
      const gateway = `10.93.${i + 1}.1`;
      ip('netns', 'add', ns(name));
      made.push(ns(name));
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      ip('link', 'set', inner, 'netns', ns(name));
      ip('addr', 'add', `${gateway}/24`, 'dev', outer);
      ip('link', 'set', outer, 'up');
      ip('-n', ns(name), 'link', 'set', 'lo', 'up');
      ip('-n', ns(name), 'addr', 'add', `10.93.${i + 1}.2/24`, 'dev', inner);
      ip('-n', ns(name), 'link', 'set', inner, 'up');
      const chromium = join(dir, `chromium-${name}`);
      writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${ns(name)} /usr/bin/chromium "$@"\n`);
      chmodSync(chromium, 0o755);
      clients.push({ name, ns: ns(name), gateway, chromium });
    }
    // A and C, B and C reach each other through the router; A and B only directly.
    ip('-n', ns('a'), 'route', 'add', '10.93.3.0/24', 'via', '10.93.1.1');
    ip('-n', ns('b'), 'route', 'add', '10.93.3.0/24', 'via', '10.93.2.1');
    ip('-n', ns('c'), 'route', 'add', '10.93.1.0/24', 'via', '10.93.3.1');
    ip('-n', ns('c'), 'route', 'add', '10.93.2.0/24', 'via', '10.93.3.1');
    ip('link', 'add', `${tag}ab`, 'type', 'veth', 'peer', 'name', `${tag}ba`);
    ip('link', 'set', `${tag}ab`, 'netns', ns('a'));
    ip('link', 'set', `${tag}ba`, 'netns', ns('b'));
    ip('-n', ns('a'), 'addr', 'add', '10.94.0.1/24', 'dev', `${tag}ab`);
    ip('-n', ns('b'), 'addr', 'add', '10.94.0.2/24', 'dev', `${tag}ba`);
    ip('-n', ns('a'), 'link', 'set', `${tag}ab`, 'up');
    ip('-n', ns('b'), 'link', 'set', `${tag}ba`, 'up');
  } catch (error) {
    for (const n of made) execFileSync('ip', ['netns', 'del', n], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const tc = (...args) => run('ip', ['netns', 'exec', ns('a'), 'tc', ...args]);
  /** Limits what A sends on `dev` to `kbit` kbit/s (token bucket filter); null lifts it. */
  const limit = (dev, kbit) => {
    try {
      tc('qdisc', 'del', 'dev', dev, 'root');
    } catch {
      /* no limit yet */
    }
    if (kbit !== null)
      tc(
        'qdisc',
        'add',
        'dev',
        dev,
        'root',
        'tbf',
        'rate',
        `${kbit}kbit`,
        'burst',
        '32kbit',
        'latency',
        '400ms',
      );
  };
  return {
    clients,
    /** Limits what A sends to B (the direct link) to `kbit` kbit/s; null lifts it. */
    shape: (kbit) => limit(`${tag}ab`, kbit),
    /** Limits what A sends towards the router (server, SFU, C) to `kbit` kbit/s. */
    shapeUplink: (kbit) => limit(`${tag}a1`, kbit),
    /** Deletes the namespaces (their veth ends go with them) and the wrappers. */
    remove() {
      for (const c of clients) {
        try {
          execFileSync('ip', ['netns', 'del', c.ns], { stdio: 'ignore' });
        } catch {
          /* already gone */
        }
      }
      try {
        run('sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
      } catch {
        /* leave it */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A 640x480 clip at `fps` whose every frame is fresh noise (VP8 then wants ~1.5 Mbit/s). */
export function writeNoiseClip({ width = 640, height = 480, fps = 15, frames = 30 } = {}) {
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  let seed = 12345;
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(width * height);
    for (let k = 0; k < y.length; k++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      y[k] = 16 + ((seed >>> 16) % 220);
    }
    parts.push(Buffer.from('FRAME\n'), y, chroma);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'parley-noise-')), 'camera.y4m');
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/**
 * A 10 s mono WAV (48 kHz, 16-bit) that sounds like someone talking: syllables of 120-280 ms,
 * each a voiced glide with harmonics under an envelope, 40-200 ms apart, and a longer pause
 * now and then. Chromium's fake microphone beeps, and its noise suppression turns a steady
 * beep into silence for seconds at a time (Opus DTX then sends ~1 kbit/s): a test that asks
 * whether audio keeps flowing needs a source that keeps talking.
 */
export function writeSpeechWav() {
  const rate = 48000;
  const samples = new Int16Array(rate * 10);
  let seed = 4242;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 16) / 65536;
  };
  let at = 0;
  while (at < samples.length) {
    const length = Math.floor(rate * (0.12 + 0.16 * random()));
    const from = 110 + 140 * random();
    const to = from * (0.7 + 0.6 * random());
    let phase = 0;
    for (let k = 0; k < length && at + k < samples.length; k++) {
      const x = k / length;
      phase += (2 * Math.PI * (from + (to - from) * x)) / rate;
      const envelope = Math.sin(Math.PI * x) ** 2;
      const voiced = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase);
      samples[at + k] = Math.round(9000 * envelope * voiced);
    }
    at += length + Math.floor(rate * (random() < 0.1 ? 0.5 : 0.04 + 0.16 * random()));
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples.byteLength, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36);
  header.writeUInt32LE(samples.byteLength, 40);
  const path = join(mkdtempSync(join(tmpdir(), 'parley-speech-')), 'microphone.wav');
  writeFileSync(path, Buffer.concat([header, Buffer.from(samples.buffer)]));
  return path;
}
