// A chat message as the browsers (participant panel, admin inbox), the API and the outbox
// carry it: plain JSON, the time as an ISO string. Kept apart from chat.ts so the client
// components can import the type without the engine.

export interface ChatMessageView {
  id: number;
  thread: number;
  /** who wrote it: an admin, or the participant */
  from: "admin" | "participant";
  /** the admin's name or the player's name */
  name: string;
  text: string;
  /** ISO time */
  at: string;
}

export function toChatMessage(row: { id: number; threadId: number; senderKind: string; senderName: string; text: string; createdAt: Date }): ChatMessageView {
  return { id: row.id, thread: row.threadId, from: row.senderKind === "admin" ? "admin" : "participant", name: row.senderName, text: row.text, at: row.createdAt.toISOString() };
}
