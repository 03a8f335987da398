/**
 * Structured logging (pino) with personal data masked: mainland mobile numbers and ID card
 * numbers are replaced wherever they appear in a log line, including error messages.
 */
import pino, { type Logger } from 'pino';

const ID_CARD = /(?<![0-9])([1-9][0-9]{5})(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}([0-9Xx])(?![0-9])/g;
const MOBILE = /(?<![0-9])(?:\+?86[- ]?)?(1[3-9][0-9])[- ]?[0-9]{4}[- ]?([0-9]{4})(?![0-9])/g;

/** Masks ID card numbers (keeps region prefix) and mobile numbers (keeps 3 + 4 digits). */
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
