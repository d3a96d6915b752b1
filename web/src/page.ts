/**
 * What the router and the pages agree on. Its own module so that pages do not import main.ts
 * (which imports every page through the route table).
 */

/** A page draws into its root and returns how to stop (timers, streams, animation frames). */
export type Cleanup = () => void;

/** Route parameters: the hash path's named parts (`id`, `post`, `agent`) and its query string. */
export type RouteParams = Readonly<Record<string, string>>;

export type Page = (root: HTMLElement, params: RouteParams) => Promise<Cleanup | void>;
