import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Chromium flags for a root user in a sandbox with no network beyond loopback. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** Where a Chromium is: CHROMIUM_PATH, else Debian's or another usual place; undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
}

/**
 * Whether the browser tests run here: always in CI (a missing browser then fails them, loudly);
 * elsewhere only when a Chromium is installed (`apt-get install chromium`, or CHROMIUM_PATH).
 */
export function browserTestsRun(): boolean {
  if (chromiumPath() !== undefined || process.env.CI) return true;
  console.warn('dashboard browser tests skipped: no Chromium here (install Debian\'s chromium package or set CHROMIUM_PATH)');
  return false;
}

/** Starts headless Chromium, with `extraArgs` after the usual flags (throws saying what to install when there is none). */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('no Chromium found: install Debian\'s chromium package (apt-get install chromium) or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
