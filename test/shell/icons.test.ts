/** assets/icon-*.png: real PNGs (signature, chunk CRCs, IHDR size, decodable pixel data). */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const ASSETS = path.resolve(__dirname, "../../assets");
const SIZES = [16, 32, 64, 80, 128] as const;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Chunk {
  type: string;
  data: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function readChunks(png: Buffer): Chunk[] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    const type = typeAndData.subarray(0, 4).toString("ascii");
    const crc = png.readUInt32BE(offset + 8 + length);
    expect({ type, crcOk: crc32(typeAndData) === crc }).toEqual({ type, crcOk: true });
    chunks.push({ type, data: Buffer.from(typeAndData.subarray(4)) });
    offset += 12 + length;
  }
  expect(offset).toBe(png.length);
  return chunks;
}

describe.each(SIZES)("assets/icon-%i.png", (size) => {
  const file = path.join(ASSETS, `icon-${size}.png`);

  test("is a valid RGBA PNG of the right size", () => {
    const chunks = readChunks(fs.readFileSync(file));
    const [ihdr] = chunks;
    expect(ihdr?.type).toBe("IHDR");
    const header = ihdr?.data ?? Buffer.alloc(0);
    expect(header.length).toBe(13);
    expect(header.readUInt32BE(0)).toBe(size); // width
    expect(header.readUInt32BE(4)).toBe(size); // height
    expect(header[8]).toBe(8); // bit depth
    expect(header[9]).toBe(6); // colour type: RGBA
    expect(header[12]).toBe(0); // not interlaced
    expect(chunks.at(-1)?.type).toBe("IEND");

    const idat = Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data));
    const raw = zlib.inflateSync(idat);
    expect(raw.length).toBe((size * 4 + 1) * size);
  });

  test("is not blank: has opaque and transparent pixels", () => {
    const chunks = readChunks(fs.readFileSync(file));
    const raw = zlib.inflateSync(Buffer.concat(chunks.filter((c) => c.type === "IDAT").map((c) => c.data)));
    const stride = size * 4 + 1;
    const alphas = new Set<number>();
    for (let y = 0; y < size; y++) {
      expect(raw[y * stride]).toBe(0); // make-icons.mjs writes filter type None
      for (let x = 0; x < size; x++) alphas.add(raw[y * stride + 1 + x * 4 + 3] ?? -1);
    }
    expect(alphas.has(255)).toBe(true);
    expect(alphas.has(0)).toBe(true);
  });
});
