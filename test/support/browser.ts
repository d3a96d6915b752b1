import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import packagedChromium from "@sparticuz/chromium";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";

export const screenshotDir = resolve(import.meta.dirname, "..", "..", "test-results", "screenshots");

/**
 * The browser comes from npm: @sparticuz/chromium ships Chromium and the libraries it needs inside
 * the package and unpacks them to the temp directory on first use, so `npm test` needs nothing but
 * Node and npm (docs/local-limits.md). playwright-core drives it.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: await packagedChromium.executablePath(),
    args: [
      ...packagedChromium.args,
      "--no-first-run",
      // Nothing but loopback: no lookups of the browser's own hosts on a closed network.
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
