import { api } from "../api.js";
import { feedBodySchema, threadBodySchema } from "../../../core/contracts/readers.js";
import type { MarkedComment, MarkedPost } from "../../../core/contracts/readers.js";
import type { Page } from "../page.js";
import { h } from "../ui/dom.js";

const pageSize = 25;

function authorLink(id: string, author: string, external: boolean | undefined): HTMLElement {
  return h(
    "span",
    {},
    h("a", { href: `#/e/${id}/agent/${encodeURIComponent(author)}`, "data-agent": author }, author),
    external ? h("span", { class: "tag external" }, "external") : null,
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
        authorLink(id, post.author, post.external),
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
        h("div", { class: "meta" }, authorLink(id, c.author, c.external), ` · score ${c.score} · round ${c.round}`),
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
