// Browser-test harness: starts the real server (src/main.ts) on a free port with a fresh data directory,
// drives Debian's chromium through playwright-core, checks every page with axe-core, tap-target sizes and
// horizontal scrolling, and writes screenshots at 360 px and 1280 px into test-results/.
//
// Usage (one `describe` per file, run by `npm run test:e2e`):
//   const server = useServer();
//   it('…', async () => { const page = await openPage(server); await page.goto(`${server.url}/demo/`);
//                         await checkPage(page, 'demo-home'); });
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RESULTS = join(ROOT, 'test-results');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const AXE_TAGS = ['RGAAv4', 'wcag2a', 'wcag2aa', 'wcag21aa'];
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };
/** Minimum size of a tap target, in CSS pixels, at 360 px. */
export const TAP_TARGET_MIN = 44;

export interface DevMail {
  id: string;
  to: string;
  subject: string;
  text: string;
}

export interface TestServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:40123 (valid once the suite's `before` ran). */
  readonly url: string;
  /** The temporary DATA_DIR of this server (PGlite database, mail files). */
  readonly dataDir: string;
  /** Everything the server printed so far (stdout + stderr). */
  output(): string;
  /** The outbox e-mails, newest first, read through the development mailbox `/_dev/mail`. */
  mail(): Promise<DevMail[]>;
  /** Internal: browser and contexts opened for this server (closed when the suite ends). */
  readonly _contexts: BrowserContext[];
}

export interface ServerOptions {
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
  /** Maximum wait for /readyz, in ms (default 90 s: the first start migrates and seeds). */
  startTimeoutMs?: number;
}

let browserPromise: Promise<Browser> | null = null;
let browserUsers = 0;

function launchBrowser(): Promise<Browser> {
  browserPromise ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  return browserPromise;
}

async function releaseBrowser(): Promise<void> {
  browserUsers -= 1;
  if (browserUsers > 0 || !browserPromise) return;
  const p = browserPromise;
  browserPromise = null;
  await (await p).close().catch(() => {});
}

function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.unref();
    s.on('error', ko);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function serverEnv(port: number, dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
  };
  // PGlite in the temporary directory and mail into the outbox files: never a real database or SMTP server.
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  delete env.TEST_DATABASE_URL;
  return { ...env, ...extra };
}

/**
 * Starts the real server for the enclosing `describe` (before its tests) and stops it after them:
 * free port, fresh temporary DATA_DIR (PGlite, migrations, demo seed), wait for /readyz.
 */
export function useServer(options: ServerOptions = {}): TestServer {
  let url = '';
  let dataDir = '';
  let child: ChildProcess | null = null;
  let out = '';
  let exited: Promise<void> = Promise.resolve();
  let usesBrowser = false;
  const contexts: BrowserContext[] = [];

  const server: TestServer = {
    get url() {
      assert.ok(url, 'useServer(): the server is not started yet (use server.url inside a test)');
      return url;
    },
    get dataDir() {
      return dataDir;
    },
    output: () => out,
    mail: () => readDevMail(url),
    _contexts: contexts,
  };

  before(
    async () => {
      const t0 = Date.now();
      const port = await freePort();
      dataDir = mkdtempSync(join(tmpdir(), 'maisonnee-e2e-'));
      url = `http://127.0.0.1:${port}`;
      // `node --import tsx` (not the tsx CLI): one process, so a signal reaches the server itself.
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: serverEnv(port, dataDir, options.env),
      });
      child = proc;
      // If this test process dies abruptly, do not leave the server behind.
      process.once('exit', () => proc.kill('SIGKILL'));
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      proc.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      let exitCode: number | null | undefined;
      exited = new Promise((ok) => {
        proc.on('exit', (code, signal) => {
          exitCode = code ?? (signal ? -1 : null);
          ok();
        });
      });
      const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
      for (;;) {
        if (exitCode !== undefined) {
          throw new Error(`the server exited (code ${exitCode}) before /readyz answered:\n${out}`);
        }
        try {
          const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
          if (res.status === 200) break;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) {
          await stop();
          throw new Error(`the server did not answer /readyz within the start timeout:\n${out}`);
        }
        await sleep(100);
      }
      browserUsers += 1;
      usesBrowser = true;
      if (process.env.E2E_DEBUG) process.stderr.write(`server ready in ${Date.now() - t0} ms\n`);
    },
    { timeout: (options.startTimeoutMs ?? 90_000) + 10_000 },
  );

  async function stop(): Promise<void> {
    const t0 = Date.now();
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    child = null;
    if (process.env.E2E_DEBUG) process.stderr.write(`server stopped in ${Date.now() - t0} ms\n`);
  }

  after(
    async () => {
      for (const c of contexts.splice(0)) await c.close().catch(() => {});
      if (usesBrowser) await releaseBrowser();
      await stop();
      if (process.env.E2E_KEEP_OUTPUT && url) {
        mkdirSync(RESULTS, { recursive: true });
        writeFileSync(join(RESULTS, `server-${new URL(url).port}.log`), out);
      }
      if (dataDir && !process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
    { timeout: 30_000 },
  );

  return server;
}

/**
 * A new page (in its own browser context: its own cookies) on Debian's chromium, 1280×800 by default.
 * Pass context options, e.g. `{ javaScriptEnabled: false }` or `{ locale: 'en-GB' }`.
 */
export async function openPage(server: TestServer, options: BrowserContextOptions = {}): Promise<Page> {
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', ...options });
  server._contexts.push(context);
  const page = await context.newPage();
  if (options.javaScriptEnabled === false) withoutJs.add(page);
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(30_000);
  const problems: string[] = [];
  problemsOf.set(page, problems);
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return page;
}

const problemsOf = new WeakMap<Page, string[]>();
const withoutJs = new WeakSet<Page>();

/**
 * tsx (esbuild keepNames) wraps named inner functions in `__name(…)`, a helper that does not exist in the
 * page: define it there as the identity before evaluating a function with inner helpers.
 */
async function defineNameHelper(page: Page): Promise<void> {
  await page.evaluate('globalThis.__name ??= (fn) => fn; undefined');
}

export interface CheckOptions {
  /** CSS selectors whose elements the tap-target check skips (justify each use in a comment). */
  tapTargetIgnore?: string[];
  /** axe rule ids to disable (justify each use in a comment). */
  disableRules?: string[];
}

/**
 * Checks the page as it is now: axe-core (RGAA 4, WCAG 2.0 A/AA, WCAG 2.1 AA) reports 0 violations at
 * 1280 px and at 360 px, no horizontal scrolling at 360 px, every tap target at least 44×44 px at 360 px,
 * no CSP violation or uncaught error so far; writes test-results/<name>-360.png and <name>-1280.png.
 */
export async function checkPage(page: Page, name: string, options: CheckOptions = {}): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  mkdirSync(RESULTS, { recursive: true });
  const failures: string[] = [];
  try {
    await page.setViewportSize(DESKTOP);
    failures.push(...(await axeViolations(page, options.disableRules)).map((v) => `axe at 1280 px: ${v}`));
    await page.screenshot({ path: join(RESULTS, `${name}-1280.png`), fullPage: true });

    await page.setViewportSize(PHONE);
    failures.push(...(await axeViolations(page, options.disableRules)).map((v) => `axe at 360 px: ${v}`));
    const overflow = await horizontalOverflow(page);
    if (overflow) failures.push(`scrolls horizontally at 360 px: ${overflow}`);
    for (const t of await checkTapTargets(page, options.tapTargetIgnore))
      failures.push(`tap target at 360 px: ${t}`);
    await page.screenshot({ path: join(RESULTS, `${name}-360.png`), fullPage: true });
  } finally {
    await page.setViewportSize(original);
  }
  const problems = problemsOf.get(page) ?? [];
  failures.push(...problems.splice(0));
  assert.deepEqual(failures, [], `checkPage(${name}) at ${page.url()}:\n  ${failures.join('\n  ')}`);
}

/** axe-core violations, one line each (rule, impact, first targets). Injected from node_modules. */
export async function axeViolations(page: Page, disableRules: string[] = []): Promise<string[]> {
  if (!withoutJs.has(page)) return runAxe(page, disableRules);
  // With JavaScript disabled the page's timers never fire, so axe.run would never resolve: audit the same
  // HTML (its DOM as served) in a scripted twin page at the same URL and size, its own scripts blocked.
  const html = await page.content();
  const url = page.url();
  const twinContext = await page
    .context()
    .browser()!
    .newContext({ viewport: page.viewportSize() ?? DESKTOP });
  try {
    const twin = await twinContext.newPage();
    await twin.route('**/*', (route) => {
      const req = route.request();
      if (req.isNavigationRequest() && req.url() === url) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (req.resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await twin.goto(url);
    return await runAxe(twin, disableRules);
  } finally {
    await twinContext.close();
  }
}

async function runAxe(page: Page, disableRules: string[]): Promise<string[]> {
  await defineNameHelper(page);
  // page.evaluate runs outside the page's CSP (no inline <script> is added) and works with JS disabled.
  if (!(await page.evaluate('Boolean(globalThis.axe)'))) await page.evaluate(`${AXE_SOURCE}\n;undefined`);
  const result = await page.evaluate(
    async ({ tags, disabled }) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } })
        .axe;
      const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
      const r = (await axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
        rules,
      })) as {
        violations: {
          id: string;
          impact: string;
          help: string;
          nodes: { target: unknown[]; failureSummary?: string }[];
        }[];
      };
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.trim()),
      }));
    },
    { tags: AXE_TAGS, disabled: disableRules },
  );
  return result.map((v) => `${v.id} (${v.impact}) ${v.help}\n      ${v.nodes.join('\n      ')}`);
}

/** A description of what overflows when the page is wider than the viewport, or null. */
export async function horizontalOverflow(page: Page): Promise<string | null> {
  await defineNameHelper(page);
  return page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    if (doc.scrollWidth <= width) return null;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0 && culprits.length < 5) {
        const id = el.id ? `#${el.id}` : '';
        const cls =
          typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
        culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px)`);
      }
    }
    return `scrollWidth ${doc.scrollWidth} px > ${width} px; ${culprits.join(', ')}`;
  });
}

/**
 * Interactive elements smaller than 44×44 px at the current viewport. Exceptions: inline text links in
 * paragraphs (WCAG 2.5.8 "inline"), hidden or off-screen elements (the skip link before focus), and
 * checkboxes/radios whose label makes the target large enough (the label is clickable).
 */
export async function checkTapTargets(
  page: Page,
  ignore: string[] = [],
  min = TAP_TARGET_MIN,
): Promise<string[]> {
  await defineNameHelper(page);
  return page.evaluate(
    ({ ignore, min }) => {
      const selector = [
        'a[href]',
        'button',
        'input:not([type="hidden"])',
        'select',
        'textarea',
        'summary',
        '[role="button"]',
        '[role="link"]',
        '[role="tab"]',
        '[tabindex]:not([tabindex="-1"])',
      ].join(',');
      const describe = (el: Element) => {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        const name = el.getAttribute('name') ?? el.getAttribute('href') ?? '';
        return `<${el.tagName.toLowerCase()}${name ? ` ${name}` : ''}>${text ? ` "${text}"` : ''}`;
      };
      const visible = (el: Element, r: DOMRect) => {
        if (r.width === 0 || r.height === 0) return false;
        const s = getComputedStyle(el);
        if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
        // Moved off-screen (a skip link before it has focus).
        if (r.right + window.scrollX <= 0 || r.bottom + window.scrollY <= 0) return false;
        if (s.clip === 'rect(0px, 0px, 0px, 0px)' || s.clipPath === 'inset(50%)') return false;
        return !el.closest('[hidden], [aria-hidden="true"], [inert]');
      };
      const small: string[] = [];
      for (const el of Array.from(document.querySelectorAll(selector))) {
        if (ignore.some((sel) => el.matches(sel))) continue;
        if ((el as HTMLInputElement).disabled) continue;
        let r = el.getBoundingClientRect();
        if (!visible(el, r)) continue;
        const s = getComputedStyle(el);
        // Inline text links in a paragraph: the line height of the sentence constrains them.
        if (el.tagName === 'A' && s.display === 'inline' && el.closest('p')) continue;
        if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.labels) {
          let left = r.left;
          let top = r.top;
          let right = r.right;
          let bottom = r.bottom;
          for (const label of Array.from(el.labels)) {
            const l = label.getBoundingClientRect();
            left = Math.min(left, l.left);
            top = Math.min(top, l.top);
            right = Math.max(right, l.right);
            bottom = Math.max(bottom, l.bottom);
          }
          r = new DOMRect(left, top, right - left, bottom - top);
        }
        // A 0.5 px tolerance for sub-pixel layout.
        if (r.width + 0.5 < min || r.height + 0.5 < min) {
          small.push(`${describe(el)} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
        }
      }
      return small;
    },
    { ignore, min },
  );
}

/** Signs in through the demo tenant's form (/demo/connexion, fields email and password). */
export async function signIn(page: Page, server: TestServer, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/demo/connexion`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForLoadState('load'),
    page.locator('form:has(input[name="password"]) [type="submit"]').first().click(),
  ]);
  await page.waitForLoadState('load');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const stripTags = (s: string) => decodeHtml(s.replace(/<[^>]*>/g, '')).trim();

/** Reads the development mailbox (list page, then each message page). Newest first, at most 100. */
export async function readDevMail(baseUrl: string): Promise<DevMail[]> {
  const list = await fetch(`${baseUrl}/_dev/mail`);
  assert.equal(list.status, 200, 'GET /_dev/mail');
  const html = await list.text();
  const ids = [...new Set([...html.matchAll(/href="\/_dev\/mail\/([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
  const mails: DevMail[] = [];
  for (const id of ids) {
    const res = await fetch(`${baseUrl}/_dev/mail/${id}`);
    assert.equal(res.status, 200, `GET /_dev/mail/${id}`);
    const page = await res.text();
    const subject = stripTags(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page)?.[1] ?? '');
    const to = stripTags(/À :\s*<span[^>]*>([\s\S]*?)<\/span>/.exec(page)?.[1] ?? '');
    const text = decodeHtml(/<pre class="mail-body"[^>]*>([\s\S]*?)<\/pre>/.exec(page)?.[1] ?? '');
    mails.push({ id, to, subject, text });
  }
  return mails;
}
