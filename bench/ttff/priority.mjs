// Raises the CPU share of the processes this bench starts on a shared machine, as
// bench/driver/servers.py does for the signaling bench: the kernel shares CPU between
// sessions (autogroups) before nice applies, and Playwright starts Chromium in a session of
// its own, so that session's autogroup is raised too. Best effort (needs root).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Sets the autogroup nice of `pid`'s session; false if it is gone or not ours to change. */
export function raiseSession(pid, nice) {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return true;
  } catch {
    return false;
  }
}

/** Sets the autogroup nice of every direct child of this process (and so of its session). */
export function raiseChildren(nice) {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid) raiseSession(pid, nice);
    } catch {
      // gone meanwhile
    }
  }
}
