// The layer rules of ARCHITECTURE.md, checked by dependency-cruiser (`npm run deps`, and the first
// test of `npm test`). Arrows point down:
//
//   cli ─┬─> import ──> node ─┐
//        │        └──> analysis ──> core (incl. core/contracts)
//        ├─> report ──> analysis, core
//        └─> workers ──> durable-objects ──> core
//   web ──> core/contracts, core/config, report, experiments/*.json
//
// Every layer may also import npm packages. Each layer rule below lists what its layer MAY import
// (an allow-list written as `pathNot`), so a new folder is forbidden until a rule names it.
// test/ may import anything; bin/murmur.mjs is the CLI's entry point and so may import cli/.
//
// Type-only imports count: the swc parser reads the TypeScript source before its types are erased
// (TypeScript 7 has no JavaScript API, which dependency-cruiser's tsc parser needs).

/** npm packages resolve into node_modules; every layer may use them. */
const NPM = "^node_modules/";
/** Node's own modules (`node:fs`, or `fs` by its bare name) are dependency type "core". */
const NODE_BUILTIN = ["core"];

/** `^experiments/[^/]+\\.json$` -> `experiments/*.json`, for the violation messages. */
function readable(pathPattern) {
  return pathPattern.replace(/^\^/, "").replace("[^/]+", "*").replace(/\\\./g, ".").replace(/\$$/, "");
}

/**
 * A rule that forbids `layer` to import anything outside `allowed` (paths) and npm packages.
 * `builtins` also allows Node's own modules (`node:*`), and `cloudflare` the workerd modules.
 */
function layer(name, from, allowed, { builtins = false, cloudflare = false, fromNot = [] } = {}) {
  const to = { pathNot: [from, ...allowed, NPM, ...(cloudflare ? ["^cloudflare:"] : [])] };
  if (builtins) to.dependencyTypesNot = NODE_BUILTIN;
  return {
    name,
    severity: "error",
    comment: `${readable(from)} may import only: ${[from, ...allowed].map(readable).join(", ")}, npm packages${
      builtins ? ", node builtins" : ""
    }${cloudflare ? ", cloudflare:*" : ""}`,
    from: { path: from, pathNot: fromNot },
    to,
  };
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No import circles anywhere (type-only imports included).",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment: "An import that does not resolve escapes every other rule (cloudflare:* modules exist only in workerd).",
      from: {},
      to: { couldNotResolve: true, pathNot: "^cloudflare:" },
    },
    {
      name: "pure-layers-no-node-builtins",
      severity: "error",
      comment: "core, analysis and report run anywhere (node, workerd, browser): no node builtins, as node:x or by bare name.",
      from: { path: "^(core|analysis|report)/" },
      to: { dependencyTypes: NODE_BUILTIN },
    },
    {
      name: "pure-layers-no-cloudflare",
      severity: "error",
      comment: "core, analysis and report run anywhere: no cloudflare: modules.",
      from: { path: "^(core|analysis|report)/" },
      to: { path: "^cloudflare:" },
    },
    layer("core-imports-only-core", "^core/", []),
    layer("analysis-imports-only-core", "^analysis/", ["^core/"]),
    layer("report-imports-only-analysis-and-core", "^report/", ["^analysis/", "^core/"]),
    layer("durable-objects-import-only-core", "^durable-objects/", ["^core/"], {
      builtins: true,
      cloudflare: true,
    }),
    layer("workers-import-only-durable-objects-and-core", "^workers/", ["^durable-objects/", "^core/"], {
      builtins: true,
      cloudflare: true,
    }),
    layer(
      "web-imports-only-contracts-config-report-experiments",
      "^web/",
      ["^core/contracts/", "^core/config/", "^report/", "^experiments/[^/]+\\.json$"],
      // vite's own config runs in node at build time; it is tooling, not the browser app.
      { fromNot: ["^web/vite\\.config\\.ts$"] },
    ),
    layer("node-imports-only-core", "^node/", ["^core/"], { builtins: true }),
    layer("import-imports-only-core-analysis-node", "^import/", ["^core/", "^analysis/", "^node/"], {
      builtins: true,
    }),
    {
      name: "nothing-imports-cli",
      severity: "error",
      comment: "cli/ is the top layer: only cli/ itself, its entry point bin/ and tests import it.",
      from: { pathNot: "^(cli|bin|test)/" },
      to: { path: "^cli/" },
    },
    {
      name: "nothing-imports-web",
      severity: "error",
      comment: "web/ is a top layer (the browser app): only web/ itself and tests import it.",
      from: { pathNot: "^(web|test)/" },
      to: { path: "^web/" },
    },
  ],
  options: {
    doNotFollow: { path: "^node_modules/" },
    exclude: { path: "(^|/)(dist|\\.murmur)/" },
    // swc parses TypeScript as written, so `import type` and type-only imports are dependencies.
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // The source writes ESM specifiers (`./x.js`) for `./x.ts` files.
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    cache: false,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
