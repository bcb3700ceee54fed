// The page: take a screenshot in (paste, drop, choose), follow its analysis live, put the verdict in front of the
// person. The scan lives in the URL's fragment (#task=ID&token=T&ws=WS_URL), so a reload or a shared link brings it
// back; when the live stream is down the client reads the status URL instead (scamscan-client.js).
import { ProgressStream, sseUrlFor } from '/scamscan-client.js';

const $ = (id) => document.getElementById(id);
const STEPS = ['entity_extraction', 'scam_db', 'exa_search', 'domain_reputation', 'phone_validator', 'reasoning'];
/** scan-api's default max-image-bytes; the server checks again and answers image-too-large in the same words. */
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
const TASK_ID = /^[A-Za-z0-9_-]{1,64}$/;
const HEADINGS = {
  scam: 'Scam: do not reply, click or pay',
  suspicious: 'Suspicious: be careful',
  likely_safe: 'Likely safe',
};
const WORDS = { scam: 'Scam', suspicious: 'Suspicious', likely_safe: 'Likely safe' };
const STATE_WORDS = { pending: 'waiting', running: 'checking...', done: 'done', skipped: 'not needed', failed: 'failed' };
const ENTITY_NAMES = { urls: 'Links', domains: 'Domains', phones: 'Phone numbers', emails: 'Email addresses' };
const INVALID_LINK = 'This scan link has expired or is not valid (results are kept for 24 hours). Please check the screenshot again.';

// What the page did, for people debugging it and for the browser tests.
const trace = { seqs: [], connections: 0, states: [], transports: [], uploads: 0, polls: 0, announcements: [], fromStatus: false };
window.scamscan = trace;

let stream = null;
let scan = null; // { taskId, token, wsUrl, statusUrl, restored }
let lastVerdict = null;
let busy = false;
let polling = false;
let lostOnce = false;
const seen = new Map(); // step -> events of that step so far

/** Sizes in the units people know: "15.6 MB", "820 KB". */
export function formatSize(bytes) {
  if (bytes >= 1024 * 1024) {
    return (Math.round(bytes / (1024 * 1024) * 10) / 10).toString() + ' MB';
  }
  return Math.max(1, Math.round(bytes / 1024)) + ' KB';
}

// ---- the one polite live region: step transitions and the verdict, throttled so a replay is not read out in full

let announceTimer = null;
let pendingAnnouncement = null;
function announce(text, now = false) {
  pendingAnnouncement = text;
  if (now) {
    clearTimeout(announceTimer);
    announceTimer = null;
  }
  if (announceTimer) return;
  const speak = () => {
    if (pendingAnnouncement === null) {
      announceTimer = null;
      return;
    }
    $('announcer').textContent = pendingAnnouncement;
    trace.announcements.push(pendingAnnouncement);
    pendingAnnouncement = null;
    announceTimer = setTimeout(speak, 1500);
  };
  speak();
}

// ---- errors and the form

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function showForm(visible) {
  $('drop-zone').hidden = !visible;
  $('text').closest('form').querySelectorAll('label[for="text"], #text').forEach((el) => { el.hidden = !visible; });
  $('intro').hidden = !visible;
}

// ---- steps

function row(step) {
  return document.querySelector(`#steps li[data-step="${step}"]`);
}

function setRow(step, state, message) {
  const li = row(step);
  if (!li) return;
  const before = li.className;
  li.className = state;
  li.querySelector('.state').textContent = STATE_WORDS[state] || state;
  if (message !== undefined) li.querySelector('.message').textContent = message;
  if (state === 'running' && before !== 'running') announce('Checking: ' + li.querySelector('.name').textContent);
}

function setPercent(percent) {
  const value = Math.max(0, Math.min(100, percent | 0));
  $('bar-fill').style.width = value + '%';
  $('bar').setAttribute('aria-valuenow', String(value));
  $('percent').textContent = value + '%';
}

/** Collapses the step list into one line that can be expanded again. */
function collapseSteps() {
  const visible = STEPS.map(row).filter((li) => !li.hidden);
  const done = visible.filter((li) => li.className === 'done').length;
  const notNeeded = visible.filter((li) => li.className === 'skipped').length;
  $('steps-summary').textContent = `${done} checks done` + (notNeeded ? `, ${notNeeded} not needed` : '') + ' (show details)';
  $('steps-box').open = false;
  $('bar').hidden = true;
  $('status').hidden = true;
  $('connection').textContent = '';
}

function onEvent(event) {
  if (typeof event.seq === 'number') trace.seqs.push(event.seq);
  if (typeof event.percent === 'number') setPercent(event.percent);
  if (event.message) $('current').textContent = event.message;

  if (event.step === 'completed') {
    trace.fromStatus = Boolean(event.fromStatus);
    for (const step of STEPS) {
      const li = row(step);
      if (!li.hidden && li.className !== 'done' && li.className !== 'skipped') setRow(step, 'done');
    }
    showVerdict(event.verdict);
    return;
  }
  if (event.step === 'failed') {
    const step = STEPS.includes(event.tool) ? event.tool : STEPS.find((s) => row(s).classList.contains('running'));
    if (step) setRow(step, 'failed', event.message);
    showError('The analysis could not finish: ' + (event.message || 'no reason given') + '. Please try again.');
    announce('The analysis could not finish', true);
    busy = false;
    showForm(true);
    return;
  }
  if (!STEPS.includes(event.step)) return;
  // each tool reports its start, then its result; a tool reached means the ones before it are finished
  for (const step of STEPS.slice(0, STEPS.indexOf(event.step))) {
    if (row(step).classList.contains('pending') || row(step).classList.contains('running')) setRow(step, 'done');
  }
  const count = (seen.get(event.step) || 0) + 1;
  seen.set(event.step, count);
  if (/not configured/i.test(event.message || '')) {
    // a server setting, not something about this message: not shown to the person
    row(event.step).hidden = true;
    setRow(event.step, 'skipped', '');
    return;
  }
  if (count === 1) {
    setRow(event.step, 'running', event.message);
  } else {
    setRow(event.step, /^skipped/i.test(event.message || '') ? 'skipped' : 'done', event.message);
  }
}

function onStatus(record) {
  trace.polls += 1;
  if (typeof record.percent === 'number') setPercent(record.percent);
  if (record.message) $('current').textContent = record.message;
  if (STEPS.includes(record.step)) {
    // only the latest step is known here: the ones before it are finished, this one is running
    for (const step of STEPS.slice(0, STEPS.indexOf(record.step))) {
      if (row(step).classList.contains('pending') || row(step).classList.contains('running')) setRow(step, 'done');
    }
    if (row(record.step).classList.contains('pending')) setRow(record.step, 'running', record.message);
  }
}

function connectionNote(text, tone) {
  const connection = $('connection');
  connection.textContent = text;
  connection.className = 'connection' + (tone ? ' ' + tone : '');
}

function onState(state, detail) {
  trace.states.push(state);
  if (state === 'connecting') {
    trace.connections += 1;
    trace.transports.push(detail.transport);
  }
  if (state === 'polling') {
    polling = true;
    if (scan && scan.wsUrl === null) {
      connectionNote('Checking for the result...', '');
    } else {
      connectionNote('Live updates paused, still checking...', 'warn');
    }
  } else if (state === 'reconnecting' || (state === 'connecting' && detail.attempt > 0)) {
    lostOnce = true;
    connectionNote(polling ? 'Live updates paused, still checking...' : 'Live updates paused, reconnecting...', 'warn');
  } else if (state === 'open') {
    polling = false;
    connectionNote(lostOnce ? 'Live updates are back.' : 'Live', 'ok');
  } else if (state === 'stopped' && detail && detail.reason !== 'closed by the page') {
    if (detail.code === 4401 || detail.code === 4404) {
      invalidLink();
    } else {
      connectionNote('', '');
      showError('The check stopped: ' + (detail.why || 'closed with ' + detail.code) + '. Please try again.');
      busy = false;
      showForm(true);
    }
  } else if (state === 'done') {
    connectionNote('', '');
  }
}

// ---- the verdict

function fillList(id, items) {
  $(id).replaceChildren(...(items || []).map((item) => {
    const li = document.createElement('li');
    li.textContent = item;
    return li;
  }));
}

function showVerdict(verdict) {
  if (!verdict) return;
  lastVerdict = verdict;
  const card = $('verdict');
  card.dataset.label = verdict.label;
  $('verdict-label').textContent = HEADINGS[verdict.label] || verdict.label;
  $('verdict-score').textContent = `Risk score ${verdict.score} out of 100`;
  $('verdict-summary').textContent = verdict.summary || '';
  $('verdict-summary').hidden = !verdict.summary;
  $('verdict-careful').hidden = verdict.label !== 'likely_safe';
  $('verdict-explanation').textContent = verdict.explanation || '';
  $('verdict-explanation').hidden = !verdict.explanation;
  fillList('verdict-reasons', verdict.reasons);
  $('verdict-reasons-box').hidden = !(verdict.reasons || []).length;
  fillList('verdict-advice', verdict.advice);
  $('verdict-advice-box').hidden = !(verdict.advice || []).length;
  fillList('verdict-notes', verdict.notes);
  $('verdict-notes-box').hidden = !(verdict.notes || []).length;
  $('verdict-text').textContent = verdict.text || '';
  $('verdict-read').hidden = !verdict.text;
  const entities = $('verdict-entities');
  entities.replaceChildren();
  for (const [key, name] of Object.entries(ENTITY_NAMES)) {
    const values = (verdict.entities && verdict.entities[key]) || [];
    if (values.length === 0) continue;
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.textContent = values.join(', '); // text, never a link: these came from a message that may be a scam
    entities.append(dt, dd);
  }
  if (!entities.children.length) {
    const dd = document.createElement('dd');
    dd.textContent = 'No links, domains, phone numbers or addresses.';
    entities.append(dd);
  }
  $('copied').textContent = '';
  collapseSteps();
  card.hidden = false;
  // the answer in front of the person: in view, focused, said once
  card.scrollIntoView({ block: 'start' });
  $('verdict-label').focus({ preventScroll: true });
  announce(`Verdict: ${WORDS[verdict.label] || verdict.label}. ${verdict.summary || ''}`.trim(), true);
  showForm(false);
  busy = false;
}

function resultText(verdict) {
  const lines = [`ScamScan: ${WORDS[verdict.label] || verdict.label} (risk score ${verdict.score} out of 100)`];
  if (verdict.summary) lines.push(verdict.summary);
  if ((verdict.reasons || []).length) lines.push('Why:', ...verdict.reasons.map((r) => '- ' + r));
  if ((verdict.advice || []).length) lines.push('What to do:', ...verdict.advice.map((a) => '- ' + a));
  return lines.join('\n');
}

async function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // not allowed here: the old way below
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

function said(text) {
  $('copied').textContent = text;
  announce(text, true);
}

async function copyResult() {
  if (!lastVerdict) return;
  said(await copyText(resultText(lastVerdict)) ? 'Result copied.' : 'Could not copy: select the text and copy it yourself.');
}

async function shareLink() {
  const url = location.href;
  if (navigator.share) {
    try {
      await navigator.share({ title: 'ScamScan result', url });
      return;
    } catch (error) {
      if (error && error.name === 'AbortError') return;
    }
  }
  said(await copyText(url)
    ? 'Link copied: whoever opens it sees this result (for 24 hours).'
    : 'Could not copy the link: copy it from the address bar.');
}

// ---- following a scan

function reset() {
  if (stream) stream.close();
  stream = null;
  scan = null;
  lastVerdict = null;
  polling = false;
  lostOnce = false;
  seen.clear();
  trace.seqs.length = 0;
  trace.states.length = 0;
  trace.connections = 0;
  trace.polls = 0;
  trace.fromStatus = false;
  for (const step of STEPS) {
    row(step).hidden = false;
    setRow(step, 'pending', '');
  }
  setPercent(0);
  $('current').textContent = 'Waiting for the analysis to start...';
  $('steps-summary').textContent = 'Checks';
  $('steps-box').open = true;
  $('bar').hidden = false;
  $('status').hidden = false;
  connectionNote('', '');
  $('verdict').hidden = true;
  $('progress').hidden = true;
  clearError();
}

function follow(current) {
  scan = current;
  busy = true;
  $('progress').hidden = false;
  $('progress').dataset.taskId = current.taskId;
  showForm(false);
  try {
    stream = new ProgressStream(current.wsUrl, {
      statusUrl: current.statusUrl,
      sseUrl: current.sseUrl || (current.wsUrl && sseUrlFor(current.wsUrl)),
      ...(window.scamscanOptions || {}), // for tests: shorter timings
      onEvent,
      onState,
      onStatus,
      onNotice: () => {}, // the close that follows says it in plain words
    });
  } catch {
    invalidLink();
  }
}

function statusUrl(taskId, token) {
  return `/tasks/${encodeURIComponent(taskId)}?token=${encodeURIComponent(token)}`;
}

function writeFragment(current) {
  const fragment = new URLSearchParams({ task: current.taskId, token: current.token, ws: current.ws || current.wsUrl || '' });
  history.replaceState(null, '', location.pathname + location.search + '#' + fragment.toString());
}

function clearFragment() {
  history.replaceState(null, '', location.pathname + location.search);
}

const GATEWAY_KEY = 'scamscan.gateway';

/** Remembers where this site's gateway is, as scan-api said in a 202: a link naming it may be followed live. */
function rememberGateway(wsUrl) {
  try {
    localStorage.setItem(GATEWAY_KEY, new URL(wsUrl).origin);
  } catch {
    // storage off: links are then followed live only when the gateway shares the page's host name
  }
}

/**
 * Whether a ws_url from a link may be opened: a link is anyone's to write, and a stream from elsewhere could show
 * any verdict on this page. Trusted: the page's own host name, or the gateway scan-api named to this browser.
 * Anything else is followed through the status URL (this site's own, so its answer is ours).
 */
function trustedStream(wsUrl) {
  try {
    const url = new URL(wsUrl);
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return false;
    if (url.hostname === location.hostname) return true;
    return localStorage.getItem(GATEWAY_KEY) === url.origin;
  } catch {
    return false;
  }
}

/** The scan the URL names, or null; undefined when it names one that cannot be right. */
function scanFromFragment() {
  if (!location.hash || location.hash.length < 2) return null;
  const params = new URLSearchParams(location.hash.slice(1));
  const taskId = params.get('task');
  const token = params.get('token');
  const ws = params.get('ws');
  if (!taskId && !token) return null;
  if (!taskId || !TASK_ID.test(taskId) || !token) return undefined;
  const wsUrl = ws && trustedStream(ws) ? ws : null; // null: the status URL alone
  return { taskId, token, wsUrl, ws, statusUrl: statusUrl(taskId, token), restored: true };
}

function invalidLink() {
  if (stream) stream.close();
  stream = null;
  busy = false;
  clearFragment();
  $('progress').hidden = true;
  $('verdict').hidden = true;
  showError(INVALID_LINK);
  showForm(true);
  $('chosen').hidden = true;
}

function restore() {
  const current = scanFromFragment();
  if (current === null) return;
  reset();
  $('chosen').hidden = true;
  if (current === undefined) {
    invalidLink();
    return;
  }
  follow(current);
}

// ---- taking the screenshot in

/** Why this file cannot be checked, in plain words; null when it can be. */
function refusal(file) {
  if (file.type && !IMAGE_TYPES.includes(file.type)) {
    return `That is not a screenshot we can read (${file.type || 'unknown type'}): choose a PNG, JPEG, WebP or GIF image.`;
  }
  if (file.size === 0) return 'That file is empty: choose the screenshot again.';
  if (file.size > MAX_IMAGE_BYTES) {
    return `The image is too large: ${formatSize(file.size)}; the limit is ${formatSize(MAX_IMAGE_BYTES)}. Crop it, or save it as JPEG, and try again.`;
  }
  return null;
}

function showPreview(file) {
  const img = $('preview');
  if (img.src) URL.revokeObjectURL(img.src);
  img.src = URL.createObjectURL(file);
  $('chosen-name').textContent = `${file.name || 'Pasted screenshot'} (${formatSize(file.size)})`;
  $('chosen').hidden = false;
}

async function problemMessage(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

async function start(file) {
  if (!file) return;
  if (busy) {
    showError('A check is already running: wait for its answer, or reload the page to start again.');
    return;
  }
  clearError();
  const why = refusal(file);
  if (why) {
    showError(why);
    return;
  }
  reset();
  clearFragment();
  showPreview(file);
  showForm(false);
  busy = true;
  const body = new FormData();
  body.append('image', file, file.name || 'screenshot.png');
  const text = $('text').value.trim();
  if (text) body.append('text', text);
  trace.uploads += 1;
  $('current').textContent = 'Uploading...';
  $('progress').hidden = false;
  try {
    const response = await fetch('/scan-image', { method: 'POST', body });
    if (response.status !== 202) {
      busy = false;
      $('progress').hidden = true;
      showError('The screenshot was not accepted: ' + await problemMessage(response));
      showForm(true);
      return;
    }
    const accepted = await response.json();
    const token = new URL(accepted.status_url, location.href).searchParams.get('token');
    const current = {
      taskId: accepted.task_id,
      token,
      wsUrl: accepted.ws_url,
      statusUrl: accepted.status_url,
      sseUrl: accepted.sse_url || null,
      restored: false,
    };
    rememberGateway(current.wsUrl);
    writeFragment(current); // from now on a reload, or this link elsewhere, brings the scan back
    $('current').textContent = 'Waiting for the analysis to start...';
    follow(current);
  } catch (error) {
    busy = false;
    $('progress').hidden = true;
    showError('Could not reach ScamScan: check your connection and try again.');
    showForm(true);
  }
}

/** The image on a clipboard or in a drop, if there is one. */
function imageIn(transfer) {
  if (!transfer) return { file: null, other: false };
  for (const item of transfer.items || []) {
    if (item.kind === 'file' && item.type.startsWith('image/')) return { file: item.getAsFile(), other: false };
  }
  const files = [...(transfer.files || [])];
  const image = files.find((f) => f.type.startsWith('image/'));
  return { file: image || files[0] || null, other: files.length > 0 && !image };
}

async function pasteFromButton() {
  clearError();
  try {
    const items = await navigator.clipboard.read();
    for (const item of items) {
      const type = item.types.find((t) => t.startsWith('image/'));
      if (type) {
        const blob = await item.getType(type);
        await start(new File([blob], 'pasted-screenshot.' + type.slice(6), { type }));
        return;
      }
    }
    showError('There is no image on the clipboard: take a screenshot first, or choose the file.');
  } catch {
    showError('The browser did not let the page read the clipboard: press Ctrl+V (⌘V on a Mac) instead, or choose the file.');
  }
}

function wireInput() {
  const input = $('image');
  input.addEventListener('change', () => {
    const file = input.files[0];
    input.value = ''; // the same file can be chosen again
    start(file);
  });

  document.addEventListener('paste', (event) => {
    const { file, other } = imageIn(event.clipboardData);
    if (file) {
      event.preventDefault();
      start(file);
    } else if (other) {
      event.preventDefault();
      showError('That is not an image: copy the screenshot itself, or choose the file.');
    }
  });

  if (navigator.clipboard && typeof navigator.clipboard.read === 'function') {
    $('paste').hidden = false;
    $('paste').addEventListener('click', pasteFromButton);
  }

  // drop anywhere on the page
  const overlay = $('drop-overlay');
  let depth = 0;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
  document.addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    depth += 1;
    overlay.hidden = false;
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  document.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault(); // lets the drop land here instead of the browser opening the file
    event.dataTransfer.dropEffect = 'copy';
  });
  document.addEventListener('drop', (event) => {
    depth = 0;
    overlay.hidden = true;
    if (!event.dataTransfer) return;
    event.preventDefault();
    const { file } = imageIn(event.dataTransfer);
    if (file) start(file);
  });
}

$('scan-form').addEventListener('submit', (event) => event.preventDefault());
$('copy').addEventListener('click', copyResult);
$('share').addEventListener('click', shareLink);
$('again').addEventListener('click', () => {
  reset();
  busy = false;
  clearFragment();
  $('chosen').hidden = true;
  showForm(true);
  $('image').focus();
});
window.addEventListener('hashchange', restore);
wireInput();
restore();
