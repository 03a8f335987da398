/**
 * The SessionStore port on SQLite (ConversationState): one dialog stack per user and conversation
 * ("private", or one group chat), versioned.
 */
import type { Db } from '../db/client.js';
import { CONVERSATION_SCHEMA_VERSION, conversationDataSchema, type ConversationData } from './engine.js';
import { StaleSessionError, type LoadedSession, type SessionKey, type SessionStore } from './ports.js';

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'P2002';
}

export class SqliteSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async load(key: SessionKey): Promise<LoadedSession> {
    const { userId, conversationKey } = key;
    const row = await this.db.conversationState.findUnique({ where: { userId_conversationKey: { userId, conversationKey } } });
    if (!row) return { data: { frames: [] }, version: null };
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(row.data);
    } catch {
      parsed = null;
    }
    const result = row.schemaVersion === CONVERSATION_SCHEMA_VERSION ? conversationDataSchema.safeParse(parsed) : null;
    // A state we cannot read (older format, corruption) restarts the conversation cleanly.
    return { data: result?.success ? result.data : { frames: [] }, version: row.version };
  }

  /** Saves with an optimistic version check; throws StaleSessionError on a lost race. */
  async save(key: SessionKey, loaded: LoadedSession, data: ConversationData): Promise<void> {
    const json = JSON.stringify(data);
    const { userId, conversationKey } = key;
    if (loaded.version === null) {
      try {
        await this.db.conversationState.create({
          data: { userId, conversationKey, data: json, schemaVersion: CONVERSATION_SCHEMA_VERSION, version: 1 },
        });
      } catch (err) {
        // Another turn created this conversation's row since we loaded it: the same lost race.
        if (isUniqueViolation(err)) throw new StaleSessionError(key);
        throw err;
      }
      return;
    }
    const { count } = await this.db.conversationState.updateMany({
      where: { userId, conversationKey, version: loaded.version },
      data: { data: json, schemaVersion: CONVERSATION_SCHEMA_VERSION, version: { increment: 1 } },
    });
    if (count !== 1) throw new StaleSessionError(key);
  }
}
