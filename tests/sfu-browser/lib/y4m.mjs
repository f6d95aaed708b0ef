// A small fake camera for the SFU suite: a 640x360, 10 fps Y4M clip (a block moving over a
// gradient) for --use-file-for-fake-video-capture. 360p keeps the three simulcast layers
// (docs/web.md "The SFU") while costing six Chromium participants far less than the default
// 1280x720 fake camera.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function writeClip({ width = 640, height = 360, fps = 10, frames = 20 } = {}) {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const parts = [header];
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  for (let f = 0; f < frames; f++) {
    const y = Buffer.alloc(width * height);
    for (let row = 0; row < height; row++)
      y.fill(40 + Math.floor((row / height) * 160), row * width, (row + 1) * width);
    // A square block, 2/9 of the height, moving left to right across the middle.
    const side = Math.floor((height * 2) / 9);
    const top = Math.floor((height - side) / 2);
    const x0 = Math.floor((f / frames) * (width - side));
    for (let row = top; row < top + side; row++)
      y.fill(235, row * width + x0, row * width + x0 + side);
    parts.push(Buffer.from('FRAME\n'), y, chroma);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'parley-y4m-')), 'camera.y4m');
  writeFileSync(path, Buffer.concat(parts));
  return path;
}
