import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser } from 'playwright-core';
import { launchChromium, openPage } from './browser';
import { withFailureArtifacts } from './failureArtifacts';

jest.setTimeout(120_000);

describe('browser test failure artifacts', () => {
  let browser: Browser;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(
        '<html><body><h1>Quotas</h1><p>team-a uses 2 GPUs</p><script>console.warn("quota bars not drawn")</script></body></html>',
      );
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise(resolve => server?.close(resolve));
  });

  it('saves the screenshot, URL, visible text and backend log tail of a broken step and names them', async () => {
    const page = await openPage(browser);
    await page.goto(`${baseUrl}/ocdp/quotas`);
    const logLines = Array.from({ length: 500 }, (_, i) => `log line ${i}`);

    const failure = await withFailureArtifacts(
      'deliberately broken step',
      page,
      () => logLines.join('\n'),
      () =>
        page
          .getByText('a heading that never appears')
          .waitFor({ timeout: 1_000 }),
    ).then(
      () => undefined,
      (error: Error) => error,
    );

    expect(failure).toBeInstanceOf(Error);
    const message = failure!.message;
    expect(message).toMatch(/a heading that never appears/);
    const screenshot = /screenshot: (\S+)/.exec(message)![1];
    const text = /URL and text: (\S+)/.exec(message)![1];
    const log = /backend log tail: (\S+)/.exec(message)![1];
    for (const file of [screenshot, text, log]) {
      expect(file).toMatch(
        /tests\/output\/failures\/deliberately-broken-step-/,
      );
    }
    const png = fs.readFileSync(screenshot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const pageText = fs.readFileSync(text, 'utf8');
    expect(pageText).toContain(`URL: ${baseUrl}/ocdp/quotas`);
    expect(pageText).toContain('team-a uses 2 GPUs');
    expect(pageText).toContain('[warning] quota bars not drawn');
    const tail = fs.readFileSync(log, 'utf8').split('\n');
    expect(tail).toHaveLength(200);
    expect(tail[0]).toBe('log line 300');
    expect(tail[199]).toBe('log line 499');
    await page.close();
  });
});
