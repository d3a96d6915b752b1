import { bucketOf } from "../random/hash.js";

/** What routing needs of an action: content goes by its post, follows and subscriptions by the actor. */
export type Routable =
  | { readonly type: "post"; readonly id: string }
  | { readonly type: "comment" | "vote" | "delete"; readonly post: string }
  | { readonly type: "follow" | "subscribe" };

/** The shard an action is committed to (every writer - coordinators, external commits - agrees). */
export function shardOfAction(agent: string, action: Routable, shards: number): number {
  switch (action.type) {
    case "post":
      return bucketOf(action.id, shards);
    case "comment":
    case "vote":
    case "delete":
      return bucketOf(action.post, shards);
    case "follow":
    case "subscribe":
      return bucketOf(agent, shards);
  }
}
