// Audio first (docs/web.md "Network adaptation"): every Opus payload type in a remote
// description gets `useinbandfec=1` and `usedtx=1`. An fmtp line states what its author's
// decoder accepts, and the sender reads it from the remote description, so adding them there
// turns on in-band FEC (which the encoder sizes from the loss the remote reports over RTCP)
// and discontinuous transmission for what we send, whatever the other browser offered.

const WANTED = ['useinbandfec=1', 'usedtx=1'] as const;

/** `sdp` with FEC and DTX on every Opus payload type; other lines are left as they are. */
export function withOpusFecDtx(sdp: string): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const opus = new Set<string>();
  for (const line of lines) {
    const m = /^a=rtpmap:(\d+) opus\//i.exec(line);
    if (m) opus.add(m[1]!);
  }
  if (opus.size === 0) return sdp;
  const withFmtp = new Set<string>();
  const out = lines.map((line) => {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (!m || !opus.has(m[1]!)) return line;
    withFmtp.add(m[1]!);
    return `a=fmtp:${m[1]!} ${merge(m[2]!)}`;
  });
  // An Opus payload type without an fmtp line gets one right after its rtpmap.
  for (const pt of opus) {
    if (withFmtp.has(pt)) continue;
    const at = out.findIndex((l) => l.startsWith(`a=rtpmap:${pt} `));
    out.splice(at + 1, 0, `a=fmtp:${pt} ${WANTED.join(';')}`);
  }
  return out.join(eol);
}

function merge(params: string): string {
  const parts = params.split(';').filter((p) => p.trim() !== '');
  const keys = (p: string) => p.split('=')[0]!.trim().toLowerCase();
  const kept = parts.filter((p) => !WANTED.some((w) => keys(p) === w.split('=')[0]));
  return [...kept, ...WANTED].join(';');
}
