import { notificationSchema } from "../../core/round/round-types.js";
import type { Notification } from "../../core/round/round-types.js";
import type { NotificationRequest } from "./shard-types.js";

/** Notifications of rounds [sinceRound, beforeRound) per recipient, in canonical order; recipients without any are left out. */
export function notificationsOf(sql: SqlStorage, request: NotificationRequest): Record<string, Notification[]> {
  const out: Record<string, Notification[]> = {};
  for (const { agent, sinceRound } of request.recipients) {
    const rows = sql
      .exec<{ body: string }>(
        `SELECT body FROM notifications WHERE recipient = ? AND round >= ? AND round < ?
         ORDER BY round, actor, actor_seq`,
        agent,
        sinceRound,
        request.beforeRound,
      )
      .toArray();
    if (rows.length > 0) out[agent] = rows.map((r) => notificationSchema.parse(JSON.parse(r.body)));
  }
  return out;
}
