// The JS client says what was missed: a "connected" frame with resumed: false is reported (onGap) and followed by one
// read of the status URL; a seq that jumps ahead unannounced makes the client resume with last_seq at once, and the
// same jump coming back unfilled is reported and accepted. Fake sockets, node:test's mock timers: no waiting.
// Run: node --test clients/js-tests/
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { client, FakeSocket, settle } from './support.mjs';


function follow(extra = {}) {
  FakeSocket.opened = [];
  const seen = { events: [], gaps: [], statuses: [], fetches: [] };
  const stream = new client.ProgressStream('ws://gateway/ws/agent-progress/t1?token=T', {
    WebSocket: FakeSocket,
    statusUrl: 'http://api.example/tasks/t1?token=T',
    renew: false,
    random: () => 0.5,
    fetch: async (url) => {
      seen.fetches.push(url);
      return { ok: true, status: 200, json: async () => ({ task_id: 't1', status: 'analyzing', percent: 60, seq: 9 }) };
    },
    onEvent: (event) => seen.events.push(event.seq),
    onGap: (gap) => seen.gaps.push(gap),
    onStatus: (record) => seen.statuses.push(record.status),
    ...extra,
  });
  return { stream, seen };
}

const event = (seq) => ({ seq, step: 'scam_db', message: 'm', percent: 10 + seq });

test('a complete resume is just a greeting', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream, seen } = follow({ lastSeq: 3 });
    const socket = FakeSocket.opened[0];
    assert.match(socket.url, /last_seq=3/);
    socket.frame({ step: 'connected', resumed: true });
    socket.frame(event(4));
    socket.frame(event(5));
    await settle();
    assert.deepEqual(seen.events, [4, 5]);
    assert.deepEqual(seen.gaps, []);
    assert.deepEqual(seen.fetches, []);
    stream.close();
  } finally {
    mock.timers.reset();
  }
});

test('resumed: false is reported with the first seq left, the status is read once, and what is left is shown', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream, seen } = follow({ lastSeq: 2 });
    const socket = FakeSocket.opened[0];
    socket.frame({ step: 'connected', resumed: false, first_seq: 7 });
    await settle();
    assert.deepEqual(seen.gaps, [{ lastSeq: 2, firstSeq: 7 }]);
    assert.deepEqual(seen.statuses, ['analyzing']);
    assert.equal(seen.fetches.length, 1);
    socket.frame(event(7)); // the announced jump: accepted, no reconnect
    socket.frame(event(8));
    assert.deepEqual(seen.events, [7, 8]);
    assert.equal(FakeSocket.opened.length, 1);
    assert.equal(socket.closedWith, null);
    stream.close();
  } finally {
    mock.timers.reset();
  }
});

test('an unannounced seq jump resumes at once with last_seq, and the replay fills it', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const states = [];
    const { stream, seen } = follow({ onState: (state, detail) => states.push([state, detail && detail.code]) });
    const first = FakeSocket.opened[0];
    first.frame({ step: 'connected', resumed: true });
    first.frame(event(1));
    first.frame(event(4)); // 2 and 3 never came
    assert.deepEqual(seen.events, [1]);
    assert.equal(first.closedWith, 4000);
    mock.timers.tick(0);
    assert.equal(FakeSocket.opened.length, 2);
    const second = FakeSocket.opened[1];
    assert.match(second.url, /last_seq=1/);
    second.frame({ step: 'connected', resumed: true });
    for (const seq of [2, 3, 4, 5]) second.frame(event(seq));
    first.frame(event(6)); // the dropped connection is no longer listened to
    assert.deepEqual(seen.events, [1, 2, 3, 4, 5]);
    assert.deepEqual(seen.gaps, []);
    assert.ok(states.some(([state, code]) => state === 'reconnecting' && code === 4000));
    stream.close();
  } finally {
    mock.timers.reset();
  }
});

test('the same jump coming back unfilled after a resume is reported and accepted, not chased forever', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { stream, seen } = follow();
    const first = FakeSocket.opened[0];
    first.frame({ step: 'connected' }); // a gateway that does not say (older versions)
    first.frame(event(1));
    first.frame(event(4));
    mock.timers.tick(0);
    const second = FakeSocket.opened[1];
    second.frame({ step: 'connected' });
    second.frame(event(4));
    second.frame(event(5));
    assert.deepEqual(seen.events, [1, 4, 5]);
    assert.deepEqual(seen.gaps, [{ lastSeq: 1, firstSeq: 4 }]);
    assert.equal(FakeSocket.opened.length, 2);
    stream.close();
  } finally {
    mock.timers.reset();
  }
});
