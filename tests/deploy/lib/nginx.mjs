// Runs the nginx site shipped in deploy/nginx-parley.conf in a real nginx (Debian `nginx`):
// the site is rendered with test ports and a test certificate, wrapped in a minimal main
// config with every path under a temp dir, and started in the foreground on free loopback
// ports. Stopped by PID.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { request } from './https.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const siteFile = join(repoRoot, 'deploy', 'nginx-parley.conf');

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A self-signed ECDSA certificate for 127.0.0.1: `{cert, key, pem}` (paths and PEM text). */
export function makeCert(dir) {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

/**
 * The shipped site with test values. Every replaced text must occur in the shipped file
 * exactly as written here, so a change to the file that the test no longer covers fails.
 */
export function renderSite(site, { backends, httpPort, httpsPort, cert, key }) {
  const edits = [
    ['server 127.0.0.1:8080;', backends.map((p) => `server 127.0.0.1:${p};`).join('\n    ')],
    ['# server 127.0.0.1:8081;', ''],
    ['listen 80;', `listen 127.0.0.1:${httpPort};`],
    ['listen [::]:80;', ''],
    ['listen 443 ssl;', `listen 127.0.0.1:${httpsPort} ssl;`],
    ['listen [::]:443 ssl;', ''],
    ['/etc/letsencrypt/live/meet.example.org/fullchain.pem', cert],
    ['/etc/letsencrypt/live/meet.example.org/privkey.pem', key],
  ];
  let out = site;
  for (const [from, to] of edits) {
    if (!out.includes(from)) throw new Error(`deploy/nginx-parley.conf no longer has '${from}'`);
    out = out.replace(from, to);
  }
  return out;
}

/** Starts nginx with the rendered site; resolves `{httpsUrl, httpUrl, stop()}` once it serves. */
export async function startNginx({ backends, cert, key, ca }) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-nginx-'));
  chmodSync(dir, 0o755); // nginx workers (www-data) create their temp folders here
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const site = renderSite(readFileSync(siteFile, 'utf8'), {
    backends,
    httpPort,
    httpsPort,
    cert,
    key,
  });
  writeFileSync(join(dir, 'site.conf'), site);
  const main = [
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log info;`,
    'worker_processes 1;',
    'events { worker_connections 512; }',
    'http {',
    // Who asked, which process answered (accessLog() reads it back).
    `  log_format parley '$remote_addr $upstream_addr "$request" $status';`,
    `  access_log ${dir}/access.log parley;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `  ${t}_temp_path ${dir}/${t}_temp;`,
    ),
    `  include ${dir}/site.conf;`,
    '}',
  ].join('\n');
  writeFileSync(join(dir, 'nginx.conf'), main);
  const proc = spawn(
    'nginx',
    ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`, '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((r) => proc.once('exit', r));
  const httpsUrl = `https://127.0.0.1:${httpsPort}`;
  const nginx = {
    httpsUrl,
    httpUrl: `http://127.0.0.1:${httpPort}`,
    dir,
    log: () => stderr + readFileSync(`${dir}/error.log`, 'utf8'),
    /** Every request so far: `{from, upstream, request, status}` (upstream: "127.0.0.1:port"). */
    accessLog: () =>
      readFileSync(`${dir}/access.log`, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [, from, upstream, request, status] =
            /^(\S+) (\S+) "([^"]*)" (\d+)/.exec(line) ?? [];
          return { from, upstream, request, status: Number(status) };
        }),
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGQUIT');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const deadline = Date.now() + 20000; ;) {
    if (proc.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    const r = await request(httpsUrl, 'GET', '/healthz', { ca }).catch(() => null);
    if (r?.status === 200) return nginx;
    if (Date.now() > deadline) {
      await nginx.stop();
      throw new Error(`nginx did not serve /healthz: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
