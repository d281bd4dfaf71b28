/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page.evaluate callbacks run in the browser, with its types.
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext, Download, Locator, Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { LedgerClient } from '../../apps/cli/src/ledger-client';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { SEED_FIGURES } from '../../apps/cli/src/demo/seed-plan';
import { accessibilityViolations, CuttableNetwork, launchChromium, screenshot } from '../support/browser';
import { startTestLedger, TestLedger, TEST_ADMIN_TOKEN } from '../support/ledger-app';

/**
 * The web app in a real browser (headless Chromium), against the real API serving it at /app, with
 * the seed recorded by the demo. Figures are read off the page and compared with the API's answer
 * to the same query; the staff flow loses its network halfway, as a tablet at an event does.
 */

// A browser beside the other suites on two cores: page loads get room, Playwright's own waits (30 s) stay shorter.
jest.setTimeout(60_000);

const YEAR_2024 = { from: '2024-01-01', to: '2024-12-31' };
const TABLET = { width: 768, height: 1024 };
const PHONE = { width: 390, height: 844 };

let ledger: TestLedger;
let network: CuttableNetwork;
let browser: Browser;
let admin: LedgerClient;
let analystToken: string;
let staffToken: string;

beforeAll(async () => {
  // The real clock: the door records today's session, which a fixed test clock would call the future.
  ledger = await startTestLedger({ clock: () => new Date() });
  await ledger.app.listen(0, '127.0.0.1');
  const { port } = ledger.app.getHttpServer().address() as AddressInfo;
  admin = new LedgerClient(`http://127.0.0.1:${port}`, { token: TEST_ADMIN_TOKEN });
  await runDemo(admin);
  network = await CuttableNetwork.to(`http://127.0.0.1:${port}`);
  analystToken = (await ledger.issueToken('analyst', 'chaoyang', { label: 'browser analyst' })).token;
  staffToken = (await ledger.issueToken('staff', 'chaowai', { label: 'door tablet' })).token;
  await ledger.caughtUp();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await network?.close();
  await ledger?.close();
});

/** Script errors and content-security-policy refusals, which show in the console: none may happen on any page. */
const scriptProblems: string[] = [];

async function signedIn(token: string, viewport = { width: 1280, height: 900 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => scriptProblems.push(error.message));
  // A refused request (403, or no network) is logged as a failed resource: that is the test's doing, not a problem.
  page.on('console', (message) => message.type() === 'error' && !/Failed to load resource/.test(message.text()) && scriptProblems.push(message.text()));
  await page.goto(`${network.url}/app/`);
  await page.getByLabel('访问令牌').fill(token);
  await page.getByRole('button', { name: '用令牌登录' }).click();
  await page.locator('header nav').waitFor();
  return { context, page };
}

afterAll(() => expect(scriptProblems).toEqual([]));

/** Asks again until the answer is `expected` (the page and the projections catch up on their own time). */
async function eventually<T>(ask: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await ask();
  while (last !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await ask();
  }
  expect(last).toBe(expected);
}

const numberIn = async (page: Page, selector: string) => Number((await page.locator(selector).innerText()).replace(/[^\d.]/g, ''));

async function expectAccessible(page: Page): Promise<void> {
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe('the analyst pages', () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => ({ context, page } = await signedIn(analystToken)));
  afterAll(() => context.close());

  it("shows the Chaowai street union's 2024 courses as the API counts them: painting 94 / 1,128, yoga 25 / 375", async () => {
    // Choose the organisation in the tree and the year in the picker, as an analyst does.
    await page.getByRole('button', { name: /Chaowai Street Union/ }).click();
    await page.waitForURL(/org=chaowai/);
    await page.getByLabel('年份').fill('2024');
    await page.getByLabel('年份').press('Enter');
    await page.waitForURL(/period=2024/);
    await page.locator('#courses tbody tr').nth(1).waitFor();
    await page.getByRole('heading', { level: 1, name: /Chaowai Street Union，2024年/ }).waitFor();

    const row = (courseId: string) => page.locator('#courses tbody tr', { has: page.locator(`a[data-course="${courseId}"]`) });
    const cell = (courseId: string, column: string) => numberIn(page, `#courses tbody tr:has(a[data-course="${courseId}"]) td[data-column="${column}"]`);
    expect(await row(SEED_FIGURES.painting.courseId).count()).toBe(1);
    expect(await page.locator(`#courses tbody tr:has(a[data-course="${SEED_FIGURES.painting.courseId}"]) td[data-column="attendances"]`).innerText()).toBe('1,128');
    expect([await cell(SEED_FIGURES.painting.courseId, 'sessions'), await cell(SEED_FIGURES.painting.courseId, 'attendances')]).toEqual([94, 1128]);
    expect([await cell(SEED_FIGURES.yoga.courseId, 'sessions'), await cell(SEED_FIGURES.yoga.courseId, 'attendances')]).toEqual([25, 375]);

    // Every figure on the page equals the API's answer to the same query.
    const courses = await admin.get<Array<Record<string, number | string>>>('/projections/courses', { organizationId: 'chaowai', ...YEAR_2024 });
    for (const course of courses) {
      for (const column of ['sessions', 'attendances', 'distinctParticipants', 'averageAttendance', 'regulars']) {
        expect({ course: course.courseId, column, page: await cell(String(course.courseId), column) }).toEqual({ course: course.courseId, column, page: course[column] });
      }
    }
    const summary = await admin.get<Record<string, number>>('/projections/organizations/chaowai', YEAR_2024);
    const figures = await page.locator('.figure[data-figure]').evaluateAll((nodes) =>
      nodes.map((node) => [node.getAttribute('data-figure')!, node.querySelector('dd')!.textContent!] as const),
    );
    expect(figures.length).toBeGreaterThanOrEqual(20);
    for (const [figure, text] of figures) expect({ figure, value: Number(text.replace(/,/g, '')) }).toEqual({ figure, value: summary[figure] });

    await expectAccessible(page);
    await screenshot(page, 'overview');
  });

  it('exports the courses table to CSV (with the BOM Excel needs) and to XLSX, rows and all', async () => {
    const csv = await downloaded(page, () => page.locator('#courses').getByRole('button', { name: '导出 CSV' }).click());
    expect(csv.suggestedFileName).toMatch(/\.csv$/);
    const text = readFileSync(csv.path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const lines = text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('名称,类别,场次,参加人次,参加人数,场均人次,常客（4次及以上）,品牌');
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.startsWith('彩绘课'))).toMatch(/,94,1128,/);
    expect(lines.find((line) => line.startsWith('午间瑜伽'))).toMatch(/,25,375,/);

    const xlsx = await downloaded(page, () => page.locator('#courses').getByRole('button', { name: '导出 Excel' }).click());
    expect(xlsx.suggestedFileName).toMatch(/\.xlsx$/);
    const sheet = await readSheet(readFileSync(xlsx.path));
    expect(sheet[0]).toEqual(['名称', '类别', '场次', '参加人次', '参加人数', '场均人次', '常客（4次及以上）', '品牌']);
    expect(sheet).toHaveLength(3);
    expect(sheet.find((r) => String(r[0]).startsWith('彩绘课'))?.slice(2, 4)).toEqual([94, 1128]);
    expect(sheet.find((r) => String(r[0]).startsWith('午间瑜伽'))?.slice(2, 4)).toEqual([25, 375]);
  });

  it('draws the course page’s charts: canvases with marks on them, beside tables of the same figures', async () => {
    await page.locator(`a[data-course="${SEED_FIGURES.painting.courseId}"]`).click();
    await page.locator('#per-session tbody tr').nth(93).waitFor();
    const charts = page.locator('canvas[role="img"]');
    expect(await charts.count()).toBe(3);
    for (const painted of await paintedShares(charts)) expect(painted).toBeGreaterThan(0.01);
    // Per month: the sessions add up to the course's 94, the attendances to 1,128.
    const months = await page.locator('#per-month tbody tr').evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td.numeric')].map((td) => Number(td.textContent!.replace(/,/g, '')))),
    );
    expect(months).toHaveLength(12);
    expect(months.reduce((sum, [sessions]) => sum + sessions, 0)).toBe(94);
    expect(months.reduce((sum, [, attendances]) => sum + attendances, 0)).toBe(1128);
    const bands = await admin.get<{ bands: Record<string, number> }>('/projections/frequency', { organizationId: 'chaowai', courseId: SEED_FIGURES.painting.courseId, ...YEAR_2024 });
    expect(await numberIn(page, '#bands tbody tr:last-child td.numeric')).toBe(bands.bands['10+']);
    await expectAccessible(page);
    await screenshot(page, 'course');
  });

  it('compares the organisations under a district in a chart and a sortable table', async () => {
    await page.goto(`${network.url}/app/#/compare?org=chaoyang&period=2024`);
    await page.locator('#comparison tbody tr').first().waitFor();
    expect(await page.locator('#comparison tbody tr').count()).toBe(1);
    expect(await page.locator('#comparison tbody td[data-column="attendances"]').innerText()).toBe('1,503');
    await page.getByRole('button', { name: '按参加人次排序' }).click();
    expect(await page.locator('#comparison th[aria-sort="ascending"]').count()).toBe(1);
    expect(await paintedShares(page.locator('canvas[role="img"]'))).toEqual([expect.any(Number)]);
    expect((await paintedShares(page.locator('canvas[role="img"]')))[0]).toBeGreaterThan(0.01);
    await expectAccessible(page);
    await screenshot(page, 'compare');
  });

  it('switches to English, with English dates and numbers, and back to Chinese', async () => {
    await page.goto(`${network.url}/app/#/course/${SEED_FIGURES.painting.courseId}?org=chaowai&period=2024`);
    await page.locator('#per-month tbody tr').first().waitFor();
    expect(await page.locator('#per-month tbody tr td').first().innerText()).toBe('2024年1月');
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.getByRole('link', { name: 'Overview' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('#per-month tbody tr td').first().innerText()).toBe('Jan 2024');
    expect(await page.locator('#per-session tbody tr td').first().innerText()).toBe('4 Jan 2024');
    expect(await page.getByRole('heading', { level: 2, name: 'Attendances per session' }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'course-english');
    await page.getByRole('button', { name: /切换为中文/ }).click();
    await page.getByRole('link', { name: '概览' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('#per-session tbody tr td').first().innerText()).toBe('2024年1月4日');
  });

  it('says what is missing when an analyst of Chaoyang opens another district', async () => {
    await page.goto(`${network.url}/app/#/overview?org=haidian&period=2024`);
    const alert = page.getByRole('alert');
    await alert.getByRole('heading', { name: '没有权限' }).waitFor();
    expect(await alert.innerText()).toContain('haidian不在您的权限范围内（chaoyang）');
    expect(await page.locator('.figure').count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'forbidden');
  });

  it('shows a published report: its receipt, and the reproduction beside the figures as published', async () => {
    await admin.post('/reports', {
      id: 'browser-chaowai-2024',
      title: '朝外街道 2024 年午间课程',
      query: 'courses',
      parameters: { organizationId: 'chaowai', ...YEAR_2024 },
    });
    await ledger.caughtUp();
    const reproduction = await admin.get<{ receipt: { position: string; chainHash: string } }>('/reports/browser-chaowai-2024/reproduce');
    await page.goto(`${network.url}/app/#/reports`);
    await page.getByRole('link', { name: '朝外街道 2024 年午间课程' }).click();
    await page.locator('[data-reproduced]').waitFor();
    expect(await page.locator('[data-reproduced]').getAttribute('data-reproduced')).toBe('true');
    const receipt = await page.locator('.receipt').innerText();
    expect(receipt).toContain(reproduction.receipt.position);
    expect(receipt).toContain(reproduction.receipt.chainHash);
    expect(receipt).toContain('env-bootstrap');
    expect(await page.locator('#report-figures tbody tr', { hasText: '[0].attendances' }).innerText()).toMatch(/1,128\s+1,128/);
    await expectAccessible(page);
    await screenshot(page, 'report');
  });

  it('shows the ledger’s state and copies the current digest', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: network.url });
    await page.goto(`${network.url}/app/#/ledger`);
    await page.locator('#projections tbody tr').first().waitFor();
    await page.getByRole('button', { name: '复制摘要' }).click();
    await page.getByText('已复制到剪贴板').waitFor();
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { hash: string; position: string };
    const digest = await admin.get<{ hash: string; position: string }>('/audit/digest');
    expect(copied.hash).toBe(digest.hash);
    expect(Number(copied.position)).toBeGreaterThan(0);
    expect(await page.locator('#projections tbody tr').count()).toBeGreaterThanOrEqual(3);
    await expectAccessible(page);
    await screenshot(page, 'ledger-state');
  });

  it('keeps a year being typed when the figures arrive meanwhile, and applies it on Enter', async () => {
    await page.goto(`${network.url}/app/#/overview?org=chaoyang&period=2025`);
    await page.getByRole('heading', { level: 1, name: /2025年/ }).waitFor();
    // Hold the figures of the next organisation until the year has been typed, as a slow network does.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await page.route('**/projections/**', async (route) => {
      held++;
      await released;
      await route.continue();
    });
    try {
      await page.getByRole('button', { name: /Chaowai Street Union/ }).click();
      await page.waitForURL(/org=chaowai/);
      await page.getByLabel('年份').fill('2024');
      expect(held).toBeGreaterThan(0);
      release();
      await page.getByRole('heading', { level: 1, name: /Chaowai Street Union，2025年/ }).waitFor();
      await page.getByLabel('年份').press('Enter');
      await page.waitForURL(/period=2024/, { timeout: 5_000 });
    } finally {
      release();
      await page.unroute('**/projections/**');
    }
  });

  it('fits the overview on a tablet and on a phone, without sideways scrolling', async () => {
    for (const [name, viewport] of [['tablet', TABLET], ['phone', PHONE]] as const) {
      await page.setViewportSize(viewport);
      await page.goto(`${network.url}/app/#/overview?org=chaowai&period=2024`);
      await page.locator('#courses tbody tr').nth(1).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await expectAccessible(page);
      await screenshot(page, `overview-${name}`);
    }
  });
});

describe('signing in and out', () => {
  it('sends a user whose token was revoked back to sign in, saying why', async () => {
    const { id, token } = await ledger.issueToken('analyst', 'chaowai', { label: 'to revoke' });
    const { context, page } = await signedIn(token);
    await ledger.http.delete(`/admin/tokens/${id}`).expect(200);
    // The next request the app makes is refused: it forgets the token and asks for a sign-in.
    await page.goto(`${network.url}/app/#/overview?org=chaowai&period=2023`);
    await page.getByText('登录已失效，请重新登录。').waitFor();
    expect(await page.getByLabel('访问令牌').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await context.close();
  });

  it('signs a tablet in with a one-time code an admin issued in the app', async () => {
    const { context: adminContext, page: adminPage } = await signedIn(TEST_ADMIN_TOKEN);
    await adminPage.getByRole('link', { name: '设备登录码' }).click();
    // By role: the previous page's organisation tree (组织架构) also matches the label 组织 until this page replaces it.
    await adminPage.getByRole('combobox', { name: /^组织/ }).selectOption('chaowai');
    await adminPage.getByLabel('设备名称（可选）').fill('door tablet 2');
    await adminPage.getByRole('button', { name: '发放登录码' }).click();
    const code = (await adminPage.locator('[data-code]').getAttribute('data-code'))!;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await expectAccessible(adminPage);
    await screenshot(adminPage, 'device-code');
    await adminContext.close();

    const tablet = await browser.newContext({ viewport: TABLET });
    const page = await tablet.newPage();
    await page.goto(`${network.url}/app/`);
    await page.getByLabel('设备码').fill(code.toLowerCase());
    await page.getByRole('button', { name: '用设备码登录' }).click();
    await page.getByRole('heading', { level: 1, name: '现场签到' }).waitFor();
    expect(await page.locator('.principal').innerText()).toBe('工作人员 · chaowai');
    // The code works once: a second tablet cannot use it.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await otherPage.goto(`${network.url}/app/`);
    await otherPage.getByLabel('设备码').fill(code);
    await otherPage.getByRole('button', { name: '用设备码登录' }).click();
    await otherPage.getByText('设备码无效、已使用或已过期。').waitFor();
    await other.close();
    await tablet.close();
  });

  it('refuses a wrong token on the sign-in page and stays there', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${network.url}/app/`);
    await page.getByLabel('访问令牌').fill('ledger_not-a-token');
    await page.getByRole('button', { name: '用令牌登录' }).click();
    await page.getByText('令牌无效、已撤销或已过期。').waitFor();
    await context.close();
  });
});

describe('the door, on a tablet with a weak connection', () => {
  it('records ten online and five offline, keeps the five through a reload, and the ledger counts exactly fifteen', async () => {
    const { context, page } = await signedIn(staffToken, TABLET);
    await page.getByRole('heading', { level: 1, name: '现场签到' }).waitFor();
    // The service worker must hold the app before the network goes.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    await page.locator(`button[data-course="${SEED_FIGURES.painting.courseId}"]`).click();
    await page.getByRole('button', { name: '新建今天的场次' }).click();
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
    const sessionPath = `/courses/${SEED_FIGURES.painting.courseId}/sessions/${today}`;
    const counter = (name: string) => numberIn(page, `[data-count="${name}"]`);
    const record = async (id: string) => {
      await page.getByLabel('职工编号（扫码或输入后按回车）').fill(id);
      await page.getByLabel('职工编号（扫码或输入后按回车）').press('Enter');
    };

    for (let i = 1; i <= 10; i++) await record(`door-${i}`);
    await eventually(() => counter('recorded'), 10);
    await eventually(() => counter('waiting'), 0);
    await eventually(() => counter('ledger'), 10);
    await expectAccessible(page);
    await screenshot(page, 'door-tablet');

    // The network goes: the browser says so, and nothing reaches the ledger.
    network.setCut(true);
    await context.setOffline(true);
    for (let i = 11; i <= 15; i++) await record(`door-${i}`);
    await eventually(() => counter('recorded'), 15);
    expect(await counter('waiting')).toBe(5);
    await page.getByText('离线中：记录保存在本设备，联网后自动发送。').waitFor();
    await screenshot(page, 'door-offline');

    // A reload with no network: the service worker serves the app, IndexedDB still holds the five.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '现场签到' }).waitFor();
    await eventually(() => counter('waiting'), 5);
    expect(await counter('recorded')).toBe(15);
    expect((await ledger.http.get(sessionPath).expect(200)).body.attendances).toBe(10);

    // The network returns: the five go, each once.
    network.setCut(false);
    await context.setOffline(false);
    await eventually(() => counter('waiting'), 0, 20_000);
    await ledger.caughtUp();
    expect((await ledger.http.get(sessionPath).expect(200)).body.attendances).toBe(15);
    const attendances = await admin.get<Array<{ courseId: string; attendances: number }>>('/projections/courses', {
      organizationId: 'chaowai',
      from: today,
      to: today,
    });
    expect(attendances.find((c) => c.courseId === SEED_FIGURES.painting.courseId)?.attendances).toBe(15);

    // Undo the last entry: a void with its reason, so the ledger counts fourteen.
    await page.getByRole('button', { name: '撤销上一条' }).click();
    await page.getByLabel('撤销原因').fill('扫错了人');
    await page.getByRole('button', { name: '确认撤销' }).click();
    await eventually(() => counter('recorded'), 14);
    await eventually(() => counter('waiting'), 0);
    await eventually(async () => (await ledger.http.get(sessionPath).expect(200)).body.attendances, 14);
    const voided = (await ledger.http.get(`/audit/streams/${encodeURIComponent(`course_session-${SEED_FIGURES.painting.courseId}/${today}`)}`).expect(200)).body.events.find(
      (event: { type: string }) => event.type === 'AttendanceVoided',
    );
    expect(voided.data).toMatchObject({ participantId: 'door-15', reason: '扫错了人' });
    await context.close();
  }, 90_000);

  it('records a meal recipient and undoes it with a void', async () => {
    const { token } = await ledger.issueToken('staff', SEED_FIGURES.meals.organizationId, { label: 'meal tablet' });
    const recipients = async (mealId: string) =>
      (await admin.get<{ meals: Array<{ mealId: string; identifiedRecipients: number }> }>('/meals', { organizationId: SEED_FIGURES.meals.organizationId })).meals.find(
        (meal) => meal.mealId === mealId,
      )!.identifiedRecipients;
    const { context, page } = await signedIn(token, TABLET);
    await page.getByRole('radio', { name: '爱心餐' }).check();
    const meal = page.locator('button[data-meal]').first();
    const mealId = (await meal.getAttribute('data-meal'))!;
    const before = await recipients(mealId);
    await meal.click();
    await page.getByLabel('职工编号（扫码或输入后按回车）').fill('rider-browser-2');
    await page.getByLabel('职工编号（扫码或输入后按回车）').press('Enter');
    await eventually(() => numberIn(page, '[data-count="recorded"]'), 1);
    await eventually(() => numberIn(page, '[data-count="waiting"]'), 0);
    await ledger.caughtUp();
    expect(await recipients(mealId)).toBe(before + 1);
    await page.getByRole('button', { name: '撤销上一条' }).click();
    await page.getByRole('button', { name: '确认撤销' }).click();
    await eventually(() => numberIn(page, '[data-count="recorded"]'), 0);
    await eventually(() => numberIn(page, '[data-count="waiting"]'), 0);
    await ledger.caughtUp();
    expect(await recipients(mealId)).toBe(before);
    await context.close();
  });

  it('signs a worker up as a member during the event, online by default', async () => {
    const { context, page } = await signedIn(staffToken, PHONE);
    await page.getByRole('radio', { name: '入会登记' }).check();
    await page.getByLabel('职工类别').selectOption('new-form-worker');
    await page.getByLabel('职工编号').fill('rider-browser-1');
    await page.getByRole('button', { name: '登记入会' }).click();
    await eventually(() => numberIn(page, '[data-count="recorded"]'), 1);
    await eventually(() => numberIn(page, '[data-count="waiting"]'), 0);
    await ledger.caughtUp();
    const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()));
    const summary = await admin.get<{ membersJoined: number; membersByChannel: Record<string, number> }>('/projections/organizations/chaowai', { from: today, to: today });
    expect(summary).toMatchObject({ membersJoined: 1, membersByChannel: { online: 1, 'on-site': 0 } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await expectAccessible(page);
    await screenshot(page, 'door-member-phone');
    await context.close();
  });
});

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ path: string; suggestedFileName: string }> {
  const [download] = await Promise.all([page.waitForEvent('download') as Promise<Download>, click()]);
  return { path: await download.path(), suggestedFileName: download.suggestedFilename() };
}

/** For each canvas, the share of its pixels that something was drawn on: an empty box gives 0. */
function paintedShares(canvases: Locator): Promise<number[]> {
  return canvases.evaluateAll((nodes) =>
    nodes.map((node) => {
      const canvas = node as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return painted / (canvas.width * canvas.height);
    }),
  );
}
