// One meeting for the Chromium benches of bench/sfu/: parley-server (with a private Janus on
// the SFU path, `--sfu-threshold 0`), one Chromium with a context per participant (the clip as
// camera), and everyone joined and decoding everyone. Runs inside a private network namespace:
// Janus gathers no loopback candidates, so media to it crosses the veth pair the SFU tests use
// (tests/sfu-browser/lib/rig.mjs).
//
// tests/lib/servers.mjs reads PARLEY_SERVER_BIN when it loads: the caller sets it first.

/** parley-server, Janus for `via` 'sfu', and a Chromium whose camera is `clip`. */
export async function startRig(via, clip, webRoot) {
  const { startServer } = await import('../../tests/lib/servers.mjs');
  const { launchBrowser } = await import('../../tests/browser/lib/browser.mjs');
  const { startJanus } = await import('../../tests/sfu-browser/lib/rig.mjs');
  const rig = {};
  if (via === 'sfu') rig.janus = startJanus();
  const sfuArgs = rig.janus
    ? ['--janus', rig.janus.url, '--janus-secret', rig.janus.secret, '--sfu-threshold', '0']
    : [];
  rig.server = await startServer({ webRoot, extraArgs: sfuArgs });
  rig.chrome = await launchBrowser({ args: [`--use-file-for-fake-video-capture=${clip}`] });
  rig.stop = async () => {
    await rig.chrome.close();
    await rig.server.stop();
    rig.janus?.stop();
  };
  return rig;
}

/** Joins `people` participants, waits for media between all of them through `via`. */
export async function fill(rig, meeting, via, people, log) {
  const { joinOne, waitForMediaVia, waitTopology } =
    await import('../../tests/sfu-browser/lib/media.mjs');
  const joined = [];
  for (let i = 0; i < people; i++) {
    joined.push(await joinOne(rig, meeting, `Person ${i + 1}`));
    log(`${via}: ${i + 1} joined`);
  }
  for (const p of joined) {
    if (via === 'sfu') await waitTopology(p.page, 'sfu', 120000);
    const others = joined.filter((o) => o !== p).map((o) => o.socketId);
    await waitForMediaVia(p.page, others, via, { timeout: 180000 });
  }
  return joined;
}
