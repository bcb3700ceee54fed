// ScamScan progress stream client: no dependencies, works in browsers and anywhere a WebSocket class exists.
//
//   import { ProgressStream } from '/scamscan-client.js';
//   const stream = new ProgressStream(wsUrl, {
//     onEvent: (event) => ...,          // every task event exactly once, in order (seq never repeats)
//     onState: (state, detail) => ...,  // connecting | open | reconnecting (waiting to retry) | done | stopped
//     onNotice: (frame) => ...,         // the gateway's error frames ({"error":true,...}) before it closes
//   });
//   stream.close();                     // stop for good
//
// Reconnects with exponential backoff and jitter when the gateway drains (1001), Redis is down (1011), the
// connection budget is full (1013), the client fell behind (4008), its address is over the connect rate limit
// (4429), or the network dropped (1006, or no frame for heartbeatTimeoutMs); each reconnect sends last_seq, so the
// gateway replays what was missed and nothing is shown twice. Stops after the final event (1000) and on 1008,
// 1009, 4401 (token), 4403 (origin), 4404, 4408 and 4422. The close codes are the
// gateway's contract (README, "WebSocket protocol").

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
  onEvent: () => {},
  onState: () => {},
  onNotice: () => {},
});

/** The delay before reconnect attempt n (1, 2, ...): exponential, capped, with "equal jitter". */
export function backoffDelay(attempt, initialDelayMs, maxDelayMs, random = Math.random) {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
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

export class ProgressStream {
  constructor(wsUrl, options = {}) {
    if (typeof wsUrl !== 'string' || !/^wss?:\/\//.test(wsUrl)) {
      throw new TypeError('ws_url must be a ws:// or wss:// URL, got ' + wsUrl);
    }
    this.options = { ...DEFAULTS, ...options };
    if (typeof this.options.WebSocket !== 'function') {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket');
    }
    this.wsUrl = wsUrl;
    this.lastSeq = this.options.lastSeq;
    this.attempt = 0;
    this.connections = 0;
    this.state = 'idle';
    this.socket = null;
    this.retryTimer = null;
    this.watchdog = null;
    this.connect();
  }

  /** Stops for good: no more events, no reconnects. */
  close() {
    this.finish('stopped', { code: 1000, reason: 'closed by the page' });
  }

  connect() {
    this.retryTimer = null;
    this.connections += 1;
    this.setState('connecting', { attempt: this.attempt, lastSeq: this.lastSeq });
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
      this.closed({ code: event.code, reason: event.reason });
    };
    socket.onerror = () => {}; // a close event always follows, with the code that decides
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
      this.setState('open', { attempt: this.attempt, lastSeq: this.lastSeq });
      return;
    }
    if (frame.error && frame.seq === undefined) {
      this.options.onNotice(frame); // the gateway's reason for the close that follows
      return;
    }
    if (typeof frame.seq === 'number') {
      if (frame.seq <= this.lastSeq) return; // already shown (replayed after a reconnect)
      this.lastSeq = frame.seq;
    }
    this.attempt = 0; // real progress arrived: the next loss starts the backoff afresh
    this.options.onEvent(frame);
    if (frame.step === 'completed' || frame.step === 'failed') {
      this.finish('done', { step: frame.step });
    }
  }

  closed(close) {
    clearTimeout(this.watchdog);
    if (this.state === 'done' || this.state === 'stopped') return;
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

  finish(state, detail) {
    if (this.state === 'done' || this.state === 'stopped') return;
    clearTimeout(this.watchdog);
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    this.setState(state, detail);
    if (socket && state === 'stopped') {
      try { socket.close(1000); } catch { /* already closed */ }
    }
  }

  setState(state, detail) {
    this.state = state;
    this.options.onState(state, detail);
  }
}
