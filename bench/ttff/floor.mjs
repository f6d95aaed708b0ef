// The floor: a bare page that opens the fake camera and microphone, creates two
// RTCPeerConnections in the same page and exchanges offer, answer and candidates directly
// (no server, no signaling), then plays the received stream. Served by the bench itself.

import http from 'node:http';

const PAGE = `<!doctype html><meta charset="utf-8"><title>floor</title>
<video data-testid="remote-video" autoplay playsinline></video>
<script type="module">
const mark = (name) => performance.mark('parley:' + name);
mark('media-start');
const stream = await navigator.mediaDevices.getUserMedia({
  audio: true,
  video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
});
mark('media-ready');
const a = new RTCPeerConnection();
const b = new RTCPeerConnection();
mark('peer-known');
a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
b.oniceconnectionstatechange = () => b.iceConnectionState === 'connected' && mark('ice-connected');
b.onconnectionstatechange = () => b.connectionState === 'connected' && mark('dtls-connected');
b.ontrack = (e) => {
  mark('track-' + e.track.kind);
  document.querySelector('video').srcObject = e.streams[0];
};
for (const track of stream.getTracks()) a.addTrack(track, stream);
await a.setLocalDescription();
mark('offer-sent');
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await a.setRemoteDescription(b.localDescription);
mark('answer-received');
</script>`;

/** Serves the floor page on a free loopback port; resolves `{url, close()}`. */
export function serveFloor() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(PAGE);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}/floor`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}
