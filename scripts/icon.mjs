// Draws the extension's icon, images/icon.png (128×128): a package box whose two sides read 32 and 64, with a check
// mark, on a rounded navy square. Plain Node: the shapes are sampled 4×4 per pixel for smooth edges and the PNG is
// written with node:zlib and a CRC-32 of its own. `node scripts/icon.mjs` writes the file; `--check` exits 1 when the
// committed icon's pixels differ from what this script draws (test/package.test.ts runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';

const ICON = path.resolve(import.meta.dirname, '..', 'images', 'icon.png');
const SIZE = 128;
/** Samples per pixel along each axis. */
const SUPERSAMPLE = 4;
const CORNER_RADIUS = 24;

const NAVY_TOP = [0x25, 0x4a, 0x74];
const NAVY_BOTTOM = [0x16, 0x2d, 0x4b];
const INK = [0x13, 0x2a, 0x47];
const TOP_FACE = [0xee, 0xf3, 0xf8];
const LEFT_FACE = [0x5c, 0xb3, 0xe8];
const RIGHT_FACE = [0xf6, 0xa9, 0x45];
const BADGE = [0x2f, 0xb8, 0x7a];
const WHITE = [0xff, 0xff, 0xff];

// The box, in isometric view: the top face's corners, and how far the sides go down.
const BOX_TOP = [60, 18];
const BOX_LEFT = [24, 36];
const BOX_RIGHT = [96, 36];
const BOX_NEAR = [60, 54];
const BOX_DEPTH = 48;

/** 3×5 digits, one string per row, for the numbers on the box's sides. */
const DIGITS = {
  2: ['###', '..#', '###', '#..', '###'],
  3: ['###', '..#', '###', '..#', '###'],
  4: ['#.#', '#.#', '###', '..#', '..#'],
  6: ['###', '#..', '###', '#.#', '###'],
};
/** A digit cell's size on a side, in pixels along the side and down. */
const DIGIT_CELL = 3.5;
const DIGIT_GAP = 3;

const BADGE_CENTER = [97, 97];
const BADGE_RADIUS = 21;
/** The ring of background colour that sets the badge off from the box. */
const BADGE_RING = 4;
const CHECK = [
  [86, 97],
  [94, 105],
  [109, 89],
];
const CHECK_WIDTH = 6.5;

/** Whether (x, y) is inside the polygon (even-odd rule). */
function inPolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function inRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, CORNER_RADIUS), SIZE - CORNER_RADIUS);
  const cy = Math.min(Math.max(y, CORNER_RADIUS), SIZE - CORNER_RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER_RADIUS ** 2;
}

/** Distance from (x, y) to the segment a–b. */
function segmentDistance(x, y, [ax, ay], [bx, by]) {
  const t = Math.min(1, Math.max(0, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
}

/** Whether a side's point (u along its top edge, v down) lies on the digits of `text`, centred on the side. */
function onDigits(u, v, text, width, height) {
  const textWidth = text.length * 3 * DIGIT_CELL + (text.length - 1) * DIGIT_GAP;
  const u0 = (width - textWidth) / 2;
  const v0 = (height - 5 * DIGIT_CELL) / 2;
  const row = Math.floor((v - v0) / DIGIT_CELL);
  if (row < 0 || row > 4) return false;
  for (const [i, digit] of [...text].entries()) {
    const column = Math.floor((u - u0 - i * (3 * DIGIT_CELL + DIGIT_GAP)) / DIGIT_CELL);
    if (column >= 0 && column <= 2 && DIGITS[digit][row][column] === '#') return true;
  }
  return false;
}

/** The colour at a point of the icon, or undefined where it is transparent. */
function colorAt(x, y) {
  if (!inRoundedSquare(x, y)) return undefined;
  const badge = Math.hypot(x - BADGE_CENTER[0], y - BADGE_CENTER[1]);
  if (badge <= BADGE_RADIUS) return CHECK.slice(1).some((b, i) => segmentDistance(x, y, CHECK[i], b) <= CHECK_WIDTH / 2) ? WHITE : BADGE;
  const background = NAVY_TOP.map((top, i) => Math.round(top + ((NAVY_BOTTOM[i] - top) * y) / SIZE));
  if (badge <= BADGE_RADIUS + BADGE_RING) return background;
  if (inPolygon(x, y, [BOX_TOP, BOX_RIGHT, BOX_NEAR, BOX_LEFT])) return TOP_FACE;
  const down = ([px, py]) => [px, py + BOX_DEPTH];
  const sideWidth = BOX_NEAR[0] - BOX_LEFT[0];
  if (inPolygon(x, y, [BOX_LEFT, BOX_NEAR, down(BOX_NEAR), down(BOX_LEFT)])) {
    const u = x - BOX_LEFT[0];
    const v = y - BOX_LEFT[1] - (u * (BOX_NEAR[1] - BOX_LEFT[1])) / sideWidth;
    return onDigits(u, v, '32', sideWidth, BOX_DEPTH) ? INK : LEFT_FACE;
  }
  if (inPolygon(x, y, [BOX_NEAR, BOX_RIGHT, down(BOX_RIGHT), down(BOX_NEAR)])) {
    const u = x - BOX_NEAR[0];
    const v = y - BOX_NEAR[1] - (u * (BOX_RIGHT[1] - BOX_NEAR[1])) / sideWidth;
    return onDigits(u, v, '64', sideWidth, BOX_DEPTH) ? INK : RIGHT_FACE;
  }
  return background;
}

/** The icon as RGBA rows: each pixel the average of its samples, colours weighted by how much of it is covered. */
function drawIcon() {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let j = 0; j < SUPERSAMPLE; j++) {
        for (let i = 0; i < SUPERSAMPLE; i++) {
          const color = colorAt(x + (i + 0.5) / SUPERSAMPLE, y + (j + 0.5) / SUPERSAMPLE);
          if (!color) continue;
          covered++;
          for (let c = 0; c < 3; c++) sum[c] += color[c];
        }
      }
      const at = (y * SIZE + x) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = covered === 0 ? 0 : Math.round(sum[c] / covered);
      pixels[at + 3] = Math.round((covered * 255) / samples);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG computes it over a chunk's type and data (ISO 3309, reflected, 0xEDB88320). */
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIT_DEPTH = 8;
const COLOR_TYPE_RGBA = 6;
/** Each row starts with its filter type; rows here are stored unfiltered. */
const FILTER_NONE = 0;

/** A PNG of SIZE×SIZE RGBA pixels: IHDR, one IDAT, IEND. */
function encodePng(pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = BIT_DEPTH;
  header[9] = COLOR_TYPE_RGBA;
  // Compression, filter method and interlace: the only ones PNG defines, none.
  const rows = [];
  for (let y = 0; y < SIZE; y++) rows.push(Buffer.of(FILTER_NONE), pixels.subarray(y * SIZE * 4, (y + 1) * SIZE * 4));
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The pixels of a PNG this script wrote (unfiltered RGBA rows), or a sentence saying why it is not one. */
function decodeOwnPng(png) {
  if (!png.subarray(0, 8).equals(PNG_SIGNATURE)) return 'it is not a PNG';
  const idat = [];
  let header;
  for (let at = 8; at + 12 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (crc32(png.subarray(at + 4, at + 8 + length)) !== png.readUInt32BE(at + 8 + length)) return `its ${type} chunk's CRC is wrong`;
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  if (!header || header.readUInt32BE(0) !== SIZE || header.readUInt32BE(4) !== SIZE || header[8] !== BIT_DEPTH || header[9] !== COLOR_TYPE_RGBA) {
    return `it is not ${SIZE}×${SIZE} 8-bit RGBA`;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const stride = SIZE * 4 + 1;
  if (rows.length !== SIZE * stride) return 'its image data has the wrong size';
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    if (rows[y * stride] !== FILTER_NONE) return `row ${y} is filtered`;
    rows.copy(pixels, y * SIZE * 4, y * stride + 1, (y + 1) * stride);
  }
  return pixels;
}

function main(argv) {
  const drawn = drawIcon();
  if (argv[0] === '--check') {
    const committed = decodeOwnPng(readFileSync(ICON));
    if (typeof committed === 'string' || !committed.equals(drawn)) {
      const why = typeof committed === 'string' ? committed : 'its pixels differ from what the script draws';
      process.stderr.write(`scripts/icon.mjs: ${path.relative(process.cwd(), ICON)} is stale (${why}): run node scripts/icon.mjs\n`);
      return 1;
    }
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write('usage: node scripts/icon.mjs [--check]\n');
    return 2;
  }
  writeFileSync(ICON, encodePng(drawn));
  return 0;
}

process.exitCode = main(process.argv.slice(2));
