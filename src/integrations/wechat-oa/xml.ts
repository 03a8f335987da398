/**
 * WeChat OA XML: parse pushed messages (fast-xml-parser, then zod) and build passive replies.
 * Every value is kept as a string (`parseTagValue: false`) and validated by the schemas below.
 */
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

/** Thrown for a body that is not a WeChat XML message; the route answers 400. */
export class WechatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatXmlError';
  }
}

const str = z.string();
const digits = z.string().regex(/^\d+$/, 'must be digits');
const coordinate = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a number')
  .transform(Number);

/** The outer envelope: in safe mode only ToUserName + Encrypt; in compatibility mode both. */
export const envelopeSchema = z
  .object({
    ToUserName: str.optional(),
    Encrypt: str.min(1).optional(),
  })
  .loose();

const base = {
  ToUserName: str.min(1),
  FromUserName: str.min(1).max(128),
  CreateTime: digits,
};

const textSchema = z.object({ ...base, MsgType: z.literal('text'), MsgId: digits, Content: str.max(4000) });
const voiceSchema = z.object({
  ...base,
  MsgType: z.literal('voice'),
  MsgId: digits,
  MediaId: str.optional(),
  Format: str.optional(),
  Recognition: str.max(4000).optional(),
});
const locationSchema = z.object({
  ...base,
  MsgType: z.literal('location'),
  MsgId: digits,
  Location_X: coordinate.pipe(z.number().min(-90).max(90)),
  Location_Y: coordinate.pipe(z.number().min(-180).max(180)),
  Scale: str.optional(),
  Label: str.max(500).optional(),
});
const eventSchema = z.object({
  ...base,
  MsgType: z.literal('event'),
  Event: str.min(1),
  EventKey: str.max(256).optional(),
  Ticket: str.optional(),
  Latitude: coordinate.pipe(z.number().min(-90).max(90)).optional(),
  Longitude: coordinate.pipe(z.number().min(-180).max(180)).optional(),
  /** MASSSENDJOBFINISH: the job, its status and counts. */
  MsgID: digits.optional(),
  Status: str.max(100).optional(),
  TotalCount: digits.optional(),
  FilterCount: digits.optional(),
  SentCount: digits.optional(),
  ErrorCount: digits.optional(),
});
/** image, video, shortvideo, link, file, …: acknowledged with a short "text only" reply. */
const otherSchema = z.object({ ...base, MsgType: str.min(1), MsgId: digits.optional() });

export type WechatText = z.infer<typeof textSchema>;
export type WechatVoice = z.infer<typeof voiceSchema>;
export type WechatLocation = z.infer<typeof locationSchema>;
export type WechatEvent = z.infer<typeof eventSchema>;
export type WechatOther = z.infer<typeof otherSchema> & { MsgType: string };
export type WechatMessage = WechatText | WechatVoice | WechatLocation | WechatEvent | WechatOther;

/** Parses XML text into a plain object of the `<xml>` root's children. */
export function parseXmlRoot(body: string): Record<string, unknown> {
  // WeChat never sends a DOCTYPE; refusing it rules out entity-expansion tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) throw new WechatXmlError('DOCTYPE/ENTITY not allowed');
  let doc: unknown;
  try {
    doc = parser.parse(body, true);
  } catch (err) {
    throw new WechatXmlError(`invalid XML: ${(err as Error).message}`);
  }
  const root = (doc as { xml?: unknown } | null)?.xml;
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw new WechatXmlError('missing <xml> root');
  return root as Record<string, unknown>;
}

/** Validates a plaintext message object (already decrypted in safe mode). */
export function parseWechatMessage(root: Record<string, unknown>): WechatMessage {
  const schema =
    root.MsgType === 'text'
      ? textSchema
      : root.MsgType === 'voice'
        ? voiceSchema
        : root.MsgType === 'location'
          ? locationSchema
          : root.MsgType === 'event'
            ? eventSchema
            : otherSchema;
  const result = schema.safeParse(root);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new WechatXmlError(`bad ${String(root.MsgType)} message: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return result.data as WechatMessage;
}

/** Wraps text in CDATA, splitting any "]]>" inside it. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** A passive text reply from the account (`from`, gh_ id) to the user (`to`, OpenID). */
export function textReplyXml(to: string, from: string, createTime: number, content: string): string {
  return (
    `<xml><ToUserName>${cdata(to)}</ToUserName><FromUserName>${cdata(from)}</FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content></xml>`
  );
}

/** The safe-mode reply envelope. */
export function encryptedReplyXml(encrypted: string, signature: string, timestamp: string, nonce: string): string {
  return (
    `<xml><Encrypt>${cdata(encrypted)}</Encrypt><MsgSignature>${cdata(signature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp><Nonce>${cdata(nonce)}</Nonce></xml>`
  );
}
