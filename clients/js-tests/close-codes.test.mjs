// The JS client (scan-api/src/main/resources/public/scamscan-client.js) against the close codes of shared/protocol:
// CloseCode (what the gateway sends, with the ClientAction a client takes) and ForeignCloseCode (what a client sees
// from its own WebSocket library or a proxy). The Java enums are read from their source, so there is one list.
// Run: node --test clients/js-tests/ (system-tests' build runs it in the test phase). No dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, FakeSocket, readRepoFile as read } from './support.mjs';

const PROGRESS = 'shared/protocol/src/main/java/com/scamscan/progress/';

/**
 * The constants of a Java enum whose constructor is (int code, String reason, ClientAction action), as
 * [{ name, code, action }]. Fails when anything in the constant list is not such a constant, so a change of shape
 * breaks this test instead of passing it by reading nothing.
 */
export function readCloseCodes(source, enumName) {
  const start = source.indexOf(`public enum ${enumName} {`);
  assert.notEqual(start, -1, `no enum ${enumName}`);
  const noComments = source.slice(start + `public enum ${enumName} {`.length)
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '');
  const list = noComments.slice(0, noComments.indexOf(';'));
  const constant = /([A-Z][A-Z0-9_]*)\s*\(\s*(\d+)\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*ClientAction\.([A-Z]+)\s*\)/g;
  const codes = [...list.matchAll(constant)].map((m) => ({ name: m[1], code: Number(m[2]), action: m[4] }));
  const rest = list.replace(constant, '').replace(/[\s,]/g, '');
  assert.equal(rest, '', `${enumName}: constants this test cannot read: ${rest}`);
  assert.ok(codes.length > 0, `${enumName}: no constants`);
  for (const { name, action } of codes) {
    assert.ok(['STOP', 'RECONNECT', 'BACKOFF'].includes(action), `${enumName}.${name}: unknown action ${action}`);
  }
  return codes;
}

const gateway = readCloseCodes(read(PROGRESS + 'CloseCode.java'), 'CloseCode');
const foreign = readCloseCodes(read(PROGRESS + 'ForeignCloseCode.java'), 'ForeignCloseCode');

const sorted = (codes) => [...codes].sort((a, b) => a - b);
const retried = sorted([...gateway, ...foreign].filter((c) => c.action !== 'STOP').map((c) => c.code));
const stopped = sorted(gateway.filter((c) => c.action === 'STOP').map((c) => c.code));

test('the Java lists are read as they are written', () => {
  const byCode = new Map(gateway.map((c) => [c.code, c.action]));
  assert.equal(byCode.get(1000), 'STOP');
  assert.equal(byCode.get(1001), 'RECONNECT');
  assert.equal(byCode.get(1011), 'BACKOFF');
  assert.equal(byCode.get(4401), 'STOP');
  assert.ok(foreign.some((c) => c.code === 1006));
});

test('the reader refuses a constant it cannot read', () => {
  const odd = 'public enum CloseCode {\n  /** x */\n  A(1000, "a", ClientAction.STOP),\n  B(1001, "b", ClientAction.STOP, 3);\n}';
  assert.throws(() => readCloseCodes(odd, 'CloseCode'), /cannot read/);
});

test('RETRY_CODES is the RECONNECT and BACKOFF codes of CloseCode and ForeignCloseCode', () => {
  assert.deepEqual(sorted(client.RETRY_CODES), retried);
});

test('STOP_REASONS explains every STOP code of CloseCode, and only those', () => {
  assert.deepEqual(sorted(Object.keys(client.STOP_REASONS).map(Number)), stopped);
});


test('the client reconnects after exactly the codes CloseCode says to, and stops after every other', () => {
  const codes = sorted(new Set([...gateway.map((c) => c.code), ...foreign.map((c) => c.code), 1002, 1003, 4000, 4999]));
  for (const code of codes) {
    FakeSocket.opened = [];
    const states = [];
    const stream = new client.ProgressStream('ws://gateway/ws/agent-progress/t1?token=T', {
      WebSocket: FakeSocket,
      onState: (state) => states.push(state),
    });
    try {
      assert.equal(FakeSocket.opened.length, 1);
      FakeSocket.opened[0].onclose({ code, reason: '' });
      const expected = retried.includes(code) ? 'reconnecting' : 'stopped';
      assert.equal(states.at(-1), expected, `close ${code}`);
    } finally {
      stream.close(); // clears the client's timers
    }
  }
});
