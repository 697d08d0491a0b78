import { defineConfig } from '@playwright/test';
import { chromiumPath } from './support/chromium.js';

// Browser journeys in a real Chromium against a real collector. Browsers are never downloaded:
// CHROMIUM_PATH, else /usr/bin/chromium, else Playwright's own browser if installed.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './artifacts/results',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
