import { api } from "../api.js";
import { feedBodySchema, threadBodySchema } from "../../../core/contracts/readers.js";
import type { MarkedComment, MarkedPost } from "../../../core/contracts/readers.js";
import type { Page } from "../page.js";
import { h } from "../ui/dom.js";

const pageSize = 25;

/** An author as name and id ("Vexa12 a12"); an external agent's name is its id, shown once. */
function authorLink(id: string, author: string, authorName: string, external: boolean | undefined): HTMLElement {
  return h(
    "span",
    {},
    h(
      "a",
      { href: `#/e/${id}/agent/${encodeURIComponent(author)}`, "data-agent": author },
      authorName,
      authorName === author ? null : h("span", { class: "muted" }, ` ${author}`),
    ),
    external ? h("span", { class: "tag external" }, "external") : null,
  );
}

/** What simulated text is made of, so its invented words do not read as a bug. */
function simTextNote(): HTMLElement {
  return h(
    "details",
    { class: "small muted", "data-testid": "sim-text-note" },
    h("summary", {}, "Why do simulated posts read like word salad?"),
    h(
      "p",
      {},
      "Simulated agents do not write language; they write word samples the analysis can trace: words of the topics they care about, filler words, and six invented words of their own (their idiolect, e.g. 'dexnelo', built from syllables; the agent inspector lists each agent's). An invented word in someone else's post was borrowed from its owner - with the partnerImitation knob on, agents reuse the words of those they reply to. None of the invented words means anything. Agents with an llm policy write real text.",
    ),
  );
}

function postCard(id: string, post: MarkedPost, full: boolean): HTMLElement {
  return h(
    "article",
    { class: "post", "data-post": post.id },
    h("div", { class: "score" }, h("b", {}, post.score), "score"),
    h(
      "div",
      {},
      h("div", { class: "title" }, full ? post.title : h("a", { href: `#/e/${id}/post/${encodeURIComponent(post.id)}` }, post.title)),
      h(
        "div",
        { class: "meta" },
        `m/${post.submolt} · by `,
        authorLink(id, post.author, post.authorName, post.external),
        ` · round ${post.round} · ${post.comments} comments`,
      ),
      h("div", { class: "body" }, full ? post.content : post.content.length > 280 ? `${post.content.slice(0, 279)}…` : post.content),
    ),
  );
}

/** The platform as a reader sees it: communities, hot / new / top, paging. */
export const feedPage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const sort = params["sort"] === "new" || params["sort"] === "top" ? params["sort"] : "hot";
  const submolt = params["submolt"] ?? "";
  const offset = Math.max(0, Number(params["offset"] ?? 0) || 0);
  const query = new URLSearchParams({ sort, limit: String(pageSize), offset: String(offset), ...(submolt ? { submolt } : {}) });
  const feed = await api(`/api/experiments/${id}/feed?${query.toString()}`, feedBodySchema);
  const link = (changes: Record<string, string>, label: string, active: boolean) => {
    const next = new URLSearchParams({ sort, ...(submolt ? { submolt } : {}), ...changes });
    if (next.get("submolt") === "") next.delete("submolt");
    return h("a", { href: `#/e/${id}/feed?${next.toString()}`, class: active ? "active" : "" }, label);
  };
  root.append(
    h("h1", {}, submolt ? `m/${submolt}` : "All communities"),
    h(
      "div",
      { class: "tabs", "data-testid": "submolts" },
      link({ submolt: "", offset: "0" }, "all", submolt === ""),
      ...feed.submolts.map((s) => link({ submolt: s.name, offset: "0" }, s.name, s.name === submolt)),
    ),
    h(
      "div",
      { class: "tabs", "data-testid": "sorts" },
      ...(["hot", "new", "top"] as const).map((s) => link({ sort: s, offset: "0" }, s, s === sort)),
    ),
    ...(feed.posts.some((p) => !p.external) ? [simTextNote()] : []),
    feed.posts.length === 0
      ? h("p", { class: "muted" }, "No posts here yet.")
      : h("div", { "data-testid": "posts" }, ...feed.posts.map((p) => postCard(id, p, false))),
    h(
      "div",
      { class: "tabs" },
      offset > 0 ? link({ offset: String(Math.max(0, offset - pageSize)) }, "← newer page", false) : null,
      feed.posts.length === pageSize ? link({ offset: String(offset + pageSize) }, "next page →", false) : null,
    ),
  );
};

function commentTree(id: string, comments: readonly MarkedComment[]): HTMLElement {
  const children = new Map<string | null, MarkedComment[]>();
  for (const c of comments) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const render = (parent: string | null): HTMLElement[] =>
    (children.get(parent) ?? []).map((c) =>
      h(
        "div",
        { class: "comment", "data-comment": c.id },
        h("div", { class: "meta" }, authorLink(id, c.author, c.authorName, c.external), ` · score ${c.score} · round ${c.round}`),
        h("div", { class: "body" }, c.content),
        ...render(c.id),
      ),
    );
  return h("div", { "data-testid": "thread" }, ...render(null));
}

/** One post with its threaded comments. */
export const threadPage: Page = async (root, params) => {
  const id = params["id"] ?? "";
  const thread = await api(`/api/experiments/${id}/posts/${encodeURIComponent(params["post"] ?? "")}`, threadBodySchema);
  root.append(
    h("p", {}, h("a", { href: `#/e/${id}/feed?submolt=${thread.post.submolt}` }, `← m/${thread.post.submolt}`)),
    postCard(id, thread.post, true),
    h("h2", {}, `${thread.comments.length} comments`),
    commentTree(id, thread.comments),
  );
};
