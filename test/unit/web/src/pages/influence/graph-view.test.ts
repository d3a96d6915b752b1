import { describe, expect, it } from "vitest";
import {
  allWindowsView,
  cleanEdges,
  leadersByTenure,
  persistentLeaders,
  viewCache,
  windowView,
} from "../../../../../../web/src/pages/influence/graph-view.js";
import { tinyGraph } from "./tiny-graph.js";

const { nodes, windows } = tinyGraph;

describe("windowView", () => {
  it("keeps one window's valid edges heaviest first and ranks its present nodes", () => {
    const view = windowView(4, windows, 0);
    expect(view.label).toBe("window 0: rounds 0-5");
    expect([...view.pagerank]).toEqual([0.5, 0.2, 0.3, Number.NaN]);
    // Self-comment (0,0), unknown author (3,9) and the empty (3,0) are dropped.
    expect(view.edges).toEqual([
      [2, 0, 5],
      [1, 0, 2],
    ]);
    expect(view.comments).toBe(7);
    expect(view.present).toBe(3);
    expect(view.ranked).toEqual([0, 2, 1]);
    // Ranked a0, a1, a2 and the ends of the kept edges (all of them ranked too); a3 is not in window 0.
    expect(view.members).toEqual([0, 1, 2]);
  });

  it("ignores a PageRank for a node that does not exist", () => {
    const view = windowView(4, windows, 1);
    expect(view.label).toBe("window 1: rounds 6-11");
    expect([...view.pagerank]).toEqual([0.4, Number.NaN, Number.NaN, 0.6]);
    expect(view.ranked).toEqual([3, 0]);
    // a1 is not ranked in window 1 but comments on a0 there, so it belongs to the window's graph.
    expect(view.members).toEqual([0, 1, 3]);
    expect(view.edges).toEqual([
      [0, 3, 4],
      [1, 0, 1],
    ]);
  });

  it("shows an empty view for a position past the last window", () => {
    const view = windowView(4, windows, 5);
    expect(view.label).toBe("window 5");
    expect(view.present).toBe(0);
    expect(view.edges).toEqual([]);
  });
});

describe("allWindowsView", () => {
  it("sums edges over windows and sizes by mean PageRank, a sat-out window counting 0", () => {
    const view = allWindowsView(4, windows);
    expect(view.label).toBe("all 2 windows: rounds 0-11");
    // a0: (0.5 + 0.4) / 2, a1: 0.2 / 2, a2: 0.3 / 2, a3: 0.6 / 2.
    const expected = [0.45, 0.1, 0.15, 0.3];
    expected.forEach((value, i) => expect(view.pagerank[i]).toBeCloseTo(value, 12));
    // (1,0): 2 + 1; (2,0): 5; (0,3): 4. Self, unknown and empty pairs dropped.
    expect(view.edges).toEqual([
      [2, 0, 5],
      [0, 3, 4],
      [1, 0, 3],
    ]);
    expect(view.comments).toBe(12);
    expect(view.present).toBe(4);
    expect(view.ranked).toEqual([0, 3, 2, 1]);
  });
});

describe("cleanEdges", () => {
  it("keeps the heaviest first and the file's order among equals", () => {
    const edges = cleanEdges(
      [
        [0, 1, 1],
        [1, 2, 3],
        [2, 1, 1],
        [-1, 0, 9],
        [1, 0, 3],
      ],
      3,
    );
    expect(edges).toEqual([
      [1, 2, 3],
      [1, 0, 3],
      [0, 1, 1],
      [2, 1, 1],
    ]);
  });
});

describe("viewCache", () => {
  it("derives each view once and switches to the cumulative view on request", () => {
    const viewOf = viewCache(4, windows);
    const first = viewOf({ window: 1, cumulative: false });
    expect(viewOf({ window: 1, cumulative: false })).toBe(first);
    const all = viewOf({ window: 1, cumulative: true });
    expect(all.label).toBe("all 2 windows: rounds 0-11");
    expect(viewOf({ window: 0, cumulative: true })).toBe(all);
  });
});

describe("leaders", () => {
  it("lists the persistent leaders in node order, and by windows in the top-k for the list", () => {
    const leaders = persistentLeaders(nodes);
    expect(leaders).toEqual([0, 3]);
    expect(leadersByTenure(nodes, leaders)).toEqual([3, 0]);
  });
});
