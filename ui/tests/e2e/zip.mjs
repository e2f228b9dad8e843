// Tampering with a real package: one entry's content changed and the zip rebuilt with correct CRCs,
// so the archive still reads and only the package's own hashes can catch the change.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const u16 = (b, o) => b.readUInt16LE(o);
const u32 = (b, o) => b.readUInt32LE(o);

/** `bytes` with entry `name` replaced by `change(old content)`; other entries byte for byte. */
export function rewriteEntry(bytes, name, change) {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && u32(bytes, eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = u16(bytes, eocd + 10);
  let at = u32(bytes, eocd + 16);
  const locals = [];
  const centrals = [];
  let found = false;
  for (let i = 0; i < count; i++) {
    const central = Buffer.from(bytes.subarray(at, at + 46 + u16(bytes, at + 28) + u16(bytes, at + 30) + u16(bytes, at + 32)));
    at += central.length;
    const entry = central.subarray(46, 46 + u16(central, 28)).toString('utf8');
    const off = u32(central, 42);
    const headerLen = 30 + u16(bytes, off + 26) + u16(bytes, off + 28);
    const header = Buffer.from(bytes.subarray(off, off + headerLen));
    let data = bytes.subarray(off + headerLen, off + headerLen + u32(central, 20));
    // Sizes and CRC go into the headers: no data descriptor.
    header.writeUInt16LE(u16(header, 6) & ~8, 6);
    central.writeUInt16LE(u16(central, 8) & ~8, 8);
    let crc = u32(central, 16);
    let size = u32(central, 24);
    if (entry === name) {
      found = true;
      const method = u16(central, 10);
      const old = method === 8 ? inflateRawSync(data) : Buffer.from(data);
      const fresh = Buffer.from(change(old));
      data = method === 8 ? deflateRawSync(fresh) : fresh;
      crc = crc32(fresh);
      size = fresh.length;
    }
    for (const [buf, o] of [[header, 14], [central, 16]]) {
      buf.writeUInt32LE(crc >>> 0, o);
      buf.writeUInt32LE(data.length, o + 4);
      buf.writeUInt32LE(size, o + 8);
    }
    locals.push({ header, data, central });
  }
  if (!found) throw new Error(`no entry ${name}`);
  const parts = [];
  let offset = 0;
  for (const l of locals) {
    l.central.writeUInt32LE(offset, 42);
    parts.push(l.header, l.data);
    offset += l.header.length + l.data.length;
  }
  const cdStart = offset;
  for (const l of locals) {
    parts.push(l.central);
    offset += l.central.length;
  }
  const end = Buffer.from(bytes.subarray(eocd, eocd + 22 + u16(bytes, eocd + 20)));
  end.writeUInt32LE(offset - cdStart, 12);
  end.writeUInt32LE(cdStart, 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** The content of entry `name` (inflated), read with the same walk over the archive. */
export function readEntry(bytes, name) {
  let content = null;
  rewriteEntry(bytes, name, (old) => {
    content = Buffer.from(old);
    return old;
  });
  return content;
}
