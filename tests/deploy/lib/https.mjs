// One HTTP(S) request from a chosen loopback source address (`from`: "127.0.0.N"), so a test
// can be many different clients at once. `body` is sent as JSON, `raw` as is. Resolves
// `{status, headers, json, text}`.
import http from 'node:http';
import https from 'node:https';

export function request(base, method, path, { body, raw, token, headers = {}, from, ca } = {}) {
  const url = new URL(path, base);
  const lib = url.protocol === 'https:' ? https : http;
  const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const h = { ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (token) h.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method, headers: h, localAddress: from, ca, agent: false, timeout: 30000 },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, headers: res.headers, json, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
