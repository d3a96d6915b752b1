import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";

/** Debian's chromium, driven by playwright-core (docs/local-limits.md); .ci/run installs it when missing. */
const executablePaths = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"];

export const screenshotDir = resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  const { existsSync } = await import("node:fs");
  const executablePath = executablePaths.find((p) => existsSync(p));
  if (!executablePath) throw new Error("chromium is not installed: apt-get install -y chromium (.ci/run does it)");
  return chromium.launch({
    executablePath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
    ],
  });
}

/** A page that records every console error and uncaught exception, for `expect(errors).toEqual([])`. */
export async function watchedPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page: ${error.message}`));
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
