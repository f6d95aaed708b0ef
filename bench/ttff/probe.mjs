// What the bench injects into every page it measures (before the page's own scripts): the
// debug switch that turns the client's `parley:*` marks on (docs/web.md "Join sequence"), and
// a watcher that notes when each remote <video> presents its first frame.

/**
 * Runs in the page. `window.__ttff.frames[socketId]` = performance.now() of the first frame
 * from that remote socket (its tile's `data-socket-id`; a user who comes back gets a new one).
 */
function pageProbe() {
  try {
    localStorage.setItem('parley.debug', '1');
  } catch {
    /* a page without storage still gets its frames watched */
  }
  const state = { frames: {}, clickAt: null };
  window.__ttff = state;
  const watched = new WeakSet();
  const watch = (video) => {
    if (watched.has(video)) return;
    watched.add(video);
    // requestVideoFrameCallback fires when a frame is presented: the person is seen.
    const onFrame = (now) => {
      const key = video.closest('[data-socket-id]')?.dataset.socketId || 'remote';
      if (video.videoWidth > 0 && !(key in state.frames)) state.frames[key] = now;
      else video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  };
  const scan = () => document.querySelectorAll('video[data-testid="remote-video"]').forEach(watch);
  new MutationObserver(scan).observe(document, { childList: true, subtree: true });
}

export const probeScript = `(${pageProbe.toString()})()`;

/**
 * What a measured page reports: its time origin (epoch ms), first frames, the `parley:*`
 * marks, the navigation timing, and the bytes it fetched (app assets and API calls apart).
 */
export function readPage(page) {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const assets = resources.filter((r) => new URL(r.name).pathname.startsWith('/assets/'));
    return {
      origin: performance.timeOrigin,
      frames: { ...window.__ttff.frames },
      clickAt: window.__ttff.clickAt,
      marks: performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('parley:'))
        .map((m) => ({ name: m.name.slice(7), at: m.startTime, peer: m.detail?.peer ?? null })),
      nav: nav
        ? {
            html: nav.responseEnd,
            domReady: nav.domContentLoadedEventEnd,
            load: nav.loadEventEnd,
            htmlBytes: nav.transferSize,
          }
        : null,
      assetBytes: assets.reduce((sum, r) => sum + r.transferSize, 0),
      assetCount: assets.length,
      cachedAssets: assets.filter((r) => r.transferSize === 0).length,
      assetsDone: assets.reduce((end, r) => Math.max(end, r.responseEnd), 0),
    };
  });
}
