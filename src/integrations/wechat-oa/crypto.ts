/**
 * WeChat Official Account message signatures and safe-mode (encrypt_type=aes) encryption,
 * with node:crypto only.
 *
 *   signature     = sha1(sort([token, timestamp, nonce]).join(''))            (every request)
 *   msg_signature = sha1(sort([token, timestamp, nonce, Encrypt]).join(''))   (safe mode)
 *   AES key = base64decode(EncodingAESKey + '='), 32 bytes; IV = key[0..16)
 *   ciphertext = base64(AES-256-CBC(random(16) | len(4, big-endian) | msg | appid, PKCS#7 to 32))
 *
 * The cipher's own padding is disabled: WeChat pads to 32-byte blocks, not AES's 16.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32;

/** sha1 hex of the sorted, concatenated parts. */
export function sha1Signature(parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected.toLowerCase());
  const b = Buffer.from(given.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Thrown when a safe-mode payload cannot be decrypted or belongs to another app. */
export class WechatCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatCryptoError';
  }
}

/** Decodes a 43-character EncodingAESKey into the 32-byte AES key. */
export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(encodingAesKey + '=', 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new WechatCryptoError('EncodingAESKey must be 43 base64 characters (32 bytes)');
  }
  return key;
}

function pkcs7Pad(data: Buffer): Buffer {
  const n = BLOCK - (data.length % BLOCK);
  return Buffer.concat([data, Buffer.alloc(n, n)]);
}

function pkcs7Unpad(data: Buffer): Buffer {
  const n = data[data.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > data.length) throw new WechatCryptoError('bad padding');
  return data.subarray(0, data.length - n);
}

/** Safe-mode encryption for one Official Account (token + EncodingAESKey + appid). */
export class WechatCrypto {
  private readonly key: Buffer;
  private readonly iv: Buffer;

  constructor(
    private readonly token: string,
    encodingAesKey: string,
    private readonly appId: string,
  ) {
    this.key = aesKeyOf(encodingAesKey);
    this.iv = this.key.subarray(0, 16);
  }

  /** msg_signature of an Encrypt value. */
  signature(timestamp: string, nonce: string, encrypted: string): string {
    return sha1Signature([this.token, timestamp, nonce, encrypted]);
  }

  /** Encrypts a plaintext XML message; `random` is injectable for deterministic tests. */
  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const msg = Buffer.from(message, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const plain = pkcs7Pad(Buffer.concat([random, len, msg, Buffer.from(this.appId, 'utf8')]));
    const cipher = createCipheriv('aes-256-cbc', this.key, this.iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
  }

  /** Decrypts an Encrypt value and checks that it was meant for this appid. */
  decrypt(encrypted: string): string {
    const data = Buffer.from(encrypted, 'base64');
    if (data.length === 0 || data.length % 16 !== 0) throw new WechatCryptoError('ciphertext length is not a multiple of 16');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.iv);
      decipher.setAutoPadding(false);
      plain = pkcs7Unpad(Buffer.concat([decipher.update(data), decipher.final()]));
    } catch (err) {
      if (err instanceof WechatCryptoError) throw err;
      throw new WechatCryptoError('cannot decrypt');
    }
    if (plain.length < 20) throw new WechatCryptoError('plaintext too short');
    const len = plain.readUInt32BE(16);
    if (20 + len > plain.length) throw new WechatCryptoError('bad message length');
    const message = plain.subarray(20, 20 + len).toString('utf8');
    const appId = plain.subarray(20 + len).toString('utf8');
    if (appId !== this.appId) throw new WechatCryptoError('appid mismatch');
    return message;
  }
}
