// Headless Chromium for tests that load a page of their own (exports, the
// HTML report, the Markdown preview): the same executable and flags as the
// preview tests (preview/page.ts), skipped on a developer's machine without
// it and failing in CI (tools.ts). Every request a page makes can be routed
// to abort, so a test can prove a page is offline.
import * as fs from 'fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { needsTool, requireTool } from './tools';

export const CHROMIUM = process.env.SYSDESIGN_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const NO_CHROMIUM = `no Chromium at ${CHROMIUM} (bash scripts/e2e/install-tools.sh or apt-get install chromium, or set SYSDESIGN_CHROMIUM)`;
/** A suite's options: skipped without Chromium on a developer's machine, never in CI. */
export const NEEDS_CHROMIUM = needsTool(HAS_CHROMIUM, NO_CHROMIUM);

export interface OfflinePage {
  page: Page;
  /** Every request the page tried (each was aborted), and its page errors. */
  requests: string[];
  errors: string[];
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  width?: number;
  height?: number;
  /** URLs let through (the page under test itself, when it is a file); every other request is aborted and recorded. */
  allow?: string[];
}

/** One browser for the enclosing `describe`; `open` gives a page whose every network request is aborted and recorded. */
export function chromiumForSuite(): { open(options?: OpenOptions): Promise<OfflinePage> } {
  let browser: Browser | undefined;
  before(async () => {
    requireTool(HAS_CHROMIUM, NO_CHROMIUM);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });
  after(async () => {
    await browser?.close();
  });
  return {
    async open(options = {}) {
      const context = await browser!.newContext({
        colorScheme: options.colorScheme ?? 'light',
        viewport: { width: options.width ?? 1200, height: options.height ?? 900 },
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('pageerror', (err) => errors.push(err.message));
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text());
      });
      const allowed = new Set(options.allow ?? []);
      await context.route('**/*', async (route) => {
        const url = route.request().url();
        if (allowed.has(url)) return route.continue();
        requests.push(url);
        await route.abort();
      });
      return { page, requests, errors };
    },
  };
}
