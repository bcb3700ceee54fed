// ScamScan progress stream client: no dependencies, works in browsers and anywhere a WebSocket class exists.
//
//   import { ProgressStream } from '/scamscan-client.js';
//   const stream = new ProgressStream(wsUrl, {
//     statusUrl,                        // the status_url of the same scan: the fallback when the stream is down
//     sseUrl,                           // the sse_url of the same scan: the fallback when WebSockets cannot connect
//     onEvent: (event) => ...,          // every task event exactly once, in order (seq never repeats)
//     onState: (state, detail) => ...,  // connecting | open | reconnecting (waiting to retry) | polling | done | stopped
//     onNotice: (frame) => ...,         // the gateway's error frames ({"error":true,...}) before it closes
//     onStatus: (record) => ...,        // the task record, each time the status URL was read (polling, or after a gap)
//     onGap: (gap) => ...,              // {lastSeq, firstSeq}: the server no longer has some events after lastSeq
//   });
//   stream.close();                     // stop for good
//
// Keeps its stream token alive: when a statusUrl is given, the client renews the token (v1.EXPIRY.SIGNATURE) before
// it expires, renewBeforeMs ahead (or at half its remaining life, if that is shorter), through GET
// /tasks/{id}/stream-token with the current token as a Bearer credential, and uses the new token for every later
// reconnect and status read; a failed renewal is retried with backoff until the token expires, a 401 or 404 ends
// the attempts (the stream itself says what follows). A live stream is never cut by its token's expiry.
//
// Reconnects with exponential backoff and jitter when the gateway drains (1001), Redis is down (1011), the
// connection budget is full (1013), the client fell behind (4008), its address is over the connect rate limit
// (4429), or the network dropped (1006, or no frame for heartbeatTimeoutMs); each reconnect sends last_seq, so the
// gateway replays what was missed and nothing is shown twice. Stops after the final event (1000) and on 1008,
// 1009, 4401 (token), 4403 (origin), 4404, 4408 and 4422. The close codes are the
// gateway's contract (docs/protocol.md, "WebSocket protocol").
//
// Never without an answer: when a statusUrl is given (and fallback is not false) and the stream has not been
// live (no "connected" frame on an open socket) for fallbackAfterMs, the client also reads the status URL, with
// backoff (pollInitialMs doubling to pollMaxMs, jittered), while it keeps reconnecting. A finished task read there
// ends the stream as its final event would (that event carries fromStatus: true); 401 or 404 there stop it as 4401
// or 4404 would; the stream coming back live stops the polling. With wsUrl null the task is followed through its
// statusUrl alone (for a page that cannot trust the ws_url it was handed, e.g. one from a link).
//
// Gets through proxies that do not pass WebSockets: when an sseUrl is given (and an EventSource exists) and the
// WebSocket fails to connect sseAfterFailures times in a row without ever having been live, the client follows the
// same stream as Server-Sent Events from then on (same frames, same close codes in the "close" event, same resume
// with last_seq); the status URL stays the last resort. SSE heartbeats are events named "heartbeat", which feed the
// same silence watchdog as on a WebSocket.
//
// Says what was missed: the gateway's "connected" frame carries resumed: false (and first_seq, the oldest event it
// still has) when its history no longer reaches back to last_seq. The client then calls onGap, reads the status URL
// once (onStatus) so the page can show where the task stands, and takes what is left. A seq that jumps ahead
// without such a greeting is a gap nobody announced: the client drops that connection and resumes with last_seq at
// once, so the gateway replays what lies between (once per gap: if the same jump comes back, it is reported with
// onGap and accepted).

/** Close codes after which the client reconnects; every other code ends the stream. */
export const RETRY_CODES = Object.freeze([1001, 1005, 1006, 1011, 1012, 1013, 1014, 4008, 4429]);

/** Why a stream stopped for good, by close code (shown to people as is). */
export const STOP_REASONS = Object.freeze({
  1000: 'finished',
  1008: 'refused: malformed task id or request',
  1009: 'refused: message too large',
  4401: 'the stream token is missing, expired or invalid: start a new scan',
  4403: 'this page is not allowed to open progress streams (origin)',
  4404: 'unknown task (expired, or never existed)',
  4408: 'no progress for too long: the task is presumed failed',
  4422: 'the task\'s stored record cannot be read: start a new scan',
});

const DEFAULTS = Object.freeze({
  lastSeq: 0,
  initialDelayMs: 500,
  maxDelayMs: 15000,
  heartbeatTimeoutMs: 45000, // three of the gateway's 15 s heartbeats
  maxAttempts: Infinity,
  random: Math.random,
  WebSocket: globalThis.WebSocket,
  statusUrl: null,
  sseUrl: null,
  sseAfterFailures: 2,
  EventSource: globalThis.EventSource,
  fallback: true,
  fallbackAfterMs: 10000,
  pollInitialMs: 1000,
  pollMaxMs: 10000,
  fetch: globalThis.fetch ? globalThis.fetch.bind(globalThis) : undefined,
  onEvent: () => {},
  onState: () => {},
  onNotice: () => {},
  onStatus: () => {},
  onGap: () => {},
  renew: true,
  renewBeforeMs: 10 * 60 * 1000,
  now: () => Date.now(),
  onToken: () => {},                  // (renewed) => ..., the renewal's answer: {token, expires_at, ...}
});

/** The expiry (epoch ms) of a stream token of the form v1.EXPIRY.SIGNATURE, or null for any other string. */
export function tokenExpiry(token) {
  const match = /^v1\.(\d+)\./.exec(typeof token === 'string' ? token : '');
  return match ? Number(match[1]) * 1000 : null;
}

/** The token query parameter of a URL, or null. */
function tokenOf(url) {
  try {
    return url ? new URL(url).searchParams.get('token') : null;
  } catch {
    return null;
  }
}

/** The URL with its token query parameter replaced. */
function withToken(url, token) {
  const next = new URL(url);
  next.searchParams.set('token', token);
  return next.toString();
}

/** Where a task's token is renewed: its status URL's path plus /stream-token, without the query. */
export function streamTokenUrl(statusUrl) {
  const url = new URL(statusUrl);
  url.search = '';
  url.pathname = url.pathname.replace(/\/+$/, '') + '/stream-token';
  return url.toString();
}

/** The final event a finished task record stands for, as the stream would have sent it. */
export function finalEventFromRecord(record) {
  const completed = record.status === 'completed';
  return {
    seq: record.seq,
    step: completed ? 'completed' : 'failed',
    message: record.message,
    percent: completed ? 100 : record.percent,
    verdict: record.verdict,
    fromStatus: true,
  };
}

/** The delay before reconnect attempt n (1, 2, ...): exponential, capped, with "equal jitter". */
export function backoffDelay(attempt, initialDelayMs, maxDelayMs, random = Math.random) {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The sse_url that goes with a gateway's ws_url (…/ws/agent-progress/ID → …/sse/agent-progress/ID), or null. */
export function sseUrlFor(wsUrl) {
  try {
    const url = new URL(wsUrl);
    if ((url.protocol !== 'ws:' && url.protocol !== 'wss:') || !url.pathname.includes('/ws/agent-progress/')) return null;
    url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
    url.pathname = url.pathname.replace('/ws/agent-progress/', '/sse/agent-progress/');
    url.searchParams.delete('last_seq');
    return url.toString();
  } catch {
    return null;
  }
}

/** Adds or replaces last_seq in a ws_url. */
export function withLastSeq(wsUrl, lastSeq) {
  const url = new URL(wsUrl);
  if (lastSeq > 0) {
    url.searchParams.set('last_seq', String(lastSeq));
  } else {
    url.searchParams.delete('last_seq');
  }
  return url.toString();
}

/** A status_url as scan-api returns it is relative to scan-api: resolved against the page in a browser. */
function resolveUrl(url) {
  if (/^https?:\/\//.test(url)) return url;
  if (globalThis.location && globalThis.location.href) return new URL(url, globalThis.location.href).toString();
  throw new TypeError('statusUrl must be absolute outside a browser, got ' + url);
}

export class ProgressStream {
  /**
   * @param wsUrl the scan's ws_url; or null to follow the task through its statusUrl alone (no live stream: the
   *              status URL is read at once and then with backoff until the task has finished)
   */
  constructor(wsUrl, options = {}) {
    this.options = { ...DEFAULTS, ...options };
    const statusOnly = wsUrl === null && Boolean(this.options.statusUrl);
    if (!statusOnly && (typeof wsUrl !== 'string' || !/^wss?:\/\//.test(wsUrl))) {
      throw new TypeError('ws_url must be a ws:// or wss:// URL, got ' + wsUrl);
    }
    if (!statusOnly && typeof this.options.WebSocket !== 'function') {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket');
    }
    this.wsUrl = wsUrl;
    this.sseUrl = typeof this.options.EventSource === 'function' && typeof this.options.sseUrl === 'string'
      ? resolveUrl(this.options.sseUrl) : null;
    this.transport = 'websocket'; // 'sse' once WebSockets proved unable to connect
    this.wsFailures = 0; // WebSocket connections in a row that closed before their greeting
    this.wsWorked = false; // a WebSocket was live once: later losses are the network's, not a proxy's
    this.lastSeq = this.options.lastSeq;
    this.attempt = 0;
    this.connections = 0;
    this.state = 'idle';
    this.socket = null;
    this.retryTimer = null;
    this.watchdog = null;
    this.fallbackTimer = null;
    this.pollTimer = null;
    this.polls = 0;
    this.pollAttempt = 0;
    this.isLive = false;
    this.statusUrl = this.options.fallback && this.options.statusUrl ? resolveUrl(this.options.statusUrl) : null;
    this.renewUrl = this.options.renew && this.options.statusUrl ? streamTokenUrl(resolveUrl(this.options.statusUrl)) : null;
    this.renewTimer = null;
    if ((this.statusUrl || this.renewUrl || statusOnly) && typeof this.options.fetch !== 'function') {
      throw new TypeError('no fetch implementation for the status URL: pass options.fetch');
    }
    this.token = tokenOf(wsUrl) || tokenOf(this.options.statusUrl && resolveUrl(this.options.statusUrl));
    this.armRenewal(0);
    if (statusOnly) {
      this.statusUrl = this.statusUrl || resolveUrl(this.options.statusUrl);
      this.poll();
      return;
    }
    this.armFallback();
    this.connect();
  }

  /** Stops for good: no more events, no reconnects. */
  close() {
    this.finish('stopped', { code: 1000, reason: 'closed by the page' });
  }

  connect() {
    this.retryTimer = null;
    this.connections += 1;
    this.setState('connecting', { attempt: this.attempt, lastSeq: this.lastSeq, transport: this.transport });
    if (this.transport === 'sse') {
      this.connectSse();
      return;
    }
    let socket;
    try {
      socket = new this.options.WebSocket(withLastSeq(this.wsUrl, this.lastSeq));
    } catch (error) {
      this.retry({ code: 1006, reason: String(error) });
      return;
    }
    this.socket = socket;
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.armWatchdog();
      this.receive(message.data);
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      this.socket = null;
      if (!this.isLive && event.code === 1006 && !this.wsWorked && this.sseUrl) {
        this.wsFailures += 1;
        if (this.wsFailures >= this.options.sseAfterFailures) this.transport = 'sse'; // a proxy in the way, likely
      }
      this.closed({ code: event.code, reason: event.reason });
    };
    socket.onerror = () => {}; // a close event always follows, with the code that decides
    this.armWatchdog();
  }

  /** The same stream as Server-Sent Events; the EventSource's own reconnects are off (this client resumes itself). */
  connectSse() {
    let source;
    try {
      source = new this.options.EventSource(withLastSeq(this.sseUrl, this.lastSeq));
    } catch (error) {
      this.retry({ code: 1006, reason: String(error) });
      return;
    }
    this.socket = source;
    source.onmessage = (message) => {
      if (source !== this.socket) return;
      this.armWatchdog();
      this.receive(message.data);
    };
    source.addEventListener('heartbeat', () => {
      if (source === this.socket) this.armWatchdog(); // silence is a dead connection, as on a WebSocket
    });
    source.addEventListener('close', (message) => {
      if (source !== this.socket) return;
      this.socket = null;
      source.close();
      let close = {};
      try {
        close = JSON.parse(message.data) || {};
      } catch {
        close = {};
      }
      this.closed({ code: typeof close.code === 'number' ? close.code : 1006, reason: close.reason || '' });
    });
    source.onerror = () => {
      if (source !== this.socket) return;
      this.socket = null;
      source.close();
      this.closed({ code: 1006, reason: 'event stream lost' });
    };
    this.armWatchdog();
  }

  receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not part of the protocol; the gateway sends only JSON objects
    }
    if (frame === null || typeof frame !== 'object') return;
    if (frame.heartbeat) return; // only keeps the watchdog fed
    if (frame.step === 'connected') {
      this.live();
      if (this.transport === 'websocket') this.wsWorked = true;
      this.gapAnnounced = frame.resumed === false;
      this.setState('open', { attempt: this.attempt, lastSeq: this.lastSeq, afterPolling: this.polls > 0,
        resumed: frame.resumed !== false });
      if (this.gapAnnounced) {
        this.options.onGap({ lastSeq: this.lastSeq, firstSeq: typeof frame.first_seq === 'number' ? frame.first_seq : null });
        this.readStatusOnce();
      }
      return;
    }
    if (frame.error && frame.seq === undefined) {
      this.options.onNotice(frame); // the gateway's reason for the close that follows
      return;
    }
    if (typeof frame.seq === 'number') {
      if (frame.seq <= this.lastSeq) return; // already shown (replayed after a reconnect)
      if (frame.seq > this.lastSeq + 1 && !this.gapAnnounced) {
        if (this.resumedAfterGapAt !== this.lastSeq) { // once per gap
          this.resumedAfterGapAt = this.lastSeq;
          this.resumeAfterGap(frame.seq);
          return;
        }
        // resumed once for this very gap and it came back unfilled: what is missing is gone
        this.options.onGap({ lastSeq: this.lastSeq, firstSeq: frame.seq });
      }
      this.gapAnnounced = false; // the announced jump is behind us
      this.lastSeq = frame.seq;
    }
    this.attempt = 0; // real progress arrived: the next loss starts the backoff afresh
    this.options.onEvent(frame);
    if (frame.step === 'completed' || frame.step === 'failed') {
      this.finish('done', { step: frame.step });
    }
  }

  /** A seq jumped ahead unannounced: drop this connection and resume after the last event shown, at once. */
  resumeAfterGap(seq) {
    const socket = this.socket;
    this.socket = null;
    clearTimeout(this.watchdog);
    if (socket) {
      try { socket.close(4000, 'resuming after a gap'); } catch { /* already closing */ }
    }
    this.isLive = false;
    this.armFallback();
    this.setState('reconnecting', { code: 4000, reason: 'event ' + seq + ' came after ' + this.lastSeq, attempt: this.attempt, delayMs: 0 });
    this.retryTimer = setTimeout(() => this.connect(), 0);
  }

  /** Reads the status URL once, for the page to show where the task stands (after a gap); errors are ignored. */
  async readStatusOnce() {
    if (!this.options.statusUrl || typeof this.options.fetch !== 'function') return;
    const url = this.statusUrl || resolveUrl(this.options.statusUrl);
    try {
      const response = await this.options.fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!response.ok) return;
      const record = await response.json();
      if (record && typeof record === 'object' && this.state !== 'stopped') this.options.onStatus(record);
    } catch {
      // the stream goes on; the status was only for the page
    }
  }

  closed(close) {
    clearTimeout(this.watchdog);
    if (this.state === 'done' || this.state === 'stopped') return;
    this.isLive = false;
    this.armFallback(); // not live any more: the status URL takes over if this lasts
    if (RETRY_CODES.includes(close.code)) {
      this.retry(close);
    } else {
      this.finish('stopped', { ...close, why: STOP_REASONS[close.code] || 'closed with ' + close.code });
    }
  }

  retry(close) {
    this.attempt += 1;
    if (this.attempt > this.options.maxAttempts) {
      this.finish('stopped', { ...close, why: 'gave up after ' + this.options.maxAttempts + ' attempts' });
      return;
    }
    const delay = backoffDelay(this.attempt, this.options.initialDelayMs, this.options.maxDelayMs, this.options.random);
    this.setState('reconnecting', { ...close, attempt: this.attempt, delayMs: delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      // nothing, not even a heartbeat: the connection is dead without having said so
      const dead = this.socket;
      this.socket = null;
      if (dead) {
        try { dead.close(); } catch { /* already closing */ }
      }
      this.closed({ code: 1006, reason: 'no heartbeat for ' + this.options.heartbeatTimeoutMs + ' ms' });
    }, this.options.heartbeatTimeoutMs);
  }

  /** The stream is live: no fallback needed. */
  live() {
    this.isLive = true;
    clearTimeout(this.fallbackTimer);
    clearTimeout(this.pollTimer);
    this.fallbackTimer = null;
    this.pollTimer = null;
    this.pollAttempt = 0;
  }

  /** Starts the countdown to polling, unless it runs already or polling is on. */
  armFallback() {
    if (!this.statusUrl || this.fallbackTimer || this.pollTimer) return;
    this.fallbackTimer = setTimeout(() => {
      this.fallbackTimer = null;
      this.pollAttempt = 0;
      this.poll();
    }, this.options.fallbackAfterMs);
  }

  async poll() {
    if (this.state === 'done' || this.state === 'stopped') return;
    this.pollTimer = null;
    this.polls += 1;
    this.pollAttempt += 1;
    this.setState('polling', { attempt: this.pollAttempt, lastSeq: this.lastSeq });
    let response = null;
    let record = null;
    try {
      response = await this.options.fetch(this.statusUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (response.ok) record = await response.json();
    } catch {
      response = null; // unreachable too: try again later
    }
    if (this.state === 'done' || this.state === 'stopped' || this.isLive) return; // live again: the stream tells
    if (response && (response.status === 401 || response.status === 404)) {
      const code = response.status === 401 ? 4401 : 4404;
      this.finish('stopped', { code, reason: 'status URL answered ' + response.status, why: STOP_REASONS[code] });
      return;
    }
    if (record && typeof record === 'object') {
      this.options.onStatus(record);
      if (record.status === 'completed' || record.status === 'failed') {
        const event = finalEventFromRecord(record);
        if (typeof event.seq === 'number' && event.seq > this.lastSeq) this.lastSeq = event.seq;
        this.options.onEvent(event);
        this.finish('done', { step: event.step, fromStatus: true });
        return;
      }
    }
    if (this.fallbackTimer === null) {
      const delay = backoffDelay(this.pollAttempt, this.options.pollInitialMs, this.options.pollMaxMs, this.options.random);
      this.pollTimer = setTimeout(() => this.poll(), delay);
    }
  }

  /** Schedules the next renewal of the stream token: ahead of its expiry, or after a failed attempt, with backoff. */
  armRenewal(failures) {
    clearTimeout(this.renewTimer);
    this.renewTimer = null;
    const expiry = tokenExpiry(this.token);
    if (!this.renewUrl || expiry === null) return;
    const left = expiry - this.options.now();
    if (left <= 0) return; // expired: nothing can renew it any more
    const delay = failures === 0
      ? left - Math.min(this.options.renewBeforeMs, left / 2)
      : Math.min(backoffDelay(failures, 1000, 60000, this.options.random), left / 2);
    this.renewTimer = setTimeout(() => this.renewToken(failures), Math.max(0, delay));
  }

  async renewToken(failures) {
    this.renewTimer = null;
    if (this.state === 'done' || this.state === 'stopped') return;
    let response = null;
    let renewed = null;
    try {
      response = await this.options.fetch(this.renewUrl, {
        headers: { Accept: 'application/json', Authorization: 'Bearer ' + this.token }, cache: 'no-store' });
      if (response.ok) renewed = await response.json();
    } catch {
      response = null; // unreachable: try again later
    }
    if (this.state === 'done' || this.state === 'stopped') return;
    if (renewed && typeof renewed.token === 'string' && tokenExpiry(renewed.token) !== null) {
      this.token = renewed.token;
      if (this.wsUrl) this.wsUrl = withToken(this.wsUrl, renewed.token);
      if (this.sseUrl) this.sseUrl = withToken(this.sseUrl, renewed.token);
      if (this.statusUrl) this.statusUrl = withToken(this.statusUrl, renewed.token);
      this.options.onToken(renewed);
      this.armRenewal(0);
      return;
    }
    if (response && (response.status === 401 || response.status === 404)) return; // nothing left to renew
    this.armRenewal(failures + 1);
  }

  finish(state, detail) {
    if (this.state === 'done' || this.state === 'stopped') return;
    clearTimeout(this.renewTimer);
    clearTimeout(this.watchdog);
    clearTimeout(this.retryTimer);
    clearTimeout(this.fallbackTimer);
    clearTimeout(this.pollTimer);
    const socket = this.socket;
    this.socket = null;
    this.setState(state, detail);
    // a WebSocket that delivered the final event is closed by the gateway; an EventSource would reconnect on its own
    if (socket && (state === 'stopped' || this.transport === 'sse')) {
      try { socket.close(1000); } catch { /* already closed */ }
    }
  }

  setState(state, detail) {
    this.state = state;
    this.options.onState(state, detail);
  }
}
