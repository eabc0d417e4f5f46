// The socket.io rooms that news is sent to, named in one place: the namespaces put sockets
// in them, the publisher (publish.ts) sends to them. Sends go to rooms, never to sockets
// picked out of this process's memory, so a socket.io adapter can carry them to every instance.

/** Participants: every open tab of one player. */
export const playerRoom = (playerId: number) => `player:${playerId}`;
/** Participants: every open tab of every player of a session. */
export const sessionRoom = (sessionId: number) => `session:${sessionId}`;

/** Admins: the tabs watching a session's page. */
export const adminSessionRoom = (sname: string) => `session:${sname}`;
/** Admins: the tabs showing a session's chat inbox. */
export const adminChatRoom = (sname: string) => `chat:${sname}`;
/** Admins: the tabs showing a room's page. */
export const adminRoomRoom = (room: string) => `room:${room}`;
/** Admins: every open tab of one admin login (signed out together when it is revoked). */
export const loginRoom = (token: string) => `login:${token}`;
export const MONITOR_PREFIX = "monitor:";
/** Admins: the player monitors of a session. */
export const monitorRoom = (sessionId: number) => `${MONITOR_PREFIX}${sessionId}`;

/** Room waiters: everyone on a room's waiting page. */
export const waitingRoom = (room: string) => `waiting:${room}`;
