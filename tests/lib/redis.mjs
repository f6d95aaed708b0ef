// A throw-away redis-server for the cluster suites (docs/cluster.md, docs/testing.md
// "Launcher"): on a free loopback port, no persistence unless asked, and one command to it
// over RESP.
import { mkdtempSync } from 'node:fs';
import { connect as tcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { accepts, freePort, launch } from './process.mjs';

/**
 * redis-server in the foreground on a free port (or `port`), no persistence unless asked:
 * its folder `dir` (a new one by default) holds dump.rdb only after redisCommand(port, 'SAVE'),
 * and a server started again on that folder loads it.
 */
export async function startRedis(port, { dir } = {}) {
  port ??= await freePort();
  dir ??= mkdtempSync(joinPath(tmpdir(), 'parley-redis-'));
  const proc = await launch({
    command: 'redis-server',
    args: [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--dbfilename',
      'dump.rdb',
    ],
    name: `redis-server on ${port}`,
    ready: () => accepts(port),
  });
  return { ...proc, port, dir, url: `redis://127.0.0.1:${port}` };
}

/** One command to Redis on `port` over RESP; resolves the reply's first line (`+OK`, `:1`). */
export function redisCommand(port, ...args) {
  return new Promise((resolve, reject) => {
    const c = tcp(port, '127.0.0.1', () =>
      c.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      ),
    );
    let got = '';
    c.setEncoding('utf8');
    c.on('data', (d) => {
      got += d;
      if (!got.includes('\r\n')) return;
      c.destroy();
      resolve(got.slice(0, got.indexOf('\r\n')));
    });
    c.once('error', reject);
  });
}
