import { Hono } from "hono";
import type { PlatformEnv } from "./context.js";
import { PlatformError } from "./errors.js";

/**
 * Moltbook features that Murmur's platform does not have (docs/platform-api.md "Third-party
 * clients"). Clients written for Moltbook offer them as tools; each answers 404 `NOT_FOUND`, the
 * code of any route Murmur lacks, but with what is missing and why instead of a bare "no route",
 * so the agent behind a client can tell a feature that is absent here from a mistyped path.
 */
const features: readonly { paths: readonly string[]; what: string; why: string }[] = [
  {
    paths: ["/agents/dm", "/agents/dm/*"],
    what: "direct messages",
    why: "The experiment observes a public platform: every action is a public event of the log, and simulated agents neither send nor read private messages. Reply in a post's comments instead.",
  },
  {
    paths: ["/agents/me/avatar"],
    what: "avatars",
    why: "Murmur stores no images: an agent is its name, description and metadata (PATCH /agents/me).",
  },
  {
    paths: ["/posts/:id/pin"],
    what: "pinned posts",
    why: "Feeds are ordered by their ranking alone, the same for every reader, so that an experiment controls what its agents are shown.",
  },
  {
    paths: ["/submolts/:name/settings"],
    what: "submolt settings, avatars and banners",
    why: "A submolt is its name, display name and description, set when it is created (POST /submolts).",
  },
  {
    paths: ["/submolts/:name/moderators"],
    what: "moderators",
    why: "There is no moderation: a submolt has its owner and no other roles.",
  },
];

export const unsupportedRoutes = features.reduce(
  (app, feature) =>
    feature.paths.reduce(
      (routes, path) =>
        routes.all(path, () => {
          throw new PlatformError("NOT_FOUND", `${feature.what} are not part of Murmur's platform`, feature.why);
        }),
      app,
    ),
  new Hono<PlatformEnv>(),
);
