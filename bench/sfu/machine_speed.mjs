// A reference for the machine's speed during a bench run: X25519 key agreements per second on
// one core (node:crypto, i.e. OpenSSL), with the load average. A shared machine's speed drifts
// between runs, and every figure of a browser bench moves with it; this says how fast the
// machine was when the figures were taken (docs/benchmarks.md "Mesh and SFU").

import { diffieHellman, generateKeyPairSync } from 'node:crypto';
import { loadavg } from 'node:os';

/** `{x25519_per_s, load}`: agreements per second over `ms`, and the 1-minute load average. */
export function machineSpeed(ms = 1000) {
  const a = generateKeyPairSync('x25519');
  const b = generateKeyPairSync('x25519');
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < ms) {
    for (let i = 0; i < 50; i++)
      diffieHellman({ privateKey: a.privateKey, publicKey: b.publicKey });
    n += 50;
  }
  return { x25519_per_s: (n * 1000) / (performance.now() - start), load: loadavg()[0] };
}
