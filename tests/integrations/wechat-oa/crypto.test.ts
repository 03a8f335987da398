/** Safe-mode crypto cross-checked both ways with two independent implementations. */
import { createRequire } from 'node:module';
import * as wecom from '@wecom/crypto';
import { describe, expect, it } from 'vitest';
import { aesKeyOf, sha1Signature, signaturesEqual, WechatCrypto, WechatCryptoError } from '../../../src/integrations/wechat-oa/crypto.js';
import { TEST_AES_KEY, TEST_APPID, TEST_TOKEN, fixture } from './harness.js';

interface LegacyCrypto {
  getSignature(timestamp: string, nonce: string, encrypt: string): string;
  encrypt(text: string): string;
  decrypt(text: string): { message: string; id: string };
}
const require = createRequire(import.meta.url);
const WXBizMsgCrypt = require('wechat-crypto') as new (token: string, key: string, id: string) => LegacyCrypto;

const ours = new WechatCrypto(TEST_TOKEN, TEST_AES_KEY, TEST_APPID);
const legacy = new WXBizMsgCrypt(TEST_TOKEN, TEST_AES_KEY, TEST_APPID);
const messages = [fixture('text'), fixture('location'), '', 'x', 'a'.repeat(11), '中'.repeat(500), 'é]]>&<'.repeat(7)];

describe('WeChat safe-mode crypto', () => {
  it('decodes the EncodingAESKey to 32 bytes and rejects bad keys', () => {
    expect(aesKeyOf(TEST_AES_KEY)).toHaveLength(32);
    expect(() => aesKeyOf('short')).toThrow(WechatCryptoError);
  });

  it.each(messages.map((m, i) => [i, m] as const))('decrypts what wechat-crypto and @wecom/crypto encrypt (#%i)', (_i, message) => {
    expect(ours.decrypt(legacy.encrypt(message))).toBe(message);
    expect(ours.decrypt(wecom.encrypt(TEST_AES_KEY, message, TEST_APPID))).toBe(message);
  });

  it.each(messages.map((m, i) => [i, m] as const))('encrypts what wechat-crypto and @wecom/crypto decrypt (#%i)', (_i, message) => {
    const enc = ours.encrypt(message);
    expect(legacy.decrypt(enc)).toEqual({ message, id: TEST_APPID });
    expect(wecom.decrypt(TEST_AES_KEY, enc)).toMatchObject({ message, id: TEST_APPID });
  });

  it('pads to 32-byte blocks (PKCS#7 with the cipher padding off)', () => {
    // 16 random + 4 length + 12 message + 18 appid = 50 bytes → padded to 64.
    expect(Buffer.from(ours.encrypt('a'.repeat(12)), 'base64')).toHaveLength(64);
    // Exactly 64 bytes of plaintext → a whole extra block of padding (96).
    expect(Buffer.from(ours.encrypt('a'.repeat(26)), 'base64')).toHaveLength(96);
  });

  it('is deterministic with an injected random prefix (matches @wecom/crypto byte for byte)', () => {
    const random = Buffer.alloc(16, 7);
    expect(ours.encrypt('你好', random)).toBe(wecom.encrypt(TEST_AES_KEY, '你好', TEST_APPID, random));
  });

  it('computes msg_signature like both libraries', () => {
    const enc = ours.encrypt('hello');
    const sig = ours.signature('1764295200', 'nonce1', enc);
    expect(sig).toBe(legacy.getSignature('1764295200', 'nonce1', enc));
    expect(sig).toBe(wecom.getSignature(TEST_TOKEN, '1764295200', 'nonce1', enc));
    expect(sha1Signature([TEST_TOKEN, '1764295200', 'nonce1', enc])).toBe(sig);
  });

  it('rejects another appid, garbage and truncated ciphertext', () => {
    const other = new WechatCrypto(TEST_TOKEN, TEST_AES_KEY, 'wxOTHERAPP000000');
    expect(() => ours.decrypt(other.encrypt('hi'))).toThrow(/appid/);
    expect(() => ours.decrypt('not base64 at all!!')).toThrow(WechatCryptoError);
    expect(() => ours.decrypt(ours.encrypt('hello').slice(0, 20))).toThrow(WechatCryptoError);
    const wrongKey = new WechatCrypto(TEST_TOKEN, 'A'.repeat(43), TEST_APPID);
    expect(() => wrongKey.decrypt(ours.encrypt('hello'))).toThrow(WechatCryptoError);
  });

  it('compares signatures in constant time and tolerates case', () => {
    const s = sha1Signature(['a', 'b']);
    expect(signaturesEqual(s, s.toUpperCase())).toBe(true);
    expect(signaturesEqual(s, undefined)).toBe(false);
    expect(signaturesEqual(s, s.slice(1))).toBe(false);
  });
});
