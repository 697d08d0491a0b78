// Finds a system Chromium: CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own browser.
import { existsSync } from 'node:fs';

export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate;
  // undefined lets Playwright use its own browser if one is installed; if none is, fail clearly.
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    /* fall through */
  }
  throw new Error('No Chromium found for the e2e tests. Install one with: apt-get install -y chromium (or set CHROMIUM_PATH)');
}
