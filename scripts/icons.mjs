#!/usr/bin/env node
// Draws the app icons (no image tools needed): color.png 192x192 (a white "H" on the accent
// colour) and outline.png 32x32 (a white "H" on transparent), as Teams requires.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function png(size, pixel) {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x / size, y / size), 1 + x * 4);
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The letter H in the unit square. */
const inH = (u, v) => v > 0.22 && v < 0.78 && ((u > 0.26 && u < 0.38) || (u > 0.62 && u < 0.74) || (v > 0.45 && v < 0.56 && u > 0.26 && u < 0.74));
const white = [255, 255, 255, 255];

const dir = new URL('../appPackage/', import.meta.url);
writeFileSync(new URL('color.png', dir), png(192, (u, v) => (inH(u, v) ? white : [0x1f, 0x5c, 0x5a, 255])));
writeFileSync(new URL('outline.png', dir), png(32, (u, v) => (inH(u, v) ? white : [0, 0, 0, 0])));
console.log('wrote appPackage/color.png (192x192) and appPackage/outline.png (32x32)');
