/**
 * Structured logging (pino) with personal data masked: mainland mobile numbers and ID card
 * numbers are replaced wherever they appear in a log line, including error messages.
 */
import pino, { type Logger } from 'pino';

/** A digit, half- or full-width (people type １３８… on Chinese keyboards). */
const D = '[0-9\uff10-\uff19]';
/** One optional separator inside a phone number: space, dash, dot, ideographic space, full-width dash/dot. */
const SEP = '[-. \u3000\uff0d\uff0e]?';
/** 18-character ID card numbers (17 digits + digit/X), date part not checked: better to over-mask. */
const ID_CARD = new RegExp(`(?<!${D})([1-9\uff11-\uff19]${D}{5})${D}{11}(${D}|[Xx\uff38\uff58])(?!${D})`, 'g');
/** Mainland mobiles: +86/0086 optional, then 1[3-9]x xxxx xxxx with optional separators. */
const MOBILE = new RegExp(`(?<!${D})(?:(?:\\+|\uff0b|00)?(?:86|\uff18\uff16)${SEP})?([1\uff11][3-9\uff13-\uff19]${D})${SEP}${D}{4}${SEP}(${D}{4})(?!${D})`, 'g');

/** Masks ID card numbers (keeps region prefix) and mobile numbers (keeps 3 + 4 digits), half- or full-width, with or without separators. */
export function maskPii(text: string): string {
  return text.replace(ID_CARD, '$1********$2').replace(MOBILE, '$1****$2');
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: maskPii(value.message), stack: value.stack && maskPii(value.stack) };
  }
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

export interface LoggerOptions {
  level: string;
  /** Destination stream (tests pass a collector). Default stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'skills-bot' },
      hooks: {
        // Mask every string argument (messages and interpolations).
        logMethod(args, method) {
          method.apply(this, args.map((a) => maskDeep(a)) as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (obj) => maskDeep(obj) as Record<string, unknown>,
      },
      serializers: { err: (e: unknown) => maskDeep(e) },
    },
    options.destination,
  );
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = pino({ level: 'silent' });
