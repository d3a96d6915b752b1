import { z } from "zod";
import { notFound } from "./errors.js";

/** Content ids as docs/events.md mints them; anything else cannot name content, so it is a 404. */
const postIdSchema = z
  .string()
  .max(200)
  .regex(/^p\.\d+\.[A-Za-z0-9_.-]+\.\d+$/);
const commentIdSchema = z
  .string()
  .max(200)
  .regex(/^c\.\d+\.[A-Za-z0-9_.-]+\.\d+$/);

export function postIdParam(raw: string | undefined): string {
  const parsed = postIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound(`post ${raw ?? ""}`, "Post ids come from GET /posts (they look like p.3.a0042.0).");
  return parsed.data;
}

export function commentIdParam(raw: string | undefined): string {
  const parsed = commentIdSchema.safeParse(raw);
  if (!parsed.success)
    throw notFound(`comment ${raw ?? ""}`, "Comment ids come from GET /posts/<id>/comments (they look like c.3.a0042.1).");
  return parsed.data;
}
