// Draws the extension icon, images/icon.png (128×128): three lines of "code" on a navy tile, the
// second underlined by a yellow squiggle — a hint on a pattern. Shapes are distance fields,
// antialiased by 4×4 supersampling, written as an RGBA PNG with node's zlib.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const hex = (value) => [1, 3, 5].map((at) => parseInt(value.slice(at, at + 2), 16));
const TILE_TOP = hex('#27486a');
const TILE_BOTTOM = hex('#152739');
const CODE = hex('#8fb3d6');
const CODE_BRIGHT = hex('#eef3f8');
const SQUIGGLE = hex('#ffd43b');

function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

function roundedSquareDistance(x, y, inset, radius) {
  const half = SIZE / 2 - inset;
  const qx = Math.abs(x - SIZE / 2) - half + radius;
  const qy = Math.abs(y - SIZE / 2) - half + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const bar = (x0, x1, y, color) => ({ color, distance: (x, y_) => segmentDistance(x, y_, [x0, y], [x1, y]) - 5 });
// A `def` line, then an indented body whose first line carries the hint.
const wave = Array.from({ length: 97 }, (_, i) => {
  const x = 42 + (i * 58) / 96;
  return [x, 76 + 3.5 * Math.sin(((x - 42) / 11.6) * 2 * Math.PI)];
});
const shapes = [
  bar(30, 78, 36, CODE),
  bar(44, 98, 58, CODE_BRIGHT),
  { color: SQUIGGLE, distance: (x, y) => Math.min(...wave.slice(1).map((point, i) => segmentDistance(x, y, wave[i], point))) - 2.4 },
  bar(44, 84, 96, CODE),
];

function colorAt(x, y) {
  if (roundedSquareDistance(x, y, 2, 24) > 0) return undefined;
  const shade = y / SIZE;
  let color = TILE_TOP.map((top, channel) => top + (TILE_BOTTOM[channel] - top) * shade);
  for (const shape of shapes) if (shape.distance(x, y) <= 0) color = shape.color;
  return color;
}

const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let row = 0; row < SIZE; row++) {
  for (let column = 0; column < SIZE; column++) {
    const sum = [0, 0, 0];
    let covered = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const color = colorAt(column + (sx + 0.5) / SAMPLES, row + (sy + 0.5) / SAMPLES);
        if (!color) continue;
        covered++;
        color.forEach((value, channel) => (sum[channel] += value));
      }
    }
    const at = row * (SIZE * 4 + 1) + 1 + column * 4;
    if (covered === 0) continue;
    sum.forEach((value, channel) => (pixels[at + channel] = Math.round(value / covered)));
    pixels[at + 3] = Math.round((255 * covered) / SAMPLES ** 2);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
mkdirSync('images', { recursive: true });
writeFileSync(
  'images/icon.png',
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
