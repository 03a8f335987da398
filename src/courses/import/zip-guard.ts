/**
 * Zip-bomb guard for uploaded workbooks: an .xlsx is a zip, and exceljs inflates every entry in
 * full (a 1 MB upload once took 3.5 GB of memory). Before exceljs sees the file this reads the
 * central directory and refuses more than `maxEntries` entries or more than
 * `maxUncompressedBytes` declared in total; then it inflates each entry with that entry's
 * declared size as a hard cap (zlib's maxOutputLength), so a directory that lies is caught too.
 * Zip64 is refused: a catalog never needs it.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipLimits {
  maxEntries: number;
  maxUncompressedBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 1000, maxUncompressedBytes: 100 * 1024 * 1024 };

export class ZipLimitError extends Error {
  constructor(
    message: string,
    /** true = over a size/count limit (413); false = not a readable zip (400). */
    readonly tooLarge: boolean,
  ) {
    super(message);
    this.name = 'ZipLimitError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Throws ZipLimitError unless the zip stays within `limits` when expanded. */
export function checkZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): { entries: number; uncompressedBytes: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = (why: string) => new ZipLimitError(`无法读取 Excel 文件（${why}；只支持 .xlsx）`, false);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('找不到目录');
  const declared = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (declared === 0xffff || cdOffset === 0xffffffff) throw new ZipLimitError('不支持 Zip64 格式的文件，请在 Excel 中另存为 .xlsx', false);
  if (declared > limits.maxEntries) throw new ZipLimitError(`Excel 文件包含的部件太多（${declared} 个，最多 ${limits.maxEntries} 个）`, true);

  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < declared; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad('目录损坏');
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    total += size;
    if (total > limits.maxUncompressedBytes) {
      throw new ZipLimitError(`Excel 文件解压后太大（超过 ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB），请拆分后再导入`, true);
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw bad('部件损坏');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + compressed);
    if (method === 8) {
      try {
        const out = inflateRawSync(data, { maxOutputLength: Math.max(size, 1) });
        if (out.length !== size) throw bad('部件大小不符');
      } catch (err) {
        if (err instanceof ZipLimitError) throw err;
        if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipLimitError('Excel 文件解压后比声明的大，已拒绝', true);
        throw bad('部件无法解压');
      }
    } else if (method !== 0) {
      throw bad(`不支持的压缩方式 ${method}`);
    }
    p = next;
  }
  return { entries: declared, uncompressedBytes: total };
}
