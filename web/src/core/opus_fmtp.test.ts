import { describe, expect, it } from 'vitest';
import { withOpusFecDtx } from './opus_fmtp';

const sdp = (lines: string[]) => [...lines, ''].join('\r\n');

describe('Opus FEC and DTX in remote descriptions', () => {
  it.each([
    [
      'adds DTX beside the FEC Chromium offers',
      'minptime=10;useinbandfec=1',
      'minptime=10;useinbandfec=1;usedtx=1',
    ],
    [
      'turns off-values on',
      'minptime=10;useinbandfec=0;usedtx=0',
      'minptime=10;useinbandfec=1;usedtx=1',
    ],
    [
      'keeps other parameters',
      'stereo=1;maxaveragebitrate=32000',
      'stereo=1;maxaveragebitrate=32000;useinbandfec=1;usedtx=1',
    ],
  ])('%s', (_name, before, after) => {
    const input = sdp([
      'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
      'a=rtpmap:111 opus/48000/2',
      `a=fmtp:111 ${before}`,
      'a=rtpmap:0 PCMU/8000',
    ]);
    expect(withOpusFecDtx(input)).toBe(
      sdp([
        'm=audio 9 UDP/TLS/RTP/SAVPF 111 0',
        'a=rtpmap:111 opus/48000/2',
        `a=fmtp:111 ${after}`,
        'a=rtpmap:0 PCMU/8000',
      ]),
    );
  });

  it('adds an fmtp line to an Opus payload type without one, and leaves video alone', () => {
    const input = sdp([
      'a=rtpmap:109 opus/48000/2',
      'a=rtpmap:96 VP8/90000',
      'a=fmtp:96 x-google-start-bitrate=300',
    ]);
    expect(withOpusFecDtx(input)).toBe(
      sdp([
        'a=rtpmap:109 opus/48000/2',
        'a=fmtp:109 useinbandfec=1;usedtx=1',
        'a=rtpmap:96 VP8/90000',
        'a=fmtp:96 x-google-start-bitrate=300',
      ]),
    );
  });

  it('returns a description without Opus unchanged, with its own line ends', () => {
    const video = 'v=0\na=rtpmap:96 VP8/90000\n';
    expect(withOpusFecDtx(video)).toBe(video);
    expect(withOpusFecDtx('')).toBe('');
  });
});
