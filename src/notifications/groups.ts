/**
 * Announcements to group chats (village WeChat groups): a channel that can post into groups by
 * name (wechaty rooms by topic) implements this port; the broadcast route and, later, the
 * broadcast feature use it without knowing the channel.
 */
export interface GroupBroadcastResult {
  topic: string;
  /** Groups with that name that received the text. */
  rooms: number;
}

export interface GroupBroadcaster {
  /** Says `text` in the groups with these names (default: the configured broadcast groups). */
  broadcastToRooms(topics: string[] | undefined, text: string): Promise<GroupBroadcastResult[]>;
}
