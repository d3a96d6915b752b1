// The layer rules of ARCHITECTURE.md, checked by dependency-cruiser: `npm run deps`, and the first
// test of `npm test` (bin/check-deps.mjs). Arrows point down; a layer imports only what it lists:
//
//   cli              anything but web/
//   import           core, analysis, node
//   node             core
//   web              core/contracts, report, experiments/*.json (the presets: data, no code)
//   workers          durable-objects, core
//   durable-objects  core (core/contracts is part of core)
//   report           analysis, core
//   analysis         core
//   core             nothing outside core/
//
// Every layer may import npm packages. Each layer rule is an allow-list (`pathNot`), so a new
// top-level folder is forbidden to a layer until its rule names it. Node's own modules are
// forbidden in the code that runs anywhere (core, analysis, report) and in the browser's (web);
// `cloudflare:` modules are allowed only in durable-objects and workers. Nothing outside cli/ and
// web/ imports them; test/ may import anything; bin/murmur.mjs is the CLI's entry point. No import
// circles anywhere.
//
// Type-only imports count: the swc parser reads the TypeScript as written, before its types are
// erased (dependency-cruiser's tsc parser needs TypeScript's JavaScript API, which TypeScript 7 no
// longer has).

/** npm packages resolve into node_modules (in a git worktree maybe a symlinked one elsewhere). */
const NPM = "(^|/)node_modules/";
/** Node's own modules, as `node:fs` or by the bare name `fs`, have the dependency type "core". */
const NODE_BUILTIN = ["core"];
const NPM_TYPES = ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-bundled", "npm-no-pkg"];

/** `^experiments/[^/]+\.json$` -> `experiments/*.json`, for the violation messages. */
function readable(pathPattern) {
  return pathPattern.replace(/^\^/, "").replace("[^/]+", "*").replace(/\\\./g, ".").replace(/\$$/, "");
}

/**
 * A rule that forbids the layer at `from` to import any path outside itself, `allowed` and npm
 * packages. Node builtins, `cloudflare:` modules (which do not resolve outside workerd),
 * unresolvable imports and imports of cli/ or web/ have rules of their own, so that no violation is
 * reported twice.
 */
function layer(name, from, allowed, { fromNot = [] } = {}) {
  const may = [from, ...allowed].map(readable).join(", ");
  return {
    name,
    severity: "error",
    comment: `${readable(from)} may import only: ${may}, npm packages`,
    from: { path: from, pathNot: fromNot },
    to: {
      // cli/ and web/ are left to nothing-imports-cli/-web, so that an arrow is reported once.
      path: "^(?!(cli|web)/)",
      pathNot: [from, ...allowed, NPM],
      dependencyTypesNot: NODE_BUILTIN,
      couldNotResolve: false,
    },
  };
}

/** vite's own config runs in node at build time: tooling, not the browser app. */
const VITE_CONFIG = "^web/vite\\.config\\.ts$";

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
      name: "no-node-builtins-in-portable-code",
      severity: "error",
      comment:
        "core, analysis and report run anywhere (node, workerd, browser) and web in the browser: no node builtins, as node:x or by bare name.",
      from: { path: "^(core|analysis|report|web)/", pathNot: VITE_CONFIG },
      to: { dependencyTypes: NODE_BUILTIN },
    },
    {
      name: "cloudflare-modules-only-in-durable-objects-and-workers",
      severity: "error",
      comment: "cloudflare: modules exist only in workerd: only durable-objects/, workers/ and their tests import them.",
      from: { pathNot: "^(durable-objects|workers|test)/" },
      to: { path: "^cloudflare:" },
    },
    layer("core-imports-only-core", "^core/", []),
    layer("analysis-imports-only-core", "^analysis/", ["^core/"]),
    layer("report-imports-only-analysis-and-core", "^report/", ["^analysis/", "^core/"]),
    layer("durable-objects-import-only-core", "^durable-objects/", ["^core/"]),
    layer("workers-import-only-durable-objects-and-core", "^workers/", ["^durable-objects/", "^core/"]),
    layer(
      "web-imports-only-contracts-report-presets",
      "^web/",
      ["^core/contracts/", "^report/", "^experiments/[^/]+\\.json$"],
      { fromNot: [VITE_CONFIG] },
    ),
    layer("node-imports-only-core", "^node/", ["^core/"]),
    layer("import-imports-only-core-analysis-node", "^import/", ["^core/", "^analysis/", "^node/"]),
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
    // Not into npm packages, wherever node_modules is.
    doNotFollow: { path: NPM, dependencyTypes: NPM_TYPES },
    // Keeps a symlinked node_modules' packages under ./node_modules in the paths the rules see.
    preserveSymlinks: true,
    exclude: { path: "(^|/)(dist|\\.murmur)/" },
    // swc parses TypeScript as written, so `import type` and other type-only imports are dependencies.
    parser: "swc",
    tsPreCompilationDeps: true,
    // Resolves the source's ESM specifiers (`./x.js`) to the `./x.ts` files they name.
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    cache: false,
  },
};
