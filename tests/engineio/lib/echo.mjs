// The raw Engine.IO echo server the suite runs against: parley-sio-fixture's /engine.io/
// (pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000; docs/protocol.md), started by
// the shared launcher, or an already running one at PARLEY_EIO_URL.
import { fixtureOrUrl, fixtureOrUrlSkip } from '../../lib/servers.mjs';

export const PING_INTERVAL = 300;
export const PING_TIMEOUT = 200;

/** Pass as `{ skip }`: false when a fixture binary or a running server is given. */
export const skip = fixtureOrUrlSkip('PARLEY_EIO_URL');

/** The echo server for one test file, or null when skipped; stop() fails on a bad exit. */
export const echoServer = async () => (skip ? null : fixtureOrUrl('PARLEY_EIO_URL'));
