/** The SessionStore port on SQLite (ConversationState): the dialog stack, versioned. */
import type { Db } from '../db/client.js';
import { CONVERSATION_SCHEMA_VERSION, conversationDataSchema, type ConversationData } from './engine.js';
import { StaleSessionError, type LoadedSession, type SessionKey, type SessionStore } from './ports.js';

export class SqliteSessionStore implements SessionStore {
  constructor(private readonly db: Db) {}

  async load(key: SessionKey): Promise<LoadedSession> {
    const row = await this.db.conversationState.findUnique({ where: { userId: key.userId } });
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
    const { userId } = key;
    if (loaded.version === null) {
      await this.db.conversationState.create({
        data: { userId, data: json, schemaVersion: CONVERSATION_SCHEMA_VERSION, version: 1 },
      });
      return;
    }
    const { count } = await this.db.conversationState.updateMany({
      where: { userId, version: loaded.version },
      data: { data: json, schemaVersion: CONVERSATION_SCHEMA_VERSION, version: { increment: 1 } },
    });
    if (count !== 1) throw new StaleSessionError(key);
  }
}
