// CPU time of processes from /proc (Linux): a process's user+system ticks, and the processes
// descending from one (a browser's renderers, GPU and utility processes).

import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
export const TICKS_PER_S = 100;

/** `{pid, ppid, comm, ticks}` of /proc/<pid>/stat (`pid` may be `PID/task/TID`: a thread), or
 * null for one that is gone. */
function stat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm is in parentheses and may hold spaces: the fields after the last ')' are fixed.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
  return { pid, ppid: Number(rest[1]), comm, ticks: Number(rest[11]) + Number(rest[12]) };
}

/** Every Chromium process below this one (the browsers a bench started, and theirs). */
export function chromiums() {
  return descendants(process.pid).filter((p) => /chrom/i.test(p.comm));
}

/** The Chromium process type of `pid` (`--type=`, a utility's service), `browser` without one. */
export function chromiumType(pid) {
  let argv = '';
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'gone';
  }
  const type = /--type=([a-z-]+)/.exec(argv)?.[1] ?? 'browser';
  const service = /--utility-sub-type=([\w.]+)/.exec(argv)?.[1]?.split('.').pop();
  return service ? `${type} (${service})` : type;
}

/** `{tid, name, ticks}` for every thread of `pid` (name as the kernel keeps it: 15 bytes). */
export function threadTicks(pid) {
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) => {
    const t = stat(`${pid}/task/${tid}`);
    return t ? [{ tid: Number(tid), name: t.comm, ticks: t.ticks }] : [];
  });
}

/** User plus system ticks `pid` has used so far (0 once it is gone). */
export function cpuTicks(pid) {
  return stat(pid)?.ticks ?? 0;
}

/** Every live process below `root` (children, their children, ...). */
export function descendants(root) {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((p) => p !== null);
  const below = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!below.has(p.pid) && below.has(p.ppid)) {
        below.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => p.pid !== root && below.has(p.pid));
}
