/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/**
 * Headless Chromium from Debian's package, never a downloaded browser: `.ci/run` installs it
 * (`apt-get install chromium`) when it is absent.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Screenshots of each page, kept as test artefacts (CI keeps the folder). */
export const ARTIFACTS_DIR = join(__dirname, '..', '..', 'artifacts', 'browser');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly string[] }>;
}

/**
 * What axe-core finds against WCAG 2 A and AA on the page as it stands (contrast, labels, names,
 * landmarks...). Evaluated through the DevTools protocol, so the page's content security policy,
 * which allows no inline script, stays on.
 */
export async function accessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations;
  });
  return violations.map(({ id, help, nodes }) => ({ id, help, nodes: nodes.map(({ target }) => ({ target })) }));
}

/**
 * A loopback proxy in front of the ledger that the test can cut, as a tablet loses its network:
 * while cut, every connection is dropped unanswered, for the page and its service worker alike.
 */
export class CuttableNetwork {
  private cut = false;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async to(target: string): Promise<CuttableNetwork> {
    const upstream = new URL(target);
    let network: CuttableNetwork | undefined;
    const server = createServer((req, res) => {
      if (network?.cut) return void req.socket.destroy();
      const forwarded = request(
        { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on('error', () => req.socket.destroy());
      req.pipe(forwarded);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    network = new CuttableNetwork(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return network;
  }

  setCut(cut: boolean): void {
    this.cut = cut;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
