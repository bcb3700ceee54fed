// The demo page: upload a screenshot, follow the analysis live, show the verdict.
import { ProgressStream } from '/scamscan-client.js';

const $ = (id) => document.getElementById(id);
const STEPS = ['entity_extraction', 'scam_db', 'exa_search', 'domain_reputation', 'phone_validator', 'reasoning'];
const LABELS = {
  scam: 'Scam',
  suspicious: 'Suspicious',
  likely_safe: 'Likely safe',
};
const ENTITY_NAMES = { urls: 'Links', domains: 'Domains', phones: 'Phone numbers', emails: 'Email addresses' };

// What the page received, for people debugging it and for the browser tests: seq of every event shown.
const trace = { seqs: [], connections: 0, states: [] };
window.scamscan = trace;

let stream = null;
const seen = new Map(); // step -> events of that step so far

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearError() {
  $('error').hidden = true;
  $('error').textContent = '';
}

function row(step) {
  return document.querySelector(`#steps li[data-step="${step}"]`);
}

function setRow(step, state, message) {
  const li = row(step);
  if (!li) return;
  li.className = state;
  li.querySelector('.state').textContent = state;
  if (message !== undefined) li.querySelector('.message').textContent = message;
}

function setPercent(percent) {
  const value = Math.max(0, Math.min(100, percent | 0));
  $('bar-fill').style.width = value + '%';
  document.querySelector('.bar').setAttribute('aria-valuenow', String(value));
  $('percent').textContent = value + '%';
}

function onEvent(event) {
  trace.seqs.push(event.seq);
  if (typeof event.percent === 'number') setPercent(event.percent);
  if (event.message) $('current').textContent = event.message;

  if (event.step === 'completed') {
    for (const step of STEPS) {
      if (!row(step).classList.contains('done') && !row(step).classList.contains('skipped')) setRow(step, 'done');
    }
    showVerdict(event.verdict);
    return;
  }
  if (event.step === 'failed') {
    const step = STEPS.includes(event.tool) ? event.tool : STEPS.find((s) => row(s).classList.contains('running'));
    if (step) setRow(step, 'failed', event.message);
    showError('The analysis failed: ' + (event.message || 'no reason given'));
    return;
  }
  if (!STEPS.includes(event.step)) return;
  // each tool reports its start, then its result; a tool reached means the ones before it are finished
  for (const step of STEPS.slice(0, STEPS.indexOf(event.step))) {
    if (row(step).classList.contains('pending') || row(step).classList.contains('running')) setRow(step, 'done');
  }
  const count = (seen.get(event.step) || 0) + 1;
  seen.set(event.step, count);
  if (count === 1) {
    setRow(event.step, 'running', event.message);
  } else {
    setRow(event.step, /^skipped/i.test(event.message || '') ? 'skipped' : 'done', event.message);
  }
}

function onState(state, detail) {
  trace.states.push(state);
  const connection = $('connection');
  if (state === 'connecting') trace.connections += 1;
  if (state === 'connecting' && detail.attempt > 0) {
    connection.textContent = `Reconnecting (attempt ${detail.attempt})...`;
    connection.className = 'connection warn';
  } else if (state === 'reconnecting') {
    connection.textContent = `Connection lost (${detail.code}); reconnecting in ${Math.ceil(detail.delayMs / 1000)} s...`;
    connection.className = 'connection warn';
  } else if (state === 'open') {
    connection.textContent = detail && detail.lastSeq > 0 ? 'Reconnected: caught up.' : 'Live';
    connection.className = 'connection ok';
  } else if (state === 'stopped' && detail && detail.code !== 1000) {
    connection.textContent = 'Stopped: ' + (detail.why || detail.code);
    connection.className = 'connection warn';
    showError('The progress stream stopped: ' + (detail.why || detail.code));
  } else if (state === 'done') {
    connection.textContent = '';
  }
}

function fillList(id, items) {
  $(id).replaceChildren(...(items || []).map((item) => {
    const li = document.createElement('li');
    li.textContent = item;
    return li;
  }));
}

function showVerdict(verdict) {
  if (!verdict) return;
  const card = $('verdict');
  card.dataset.label = verdict.label;
  $('verdict-label').textContent = LABELS[verdict.label] || verdict.label;
  $('verdict-score').textContent = `Risk score ${verdict.score} / 100`;
  $('verdict-summary').textContent = verdict.summary || '';
  $('verdict-explanation').textContent = verdict.explanation || '';
  fillList('verdict-reasons', verdict.reasons);
  $('verdict-reasons-title').hidden = !(verdict.reasons || []).length;
  fillList('verdict-advice', verdict.advice);
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
    dd.textContent = values.join(', ');
    entities.append(dt, dd);
  }
  if (!entities.children.length) {
    const dd = document.createElement('dd');
    dd.textContent = 'No links, domains, phone numbers or addresses.';
    entities.append(dd);
  }
  card.hidden = false;
}

function reset() {
  if (stream) stream.close();
  stream = null;
  seen.clear();
  trace.seqs.length = 0;
  trace.states.length = 0;
  trace.connections = 0;
  for (const step of STEPS) setRow(step, 'pending', '');
  setPercent(0);
  $('current').textContent = 'Waiting for the analysis to start...';
  $('connection').textContent = '';
  $('verdict').hidden = true;
  $('progress').hidden = true;
  clearError();
}

async function problemMessage(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

async function submit(event) {
  event.preventDefault();
  const file = $('image').files[0];
  if (!file) {
    showError('Choose a screenshot first.');
    return;
  }
  reset();
  const body = new FormData();
  body.append('image', file, file.name);
  const text = $('text').value.trim();
  if (text) body.append('text', text);
  $('submit').disabled = true;
  try {
    const response = await fetch('/scan-image', { method: 'POST', body });
    if (response.status !== 202) {
      showError('The scan was not accepted: ' + await problemMessage(response));
      return;
    }
    const accepted = await response.json();
    $('progress').hidden = false;
    $('progress').dataset.taskId = accepted.task_id;
    stream = new ProgressStream(accepted.ws_url, { onEvent, onState, onNotice: (frame) => {
      $('connection').textContent = frame.message;
    } });
  } catch (error) {
    showError('Could not reach ScamScan: ' + error.message);
  } finally {
    $('submit').disabled = false;
  }
}

function wireDropZone() {
  const zone = $('drop-zone');
  const input = $('image');
  const label = $('drop-label');
  input.addEventListener('change', () => {
    label.textContent = input.files[0] ? input.files[0].name : 'Choose a screenshot, or drop it here';
  });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    if (e.dataTransfer.files.length) {
      input.files = e.dataTransfer.files;
      input.dispatchEvent(new Event('change'));
    }
  });
}

$('scan-form').addEventListener('submit', submit);
$('again').addEventListener('click', () => { reset(); $('image').value = ''; $('drop-label').textContent = 'Choose a screenshot, or drop it here'; });
wireDropZone();
