#!/usr/bin/env node
// `npm run deps`, and the first test of `npm test`: checks the layer rules of .dependency-cruiser.cjs
// (ARCHITECTURE.md's arrows, no import circles) over every source folder, printing each violation
// with the rule it breaks, then the forms of import the cruiser cannot see (below). Exit 0 when
// there is none. Takes about two seconds.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// Every folder that holds source; one not there yet (a layer still to be made) is skipped.
const sourceFolders = [
  "core",
  "analysis",
  "report",
  "durable-objects",
  "workers",
  "web",
  "node",
  "import",
  "cli",
  "bench",
  "bin",
  "test",
].filter((folder) => existsSync(join(root, folder)));

const cruise = spawnSync(
  process.execPath,
  [
    join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs"),
    "--config",
    ".dependency-cruiser.cjs",
    "--output-type",
    "err-long",
    ...sourceFolders,
  ],
  { cwd: root, stdio: "inherit" },
);

/**
 * dependency-cruiser reads import and export statements and dynamic `import("literal")`, but not
 * TypeScript's import types (`import("../x.js").T`, `typeof import(...)`), triple-slash
 * references, or a dynamic import of a computed path. Each of these could carry an arrow past the
 * rules, so outside test/ they are not allowed at all: write an `import type` statement instead.
 */
const unseenImportForms = [
  { pattern: /\bimport\(\s*["'`][^"'`]*["'`]\s*\)\s*\.\s*(?!then\b|catch\b|finally\b)[A-Za-z_$]/, why: "an import type: write an `import type` statement" },
  { pattern: /\btypeof\s+import\(/, why: "`typeof import(...)`: write an `import type` statement" },
  { pattern: /\bimport\(\s*(?!["'][^"'`$]*["']\s*\))[^)\s]/, why: "a dynamic import of a computed path" },
  { pattern: /^\s*\/\/\/\s*<reference\s+path=/, why: "a triple-slash reference" },
];
const sourceExtension = /\.(ts|mts|mjs|cjs|js)$/;
function* sourceFiles(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (name === "node_modules" || name === "dist") continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (sourceExtension.test(name) && !name.endsWith(".d.ts")) yield path;
  }
}
const unseen = [];
for (const folder of sourceFolders.filter((f) => f !== "test")) {
  for (const file of sourceFiles(join(root, folder))) {
    if (file === fileURLToPath(import.meta.url)) continue; // its own patterns
    readFileSync(file, "utf8")
      .split("\n")
      .forEach((line, i) => {
        const comment = /^\s*(\/\/(?!\/)|\*|\/\*)/.test(line);
        const form = comment ? undefined : unseenImportForms.find((f) => f.pattern.test(line));
        if (form) unseen.push(`  error import-the-rules-can-see: ${file.slice(root.length + 1)}:${i + 1} ${form.why}`);
      });
  }
}
for (const line of unseen) console.log(line);
if (unseen.length > 0) console.log(`\nx ${unseen.length} import(s) the dependency rules cannot see.`);
process.exit(cruise.status === 0 && unseen.length === 0 ? 0 : 1);
