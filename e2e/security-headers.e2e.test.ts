// The built UI and the API docs work under the Content-Security-Policy: every page renders and the browser
// reports no violation (an inline script, an eval, a style or image from elsewhere would be one).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { logInAs } from './support/browser.ts';
import { startJourney } from './support/journey.ts';

const journey = startJourney();

/** A page that records every CSP violation the browser reports, as events and as console errors. */
async function watchedPage(): Promise<{ page: Page; violations: () => Promise<string[]> }> {
  const context = await journey.context();
  const page = await context.newPage();
  const consoleViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
  });
  // Added through the DevTools protocol, so the policy does not stop this script itself.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  return {
    page,
    violations: async () => [
      ...consoleViolations,
      ...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)),
    ],
  };
}

describe('the Content-Security-Policy', () => {
  it('lets every page of the UI render with antd styles and no violation', async () => {
    const { page, violations } = await watchedPage();
    const response = await page.goto('/regions');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await logInAs(page, 'admin');
    await page.getByRole('heading', { level: 3, name: '宜昌市', exact: true }).waitFor();
    // Ant Design's CSS-in-JS styles, injected as <style> elements, are applied: the side menu has its colour.
    const background = await page
      .locator('.ant-layout-sider')
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    // Each page behind the frame loads its own chunk.
    for (const path of ['/units', '/users', '/audit', '/meetings']) {
      await page.goto(path);
      await page.locator('.ant-table').first().waitFor();
      if (path !== '/meetings') await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    }
    expect(await violations()).toEqual([]);
  });

  it('lets the API docs (swagger-ui) render with no violation', async () => {
    const { page, violations } = await watchedPage();
    await page.goto('/api/docs/');
    await page.getByText('Tongchou 统筹 API').first().waitFor();
    await page.locator('.opblock-tag').first().waitFor();
    expect(await violations()).toEqual([]);
  });
});
