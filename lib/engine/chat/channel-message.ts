// A message of a participants' channel as their browsers get it: the sender's alias only
// (a pseudonym or label), never the player's name, which is the credential of their link.
// Kept apart from channel.ts so the client component can import the type without the engine.

export interface ChannelMessageView {
  id: number;
  /** the name the participants see */
  from: string;
  text: string;
  /** ISO time */
  at: string;
}

/** What a chat page's `chat:history` answers: the caller's own alias, and the channel's latest messages. */
export interface ChannelHistory {
  me: string;
  messages: ChannelMessageView[];
}

export function toChannelMessage(row: { id: number; alias: string | null; text: string; createdAt: Date }): ChannelMessageView {
  return { id: row.id, from: row.alias ?? "", text: row.text, at: row.createdAt.toISOString() };
}
