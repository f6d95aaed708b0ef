// REST helpers for the node suites (docs/testing.md, "Launcher"): one call, a client bound to
// a server, the common set-up calls (guest, user, meeting) and /metrics.

/** Unique names per run, so a shared PostgreSQL database can be reused. */
export function uniq(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
}

const baseOf = (target) => (typeof target === 'string' ? target : target.url);

/**
 * One REST call to `target` (a server from startServer() or a base URL). `body` is sent as
 * JSON, `raw` as is. Resolves `{status, headers, json, text, body}`: `json` is the parsed body
 * or null, `body` the parsed body or, when not JSON, its text.
 */
export async function api(target, method, path, { body, token, raw, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const payload = raw !== undefined ? raw : body !== undefined ? JSON.stringify(body) : undefined;
  if (payload !== undefined && !h['content-type']) h['content-type'] = 'application/json';
  const r = await fetch(baseOf(target) + path, { method, headers: h, body: payload });
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: r.status, headers: r.headers, json, text, body: json ?? (text || null) };
}

/** api() bound to `target`: `call(method, path, options)`. */
export const client = (target) => (method, path, options) => api(target, method, path, options);

/** api(), then the parsed body; throws unless the status is `status`. */
export async function expectStatus(status, ...args) {
  const r = await api(...args);
  if (r.status !== status)
    throw new Error(`${args[1]} ${args[2]}: expected HTTP ${status}, got ${r.status}: ${r.text}`);
  return r.json;
}

/** A fresh guest: `{user, token}`. */
export function guest(target, displayName = 'guest') {
  return expectStatus(201, target, 'POST', '/api/guests', { body: { displayName } });
}

/** A registered user with a unique username: `{user, token, username, password}`. */
export async function registerUser(target, { prefix = 'user', password = 'correct horse 1' } = {}) {
  const username = uniq(prefix);
  const body = { username, email: `${username}@example.test`, password };
  return {
    ...(await expectStatus(201, target, 'POST', '/api/users', { body })),
    username,
    password,
  };
}

/** Creates a meeting hosted by `token`'s user; resolves the `meeting` object. */
export async function createMeeting(target, token, fields = {}) {
  return (await expectStatus(201, target, 'POST', '/api/meetings', { body: fields, token }))
    .meeting;
}

/** Parses /metrics into `{ 'name{labels}': value }` (labels as the server prints them). */
export async function metrics(target) {
  const text = await (await fetch(`${baseOf(target)}/metrics`)).text();
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const sp = line.lastIndexOf(' ');
    out[line.slice(0, sp)] = Number(line.slice(sp + 1));
  }
  return out;
}

/** Sum of every sample of metric `name` (any labels); 0 when absent. */
export function metricSum(m, name) {
  let sum = 0;
  for (const [k, v] of Object.entries(m)) if (k === name || k.startsWith(`${name}{`)) sum += v;
  return sum;
}
