/**
 * Text decoding for uploaded CSV files: strict UTF-8 (with or without BOM) first; if the bytes
 * are not valid UTF-8, GBK (what Excel on Chinese Windows writes for "CSV"). GBK accepts almost
 * any byte sequence, so the order matters: UTF-8 is the only one that can fail reliably.
 */
import iconv from 'iconv-lite';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-8-bom' | 'gbk';
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gbk'), encoding: 'gbk' };
  }
}
