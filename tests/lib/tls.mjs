// The TLS passes of scripts/test.sh (docs/tls.md, "Tests"): with PARLEY_TEST_TLS_CERT and
// PARLEY_TEST_TLS_KEY set, every suite's launcher starts its server with that pair and the
// clients speak https/wss (scripts/test.sh points NODE_EXTRA_CA_CERTS at the certificate, so
// node verifies it like any other).
const cert = process.env.PARLEY_TEST_TLS_CERT;
const key = process.env.PARLEY_TEST_TLS_KEY;

/** True in a TLS pass. */
export const testTls = Boolean(cert && key);

/** The flags that make parley-server or parley-sio-fixture serve TLS in a TLS pass. */
export function tlsArgs() {
  return testTls ? ['--tls-cert', cert, '--tls-key', key] : [];
}

/** `http://127.0.0.1:<port>`, or https in a TLS pass. */
export function baseUrl(port) {
  return `${testTls ? 'https' : 'http'}://127.0.0.1:${port}`;
}
