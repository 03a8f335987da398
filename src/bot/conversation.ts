/** Load/save stages: the user's dialog stack, versioned, in ConversationState. */
import type { Db } from '../db/client.js';
import {
  CONVERSATION_SCHEMA_VERSION,
  conversationDataSchema,
  type ConversationData,
} from '../dialogs/engine.js';

export interface LoadedConversation {
  data: ConversationData;
  /** Row version read; null when the user has no stored state yet. */
  version: number | null;
}

export class StaleConversationError extends Error {
  constructor(userId: number) {
    super(`Conversation of user ${userId} was changed by another turn`);
  }
}

export async function loadConversation(db: Db, userId: number): Promise<LoadedConversation> {
  const row = await db.conversationState.findUnique({ where: { userId } });
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

/** Saves with an optimistic version check; throws StaleConversationError on a lost race. */
export async function saveConversation(db: Db, userId: number, loaded: LoadedConversation, data: ConversationData) {
  const json = JSON.stringify(data);
  if (loaded.version === null) {
    await db.conversationState.create({
      data: { userId, data: json, schemaVersion: CONVERSATION_SCHEMA_VERSION, version: 1 },
    });
    return;
  }
  const { count } = await db.conversationState.updateMany({
    where: { userId, version: loaded.version },
    data: { data: json, schemaVersion: CONVERSATION_SCHEMA_VERSION, version: { increment: 1 } },
  });
  if (count !== 1) throw new StaleConversationError(userId);
}
