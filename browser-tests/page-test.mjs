// End-to-end test of the ScamScan page in a real browser (Debian's chromium, driven by playwright-core).
//
//   node browser-tests/page-test.mjs complete --url http://localhost:8080 --image samples/phishing-sms.png --out DIR
//   node browser-tests/page-test.mjs recover  --url ... --image ... --out DIR
//
// complete: uploads the screenshot, watches every step appear, reads the verdict.
// recover:  the same, but prints "KILL-GATEWAY" once a step is running and expects whoever started it (BrowserIT)
//           to kill the gateway and bring it back; the page must reconnect and end with every step exactly once.
// Prints progress lines, then "RESULT {json}"; exits 0 when every check passed, 1 otherwise. Screenshots go to
// --out. CHROMIUM (default /usr/bin/chromium) names the browser binary.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const STEPS = ['entity_extraction', 'scam_db', 'exa_search', 'domain_reputation', 'phone_validator', 'reasoning'];

function options(argv) {
  const [scenario, ...rest] = argv;
  const parsed = { scenario, width: 390, height: 844, timeout: 60000 };
  for (let i = 0; i < rest.length; i += 2) parsed[rest[i].replace(/^--/, '')] = rest[i + 1];
  if (!['complete', 'recover'].includes(scenario) || !parsed.url || !parsed.image || !parsed.out) {
    console.error('usage: page-test.mjs complete|recover --url URL --image FILE --out DIR');
    process.exit(2);
  }
  return parsed;
}

function check(failures, ok, message) {
  if (!ok) failures.push(message);
}

async function rowStates(page) {
  return page.$$eval('#steps li', (items) => Object.fromEntries(items.map((li) => [li.dataset.step, li.className])));
}

async function main() {
  const opts = options(process.argv.slice(2));
  mkdirSync(opts.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const failures = [];
  const pageErrors = [];
  const result = { scenario: opts.scenario };
  try {
    const page = await browser.newPage({ viewport: { width: Number(opts.width), height: Number(opts.height) } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.setDefaultTimeout(Number(opts.timeout));

    await page.goto(opts.url + '/');
    await page.setInputFiles('#image', resolve(opts.image));
    await page.click('#submit');
    await page.waitForSelector('#progress:not([hidden])');
    console.log('uploaded; task', await page.getAttribute('#progress', 'data-task-id'));

    if (opts.scenario === 'recover') {
      await page.waitForSelector('#steps li.running');
      result.before_kill = await rowStates(page);
      result.seqs_before_kill = await page.evaluate(() => [...window.scamscan.seqs]);
      await page.screenshot({ path: join(opts.out, 'recover-1-before-kill.png'), fullPage: true });
      console.log('KILL-GATEWAY');
      await page.waitForFunction(() => window.scamscan.states.includes('reconnecting'));
      await page.screenshot({ path: join(opts.out, 'recover-2-reconnecting.png'), fullPage: true });
      console.log('page is reconnecting');
    }

    await page.waitForSelector('#verdict:not([hidden])');
    await page.waitForFunction(() => window.scamscan.states.includes('done'));
    await page.screenshot({ path: join(opts.out, opts.scenario + '-verdict.png'), fullPage: true });

    const trace = await page.evaluate(() => ({ ...window.scamscan, seqs: [...window.scamscan.seqs] }));
    const rows = await rowStates(page);
    result.label = await page.getAttribute('#verdict', 'data-label');
    result.verdict_text = await page.textContent('#verdict-label');
    result.score = await page.textContent('#verdict-score');
    result.reasons = await page.$$eval('#verdict-reasons li', (items) => items.map((li) => li.textContent));
    result.percent = await page.textContent('#percent');
    result.rows = rows;
    result.seqs = trace.seqs;
    result.connections = trace.connections;
    result.states = trace.states;
    result.error_shown = await page.isVisible('#error');

    // every event once, in order: seq 1..N with no gap and no repeat
    check(failures, trace.seqs.length > 0 && trace.seqs.every((seq, i) => seq === i + 1),
      'events were not 1..N exactly once: ' + JSON.stringify(trace.seqs));
    for (const step of STEPS) {
      check(failures, rows[step] === 'done' || rows[step] === 'skipped', `step ${step} ended ${rows[step]}`);
    }
    check(failures, ['scam', 'suspicious', 'likely_safe'].includes(result.label), 'no verdict label: ' + result.label);
    check(failures, result.percent === '100%', 'progress bar at ' + result.percent);
    check(failures, !result.error_shown, 'the page shows an error: ' + await page.textContent('#error'));
    if (opts.scenario === 'recover') {
      check(failures, trace.connections >= 2, 'the page never reconnected: ' + JSON.stringify(trace.states));
      check(failures, Object.values(result.before_kill).some((state) => state === 'pending'),
        'the analysis had already finished before the kill: ' + JSON.stringify(result.before_kill));
    } else {
      check(failures, trace.connections === 1, 'the page connected ' + trace.connections + ' times');
    }
  } catch (error) {
    failures.push(String(error && error.stack || error));
  } finally {
    await browser.close();
  }
  check(failures, pageErrors.length === 0, 'errors in the page: ' + pageErrors.join('; '));
  result.failures = failures;
  console.log('RESULT ' + JSON.stringify(result));
  process.exit(failures.length === 0 ? 0 : 1);
}

main();
