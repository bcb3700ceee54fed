// End-to-end tests of the ScamScan page in a real browser (Debian's chromium, driven by playwright-core), with
// axe-core (from npm) for accessibility. Started by system-tests' BrowserIT against the packaged apps.
//
//   node clients/browser-tests/page-test.mjs SCENARIO --url http://localhost:8080 --image samples/phishing-sms.png --out DIR
//
// Scenarios:
//   phone      390x844: axe on the empty page (light, dark); choose the screenshot; axe while it runs (prints
//              "RELEASE-ANALYSIS" after, for BrowserIT, which held the analysis); the verdict ends in the viewport with
//              focus on its heading; axe on the finished page (light, dark)
//   desktop    1280x800: Ctrl+V of a screenshot anywhere starts the scan; verdict in view and focused
//   drop       a screenshot dropped on the page outside the form starts the scan; with --hidden STEP[,STEP] exactly
//              those steps (tools the server has not configured) are not shown
//   reload     reload mid-scan brings the scan back (gateway replay; prints "RELEASE-ANALYSIS" once it is back, for
//              BrowserIT, which held the analysis in web search); the link opened in another browser context
//              (another device) shows the finished verdict; a link naming a stream elsewhere is followed through
//              the status URL instead (never opened); a bad link gets a plain message and the form
//   oversize   a 15.6 MB screenshot is refused in the browser, in plain units, before any upload
//   offline    the gateway is down (BrowserIT stopped it): the page says live updates are paused (then prints
//              "RELEASE-ANALYSIS"), and the verdict comes from the status URL
//   recover    prints "KILL-GATEWAY" once a step runs; BrowserIT kills the gateway, lets the analysis finish
//              and restarts it; the page reconnects and ends with every event exactly once
// Prints progress lines, then "RESULT {json}"; exits 0 when every check passed, 1 otherwise. Screenshots of each
// state go to --out. CHROMIUM (default /usr/bin/chromium) names the browser binary.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const AXE = join(HERE, 'node_modules/axe-core/axe.min.js');
const SCENARIOS = ['phone', 'desktop', 'drop', 'reload', 'oversize', 'offline', 'sse', 'recover'];
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

function options(argv) {
  const [scenario, ...rest] = argv;
  const parsed = { scenario, timeout: 90000 };
  for (let i = 0; i < rest.length; i += 2) parsed[rest[i].replace(/^--/, '')] = rest[i + 1];
  if (!SCENARIOS.includes(scenario) || !parsed.url || !parsed.image || !parsed.out) {
    console.error(`usage: page-test.mjs ${SCENARIOS.join('|')} --url URL --image FILE --out DIR`);
    process.exit(2);
  }
  return parsed;
}

const failures = [];
const result = {};
function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

let opts;
let shot = 0;
async function screenshot(page, name) {
  shot += 1;
  await page.screenshot({ path: join(opts.out, `${opts.scenario}-${shot}-${name}.png`) });
}

/** axe-core on the page as it is: every serious or critical violation is a failure. */
async function axe(page, state) {
  if (!await page.evaluate(() => Boolean(window.axe))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const report = await window.axe.run(document, { resultTypes: ['violations'] });
    return report.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  result.axe = result.axe || {};
  result.axe[state] = violations.length;
  check(violations.length === 0, `axe on the ${state} page: ${violations.join('; ')}`);
}

async function bothThemes(page, state) {
  await page.emulateMedia({ colorScheme: 'light' });
  await axe(page, state + ' (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await axe(page, state + ' (dark)');
  await screenshot(page, state + '-dark');
  await page.emulateMedia({ colorScheme: 'light' });
}

async function trace(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.scamscan)));
}

/** Waits for the verdict; checks it is in the viewport with focus on its heading, the steps collapsed. */
async function verdictInFront(page, where) {
  await page.waitForSelector('#verdict:not([hidden])');
  await page.waitForFunction(() => window.scamscan.states.includes('done'));
  // the page scrolls at once; give a smooth scroll (none is asked for) no chance to be mid-way
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'verdict-label');
  const seen = await page.evaluate(() => {
    const box = document.getElementById('verdict-label').getBoundingClientRect();
    return {
      top: box.top, bottom: box.bottom, height: window.innerHeight,
      focused: document.activeElement && document.activeElement.id,
      label: document.getElementById('verdict').dataset.label,
      heading: document.getElementById('verdict-label').textContent,
      stepsOpen: document.getElementById('steps-box').open,
      summary: document.getElementById('steps-summary').textContent,
      announced: window.scamscan.announcements.filter((a) => a.startsWith('Verdict:')).length,
      reasons: [...document.querySelectorAll('#verdict-reasons li')].map((li) => li.textContent),
      advice: document.querySelectorAll('#verdict-advice li').length,
      links: document.querySelectorAll('#verdict a[href]').length,
      error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
    };
  });
  result[where] = seen;
  check(seen.top >= 0 && seen.bottom <= seen.height, `${where}: the verdict heading is not in the viewport: ${JSON.stringify(seen)}`);
  check(seen.focused === 'verdict-label', `${where}: focus is on ${seen.focused}, not the verdict`);
  check(['scam', 'suspicious', 'likely_safe'].includes(seen.label), `${where}: no verdict label: ${seen.label}`);
  check(seen.announced === 1, `${where}: the verdict was announced ${seen.announced} times`);
  check(!seen.stepsOpen && /checks done/.test(seen.summary), `${where}: the steps are not collapsed: ${seen.summary}`);
  check(seen.links === 0, `${where}: the verdict has ${seen.links} clickable links`);
  check(seen.error === null, `${where}: the page shows an error: ${seen.error}`);
  return seen;
}

/** Every event once, in order: seq 1..N with no gap and no repeat. */
function exactlyOnce(t, where) {
  check(t.seqs.length > 0 && t.seqs.every((seq, i) => seq === i + 1), `${where}: events were not 1..N exactly once: ${JSON.stringify(t.seqs)}`);
}

async function newPage(browser, viewport, init) {
  const context = await browser.newContext({ viewport });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.setDefaultTimeout(Number(opts.timeout));
  page.on('pageerror', (error) => failures.push('error in the page: ' + error));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/WebSocket connection|ERR_CONNECTION_REFUSED|status of 40[14]/.test(message.text())) {
      failures.push('console error: ' + message.text());
    }
  });
  page.uploads = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/scan-image')) page.uploads.push(request.method());
  });
  await page.goto(opts.url + '/');
  return page;
}

async function started(page) {
  await page.waitForSelector('#progress:not([hidden])');
  await page.waitForFunction(() => document.getElementById('progress').dataset.taskId);
  const taskId = await page.getAttribute('#progress', 'data-task-id');
  console.log('uploaded; task ' + taskId);
  return taskId;
}

/** Hands a file to the page as a clipboard paste or a drop, the way the browser does. */
async function dispatchFile(page, kind, bytes, name) {
  await page.evaluate(({ kind, data, name }) => {
    const file = new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], name, { type: 'image/png' });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    if (kind === 'paste') {
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    } else {
      const target = document.querySelector('header');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
      }
    }
  }, { kind, data: bytes.toString('base64'), name });
}

const run = {
  async phone(browser) {
    const page = await newPage(browser, PHONE);
    check(await page.evaluate(async () => (await fetch('/favicon.svg')).ok && (await fetch('/favicon.ico')).ok), 'no favicon');
    await screenshot(page, 'empty');
    await bothThemes(page, 'empty');
    await page.setInputFiles('#image', resolve(opts.image));
    await started(page);
    await page.waitForSelector('#steps li.running');
    await screenshot(page, 'running');
    await bothThemes(page, 'running');
    result.running_checked = await page.isHidden('#verdict'); // BrowserIT holds the analysis in web search until told
    console.log('RELEASE-ANALYSIS');
    await verdictInFront(page, 'phone');
    await screenshot(page, 'verdict');
    await bothThemes(page, 'finished');
    const t = await trace(page);
    exactlyOnce(t, 'phone');
    check(t.connections === 1, 'phone: the page connected ' + t.connections + ' times');
    const progressbar = await page.getAttribute('#bar', 'aria-label');
    check(Boolean(progressbar), 'the progress bar has no name');
    const liveRegions = await page.$$eval('[aria-live]', (els) => els.map((e) => e.id));
    check(liveRegions.length === 1 && liveRegions[0] === 'announcer', 'live regions: ' + liveRegions.join(', '));
    const steps = t.announcements.filter((a) => a.startsWith('Checking:')).length;
    check(steps >= 1 && steps <= 7, `${steps} step announcements`);
    check(t.announcements.length <= 10, 'announced: ' + JSON.stringify(t.announcements));
    check(page.uploads.length === 1, 'uploads: ' + page.uploads.length);
    result.url_fragment = new URL(page.url()).hash.replace(/token=[^&]+/, 'token=T');
    check(/^#task=[A-Za-z0-9_-]+&token=T&ws=/.test(result.url_fragment), 'the scan is not in the URL: ' + result.url_fragment);
    // keyboard: the steps summary expands with Enter, and Tab reaches the buttons with a visible focus ring
    await page.focus('#steps-summary');
    await page.keyboard.press('Enter');
    check(await page.evaluate(() => document.getElementById('steps-box').open), 'Enter does not expand the steps');
    await page.focus('#copy');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    check(ring !== 'none', 'no visible focus on the copy button');
    const hidden = await page.$$eval('#steps li[hidden]', (items) => items.map((li) => li.dataset.step));
    result.hidden_steps = hidden;
    check(!(await page.textContent('#progress')).includes('not configured'), 'a "not configured" step is shown');
  },

  async desktop(browser) {
    const page = await newPage(browser, DESKTOP);
    await page.click('h1'); // focus on nothing in particular: Ctrl+V "anywhere"
    await dispatchFile(page, 'paste', readFileSync(resolve(opts.image)), 'image.png');
    await started(page);
    await screenshot(page, 'pasted');
    await verdictInFront(page, 'desktop');
    check(await page.isVisible('#preview'), 'desktop: no preview of the pasted screenshot');
    await screenshot(page, 'verdict');
    exactlyOnce(await trace(page), 'desktop');
  },

  async drop(browser) {
    const page = await newPage(browser, PHONE);
    await dispatchFile(page, 'drop', readFileSync(resolve(opts.image)), 'dropped.png');
    await started(page);
    await verdictInFront(page, 'drop');
    const caption = await page.textContent('#chosen-name');
    check(/^dropped\.png \(\d+ KB\)$/.test(caption), 'drop: the file is named as ' + caption);
    result.hidden_steps = await page.$$eval('#steps li[hidden]', (items) => items.map((li) => li.dataset.step));
    if (opts.hidden) {
      // a server without that tool configured: its step is not shown to the person at all
      check(result.hidden_steps.join(',') === opts.hidden, 'drop: hidden steps ' + result.hidden_steps.join(','));
      check(!(await page.textContent('#progress')).includes('not configured'), 'drop: a "not configured" step is shown');
    }
    await screenshot(page, 'verdict');
  },

  async reload(browser) {
    const page = await newPage(browser, PHONE);
    await page.setInputFiles('#image', resolve(opts.image));
    const taskId = await started(page);
    await page.waitForSelector('#steps li.running, #steps li.done', { state: 'attached' });
    const link = page.url();
    await page.reload();
    console.log('reloaded');
    check(await page.isVisible('#progress') || await page.isVisible('#verdict'), 'reload: the scan is gone');
    check(await page.getAttribute('#progress', 'data-task-id') === taskId, 'reload: another task');
    await page.waitForSelector('#steps li.done', { state: 'attached' });
    result.mid_scan = await page.isHidden('#verdict'); // BrowserIT holds the analysis in web search until told
    await screenshot(page, 'after-reload');
    console.log('RELEASE-ANALYSIS');
    await verdictInFront(page, 'reload');
    exactlyOnce(await trace(page), 'reload');
    await screenshot(page, 'verdict');

    // the same link on another device: the finished verdict through the gateway's replay
    const other = await newPage(browser, DESKTOP);
    await other.goto(link);
    await verdictInFront(other, 'shared link');
    exactlyOnce(await trace(other), 'shared link');
    check(other.uploads.length === 0, 'the shared link uploaded something');
    await screenshot(other, 'shared-link');

    // a link whose stream is somewhere else: never opened (it could show any verdict), the status URL answers
    const foreign = new URL(link);
    const params = new URLSearchParams(foreign.hash.slice(1));
    params.set('ws', 'ws://gateway.invalid/ws/agent-progress/' + taskId + '?token=' + params.get('token'));
    foreign.hash = params.toString();
    const elsewhere = await newPage(browser, PHONE);
    const sockets = [];
    elsewhere.on('websocket', (ws) => sockets.push(ws.url()));
    await elsewhere.goto(foreign.toString());
    await verdictInFront(elsewhere, 'foreign stream link');
    check(sockets.length === 0, 'a link made the page open ' + sockets.join(', '));
    check((await trace(elsewhere)).fromStatus === true, 'foreign stream link: the verdict did not come from the status URL');

    // a link that cannot be right: a plain message and the form
    const bad = new URL(link);
    const wsUrl = new URLSearchParams(bad.hash.slice(1)).get('ws').replace(taskId, 'no-such-task');
    bad.hash = new URLSearchParams({ task: 'no-such-task', token: 'not-a-token', ws: wsUrl }).toString();
    const expired = await newPage(browser, PHONE);
    await expired.goto(bad.toString());
    await expired.waitForSelector('#error:not([hidden])');
    const message = await expired.textContent('#error');
    check(/expired or is not valid/.test(message), 'bad link: ' + message);
    check(await expired.isVisible('#drop-zone'), 'bad link: no upload form');
    check(!(await expired.textContent('body')).match(/440\d|1006/), 'bad link: a close code is shown');
    await screenshot(expired, 'bad-link');
  },

  async oversize(browser) {
    const page = await newPage(browser, PHONE);
    const size = Math.round(15.6 * 1024 * 1024);
    const big = Buffer.alloc(size);
    readFileSync(resolve(opts.image)).copy(big);
    await page.setInputFiles('#image', { name: 'huge.png', mimeType: 'image/png', buffer: big });
    await page.waitForSelector('#error:not([hidden])');
    const message = await page.textContent('#error');
    result.message = message;
    check(message.includes('15.6 MB; the limit is 10 MB'), 'oversize: ' + message);
    check(page.uploads.length === 0 && (await trace(page)).uploads === 0, 'oversize: it was uploaded');
    check(await page.isVisible('#drop-zone'), 'oversize: no form to try again');
    await screenshot(page, 'refused');
    await axe(page, 'refused');
  },

  async offline(browser) {
    const page = await newPage(browser, PHONE);
    await page.setInputFiles('#image', resolve(opts.image));
    await started(page);
    await page.waitForFunction(() => window.scamscan.states.includes('polling'));
    const note = await page.textContent('#connection');
    result.connection_note = note;
    check(note.includes('Live updates paused, still checking'), 'offline: the page says ' + note);
    check(!/\(\d{4}\)|1006|reconnecting in/.test(await page.textContent('#progress')), 'offline: a close code is shown');
    await page.waitForFunction(() => window.scamscan.polls >= 1); // what the status URL said is shown
    result.paused_before_verdict = await page.isHidden('#verdict'); // BrowserIT holds the analysis until told
    await screenshot(page, 'paused');
    console.log('RELEASE-ANALYSIS');
    const seen = await verdictInFront(page, 'offline');
    const t = await trace(page);
    check(t.fromStatus === true, 'offline: the verdict did not come from the status URL');
    check(t.polls >= 1, 'offline: the status URL was never read');
    result.label = seen.label;
    await screenshot(page, 'verdict');
  },

  async sse(browser) {
    // a proxy that strips Upgrade: every WebSocket fails before it opens, as the browser reports it (1006)
    const page = await newPage(browser, PHONE, () => {
      window.scamscanOptions = { fallbackAfterMs: 600000 };
      window.WebSocket = class BlockedWebSocket {
        constructor() {
          setTimeout(() => this.onclose && this.onclose({ code: 1006, reason: '' }), 0);
        }

        close() {}
      };
    });
    await page.setInputFiles('#image', resolve(opts.image));
    await started(page);
    const seen = await verdictInFront(page, 'sse');
    result.label = seen.label;
    const t = await trace(page);
    result.transports = t.transports;
    exactlyOnce(t, 'sse');
    check(t.transports.includes('sse'), 'sse: the page never tried Server-Sent Events: ' + JSON.stringify(t.transports));
    check(t.polls === 0 && !t.fromStatus, 'sse: the verdict came from the status URL, not the event stream');
    await screenshot(page, 'verdict');
  },

  async recover(browser) {
    // only the reconnect is tested here: the status URL fallback stays out of the way
    const page = await newPage(browser, PHONE, () => { window.scamscanOptions = { fallbackAfterMs: 600000 }; });
    await page.setInputFiles('#image', resolve(opts.image));
    await started(page);
    await page.waitForSelector('#steps li.running');
    result.before_kill = await page.$$eval('#steps li', (items) => items.map((li) => li.className));
    await screenshot(page, 'before-kill');
    console.log('KILL-GATEWAY');
    await page.waitForFunction(() => window.scamscan.states.includes('reconnecting'));
    await screenshot(page, 'reconnecting');
    console.log('page is reconnecting');
    const seen = await verdictInFront(page, 'recover');
    result.label = seen.label;
    const t = await trace(page);
    exactlyOnce(t, 'recover');
    check(t.connections >= 2, 'recover: the page never reconnected: ' + JSON.stringify(t.states));
    check(result.before_kill.includes('pending'), 'recover: the analysis had finished before the kill');
    await screenshot(page, 'verdict');
  },
};

async function main() {
  opts = options(process.argv.slice(2));
  mkdirSync(opts.out, { recursive: true });
  result.scenario = opts.scenario;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await run[opts.scenario](browser);
  } catch (error) {
    failures.push(String(error && error.stack || error));
  } finally {
    await browser.close();
  }
  result.failures = failures;
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(failures.length === 0 ? 0 : 1);
}

main();
