#!/usr/bin/env node
// Draws the add-in icons (assets/icon-{16,32,64,80,128}.png) with no dependencies:
// a green rounded square with a white tick, anti-aliased by supersampling, written as
// 8-bit RGBA PNGs with node:zlib. The output is deterministic, so re-running it only
// changes the files when this script changes.
//
// Usage: node scripts/make-icons.mjs [outDir]   (default: <repo>/assets)

import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SIZES = [16, 32, 64, 80, 128];

const GREEN = [0x10, 0x7c, 0x41]; // Excel-ish green
const GREEN_DARK = [0x0b, 0x5a, 0x2f]; // bottom of the vertical gradient
const WHITE = [0xff, 0xff, 0xff];

// Geometry in unit coordinates (0..1 across the icon).
const MARGIN = 0.04;
const RADIUS = 0.2;
const TICK = [
  [0.26, 0.53],
  [0.43, 0.7],
  [0.76, 0.32],
];
const TICK_HALF_WIDTH = 0.075;

/** Signed distance from (x, y) to a rounded square (negative inside). */
function roundedSquareDistance(x, y) {
  const half = 0.5 - MARGIN;
  const qx = Math.abs(x - 0.5) - (half - RADIUS);
  const qy = Math.abs(y - 0.5) - (half - RADIUS);
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  const inside = Math.min(Math.max(qx, qy), 0);
  return outside + inside - RADIUS;
}

function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inTick(x, y) {
  for (let i = 0; i + 1 < TICK.length; i++) {
    const a = TICK[i];
    const b = TICK[i + 1];
    if (a && b && segmentDistance(x, y, a, b) <= TICK_HALF_WIDTH) return true;
  }
  return false;
}

/** Renders one icon as straight (non-premultiplied) RGBA rows. */
function render(size) {
  const ss = size <= 32 ? 8 : 4; // supersampling per axis
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0; // samples inside the square
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const x = (px + (sx + 0.5) / ss) / size;
          const y = (py + (sy + 0.5) / ss) / size;
          if (roundedSquareDistance(x, y) > 0) continue;
          cover++;
          if (inTick(x, y)) {
            r += WHITE[0];
            g += WHITE[1];
            b += WHITE[2];
          } else {
            const t = y; // vertical gradient
            r += GREEN[0] * (1 - t) + GREEN_DARK[0] * t;
            g += GREEN[1] * (1 - t) + GREEN_DARK[1] * t;
            b += GREEN[2] * (1 - t) + GREEN_DARK[2] * t;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (cover === 0) continue; // fully transparent
      rgba[o] = Math.round(r / cover);
      rgba[o + 1] = Math.round(g / cover);
      rgba[o + 2] = Math.round(b / cover);
      rgba[o + 3] = Math.round((255 * cover) / (ss * ss));
    }
  }
  return rgba;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

function encodePng(size, rgba) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0); // width
  ihdr.writeUInt32BE(size, 4); // height
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    signature,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(repoRoot, "assets"));
mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  const file = join(outDir, `icon-${size}.png`);
  const png = encodePng(size, render(size));
  writeFileSync(file, png);
  console.log(`wrote ${file} (${size}x${size}, ${png.length} bytes)`);
}
