#!/usr/bin/env node
// The `murmur` command: TypeScript sources run through tsx, shipped as a dependency, so nothing
// needs installing globally (docs/design.md decision 11).
import { register } from "tsx/esm/api";

register();
await import("../cli/main.ts");
