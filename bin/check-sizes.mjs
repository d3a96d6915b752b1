#!/usr/bin/env node
// Size rules of ARCHITECTURE.md: no source file over 450 lines; no function over 80 lines in
// durable-objects/ and web/src/pages/. Parses with @swc/core (already a devDependency of the
// dependency check) and measures every function, method and arrow function by its span.
// `node bin/check-sizes.mjs [--top N]` prints the largest of each and exits 1 on a violation.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseSync } from "@swc/core";

const maxFileLines = 450;
const maxFunctionLines = 80;
const functionScopes = ["durable-objects/", "web/src/pages/"];
const sourceDirs = ["core", "analysis", "report", "durable-objects", "workers", "web/src", "cli", "import", "node", "bin"];
const top = Number(process.argv[process.argv.indexOf("--top") + 1]) || 5;

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...sourceDirs], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.endsWith(".d.ts"));

const functionKinds = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "ClassMethod",
  "PrivateMethod",
  "Constructor",
  "MethodProperty",
  "GetterProperty",
  "SetterProperty",
]);

/** Every function-like node's [startLine, endLine] (1-based), found by walking the AST. */
function functionSpans(source, file) {
  const module = parseSync(source, { syntax: "typescript", target: "es2022", comments: false });
  // swc spans are 1-based byte offsets into this file (a fresh source map per parseSync call).
  const bytes = Buffer.from(source, "utf8");
  const lineOfByte = [];
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    lineOfByte.push(line);
    if (bytes[i] === 0x0a) line++;
  }
  const base = 1;
  const spans = [];
  const walk = (node, name) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, name));
    const label = node.key?.value ?? node.identifier?.value ?? node.id?.value ?? name;
    if (functionKinds.has(node.type) && node.span) {
      const start = lineOfByte[Math.max(0, node.span.start - base)] ?? 0;
      const end = lineOfByte[Math.min(bytes.length, node.span.end - base)] ?? 0;
      spans.push({ file, name: label ?? "(anonymous)", lines: end - start + 1 });
    }
    for (const [key, value] of Object.entries(node)) if (key !== "span") walk(value, label);
  };
  walk(module.body, null);
  return spans;
}

const longFiles = [];
const functions = [];
for (const file of files) {
  const source = readFileSync(file, "utf8");
  const lines = source.split("\n").length - (source.endsWith("\n") ? 1 : 0);
  longFiles.push({ file, lines });
  if (functionScopes.some((scope) => file.startsWith(scope))) functions.push(...functionSpans(source, file));
}
longFiles.sort((a, b) => b.lines - a.lines);
functions.sort((a, b) => b.lines - a.lines);
console.log(`largest files:`);
for (const f of longFiles.slice(0, top)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}`);
for (const scope of functionScopes) {
  console.log(`largest functions in ${scope}:`);
  for (const f of functions.filter((g) => g.file.startsWith(scope)).slice(0, top)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file} ${f.name}`);
}
const badFiles = longFiles.filter((f) => f.lines > maxFileLines);
const badFunctions = functions.filter((f) => f.lines > maxFunctionLines);
for (const f of badFiles) console.log(`x file over ${maxFileLines} lines: ${f.file} (${f.lines})`);
for (const f of badFunctions) console.log(`x function over ${maxFunctionLines} lines: ${f.file} ${f.name} (${f.lines})`);
process.exit(badFiles.length + badFunctions.length > 0 ? 1 : 0);
