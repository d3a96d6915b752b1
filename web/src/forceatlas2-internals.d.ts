/**
 * Types for two files inside graphology-layout-forceatlas2 0.10.1 that its public API uses but does
 * not export with types: one iteration over packed matrices, and the default settings. The layout
 * (web/src/pages/influence/layout-graph.ts) packs the matrices itself, skipping a graphology graph of
 * 100,000+ edges; test/unit/web/src/pages/influence/layout-graph.test.ts checks it against the
 * public `forceAtlas2.assign`, so a package update that changes these files fails there.
 */
declare module "graphology-layout-forceatlas2/iterate.js" {
  import type { ForceAtlas2Settings } from "graphology-layout-forceatlas2";
  /** NodeMatrix: 10 floats per node (x, y, dx, dy, old dx, old dy, mass, convergence, size, fixed); EdgeMatrix: 3 per edge (source offset, target offset, weight). */
  export default function iterate(settings: Required<ForceAtlas2Settings>, nodes: Float32Array, edges: Float32Array): object;
}

declare module "graphology-layout-forceatlas2/defaults.js" {
  import type { ForceAtlas2Settings } from "graphology-layout-forceatlas2";
  const defaults: Required<ForceAtlas2Settings>;
  export default defaults;
}
