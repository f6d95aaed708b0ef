// Two client networks that cannot reach each other, for the TURN test (TESTING.md "Separate
// networks for a TURN test"). The caller's own network namespace (a private one: scripts/test.sh
// runs the browser suite under `unshare --net`) is the server side; namespaces A and B hang off
// it on veth pairs, each with a default route to the server side, which does not forward.
// A Chromium runs inside a namespace through a wrapper script (`ip netns exec`).

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ip = (...args) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** Why namespaces can't be built here, or null. Never touches a shared (host) network. */
export function netnsSkipReason() {
  if (process.getuid?.() !== 0) return 'needs root (ip netns)';
  try {
    const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    if (links.length !== 1 || !/: lo:/.test(links[0]))
      return 'run inside a private network namespace (unshare --net), as scripts/test.sh does';
  } catch (error) {
    return `ip is not usable: ${error.message}`;
  }
  return null;
}

/**
 * Builds namespaces A (10.91.1.2) and B (10.91.2.2); the server side holds 10.91.1.1 and
 * 10.91.2.1. Returns `{clients: [{ns, address, gateway, chromium}], remove()}`.
 */
export function buildNetworks() {
  const tag = `p${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'parley-netns-'));
  const clients = [];
  const made = [];
  try {
    execFileSync('sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
    for (const [i, name] of ['a', 'b'].entries()) {
      const ns = `${tag}-${name}`;
      const outer = `${tag}${name}0`;
      const inner = `${tag}${name}1`;
      const gateway = `10.91.${i + 1}.1`;
      const address = `10.91.${i + 1}.2`;
      ip('netns', 'add', ns);
      made.push(ns);
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      ip('link', 'set', inner, 'netns', ns);
      ip('addr', 'add', `${gateway}/24`, 'dev', outer);
      ip('link', 'set', outer, 'up');
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', inner);
      ip('-n', ns, 'link', 'set', inner, 'up');
      ip('-n', ns, 'route', 'add', 'default', 'via', gateway);
      const chromium = join(dir, `chromium-${name}`);
      writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${ns} /usr/bin/chromium "$@"\n`);
      chmodSync(chromium, 0o755);
      clients.push({ ns, address, gateway, chromium });
    }
  } catch (error) {
    for (const ns of made) execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    clients,
    /** Deletes the namespaces (their veth ends go with them) and the wrappers. */
    remove() {
      for (const c of clients) {
        try {
          execFileSync('ip', ['netns', 'del', c.ns], { stdio: 'ignore' });
        } catch {
          /* already gone */
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
