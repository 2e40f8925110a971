/**
 * A .zip of files without compression ("stored"), built in the page so a dropped folder or a handful of photos can be
 * uploaded as one file. Photos are already compressed; storing them costs no space and keeps this small. Only the
 * headers and the CRC-32 are computed here: each file's bytes are read once for the CRC and then handed to the Blob
 * as they are.
 */

/** One file to put in the archive: its path inside the zip (forward slashes) and its bytes. */
export interface ZipInput {
  name: string;
  blob: Blob;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (the zip polynomial) of some bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Largest archive this builder writes (the zip32 format's limit, below 4 GiB). */
export const STORED_ZIP_MAX_BYTES = 0xfffffffe;

/** The archive of `files`, stored (no compression), names in UTF-8; `onFile(done, total)` after each file is read. */
export async function storedZip(files: ZipInput[], onFile?: (done: number, total: number) => void): Promise<Blob> {
  if (files.length > 0xffff) throw new RangeError('more than 65,535 files');
  const enc = new TextEncoder();
  const parts: BlobPart[] = [];
  const central: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    const name = enc.encode(f.name.replace(/\\/g, '/'));
    const data = new Uint8Array(await f.blob.arrayBuffer());
    const crc = crc32(data);
    const size = data.length;
    if (offset + size + 30 + name.length > STORED_ZIP_MAX_BYTES) throw new RangeError('archive over 4 GB');
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, 0, true); // stored
    lv.setUint32(14, crc, true);
    lv.setUint32(18, size, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, size, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    parts.push(local, f.blob);
    central.push(cd);
    offset += local.length + size;
    onFile?.(i + 1, files.length);
  }
  const cdSize = central.reduce((a, c) => a + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return new Blob([...parts, ...central, end], { type: 'application/zip' });
}
