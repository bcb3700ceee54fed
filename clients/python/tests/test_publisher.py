"""The Python publisher against a real redis-server (started here on a free port, as the Java fixture does).

    cd clients/python && /usr/bin/python3 -m unittest discover -s tests -v
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import uuid
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import redis  # noqa: E402  (Debian's python3-redis)

from scamscan_publish import MAX_EVENT_BYTES, PublishRejected, Publisher  # noqa: E402

AT = datetime(2026, 11, 25, 10, 0, 0, 123000, tzinfo=timezone.utc)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A throwaway redis-server process (REDIS_SERVER names the binary, default the one on the PATH)."""

    def __init__(self):
        binary = os.environ.get("REDIS_SERVER") or shutil.which("redis-server")
        if not binary:
            raise RuntimeError("no redis-server on the PATH (.ci/run installs it; REDIS_SERVER names another)")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="scamscan-py-redis-")
        self.process = subprocess.Popen([binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                         "--appendonly", "no", "--dir", self.dir],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.client = redis.Redis(host="127.0.0.1", port=self.port, decode_responses=True)
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


def register(client, task_id):
    """What scan-api's submission writes (TaskRegistry.initialFields)."""
    client.hset("task:" + task_id, mapping={"status": "queued", "percent": "0", "seq": "0",
                                            "created_at": "2026-11-25T10:00:00.000Z",
                                            "updated_at": "2026-11-25T10:00:00.000Z"})
    client.expire("task:" + task_id, 86400)


class PublisherTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = RedisServer()
        cls.redis = cls.server.client

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        self.task = "py-" + uuid.uuid4().hex
        register(self.redis, self.task)
        self.publisher = Publisher(redis.Redis(host="127.0.0.1", port=self.server.port))

    def history(self):
        return [fields["event"] for _, fields in self.redis.xrange("agent_progress_history:" + self.task)]

    def test_events_get_consecutive_seqs_and_the_same_json_in_history_on_the_channel_and_in_the_record(self):
        listener = self.redis.pubsub()
        listener.subscribe("agent_progress:" + self.task)
        listener.get_message(timeout=5)  # the subscribe confirmation

        first = self.publisher.progress(self.task, "entity_extraction", "Reading the screenshot...", 10, at=AT)
        second = self.publisher.progress(self.task, "scam_db", "Checking scam database...", 30, at=AT)
        done = self.publisher.completed(self.task, "Analysis complete!",
                                        {"label": "scam", "score": 91, "reasons": ["phishing URL"]}, at=AT)

        self.assertEqual([1, 2, 3], [first.seq, second.seq, done.seq])
        # byte for byte what the Java publisher writes for the same event (ProgressEvent's field order)
        self.assertEqual('{"seq":2,"step":"scam_db","tool":"scam_db","message":"Checking scam database...",'
                         '"percent":30,"timestamp":"2026-11-25T10:00:00.123Z"}', second.json)
        self.assertEqual([first.json, second.json, done.json], self.history())
        relayed = []
        while len(relayed) < 3:
            message = listener.get_message(timeout=5)
            self.assertIsNotNone(message, "every event was published on the channel")
            if message["type"] == "message":
                relayed.append(message["data"])
        self.assertEqual([first.json, second.json, done.json], relayed)
        record = self.redis.hgetall("task:" + self.task)
        self.assertEqual(("completed", "completed", "100", "3"),
                         (record["status"], record["step"], record["percent"], record["seq"]))
        self.assertEqual({"label": "scam", "score": 91, "reasons": ["phishing URL"]}, json.loads(record["verdict"]))
        self.assertGreater(self.redis.ttl("agent_progress_history:" + self.task), 86000)

    def test_refusals_write_nothing(self):
        self.publisher.progress(self.task, "scam_db", "Checking...", 30, at=AT)
        with self.assertRaises(PublishRejected) as lower:
            self.publisher.progress(self.task, "exa_search", "Searching...", 20, at=AT)
        self.assertEqual("PERCENT_DECREASED", lower.exception.reason)
        with self.assertRaises(PublishRejected) as unknown:
            self.publisher.progress("py-never-registered", "scam_db", "Checking...", 30, at=AT)
        self.assertEqual("UNKNOWN_TASK", unknown.exception.reason)
        self.publisher.failed(self.task, "The analysis failed", 30, at=AT)
        with self.assertRaises(PublishRejected) as finished:
            self.publisher.progress(self.task, "reasoning", "Thinking...", 90, at=AT)
        self.assertEqual("TASK_FINISHED", finished.exception.reason)
        self.assertEqual(2, len(self.history()))
        self.assertEqual("2", self.redis.hget("task:" + self.task, "seq"))

    def test_a_retry_with_the_latest_events_key_returns_its_seq_and_writes_nothing_twice(self):
        first = self.publisher.progress(self.task, "scam_db", "Checking...", 30, idempotency_key="scam_db:start", at=AT)
        again = self.publisher.progress(self.task, "scam_db", "Checking...", 30, idempotency_key="scam_db:start", at=AT)
        self.assertEqual(first.seq, again.seq)
        self.assertEqual(1, len(self.history()))

    def test_concurrent_publishers_never_share_or_skip_a_seq(self):
        seqs = []
        lock = threading.Lock()

        def publish_some():
            mine = Publisher(redis.Redis(host="127.0.0.1", port=self.server.port))
            for _ in range(50):
                seq = mine.progress(self.task, "scam_db", "Checking...", 30, at=AT).seq
                with lock:
                    seqs.append(seq)

        threads = [threading.Thread(target=publish_some) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(list(range(1, 201)), sorted(seqs))

    def test_events_outside_the_contract_are_refused_before_redis_is_asked(self):
        with self.assertRaises(ValueError):
            self.publisher.progress(self.task, "scam_db", "x" * (MAX_EVENT_BYTES + 1), 30, at=AT)
        with self.assertRaises(ValueError):
            self.publisher.progress(self.task, "completed", "Done", 100, at=AT)
        with self.assertRaises(ValueError):
            self.publisher.progress(self.task, "scam_db", "Checking...", 101, at=AT)
        with self.assertRaises(ValueError):
            self.publisher.progress("bad id!", "scam_db", "Checking...", 30, at=AT)
        with self.assertRaises(ValueError):
            self.publisher.completed(self.task, "Done", {"score": 3}, at=AT)
        self.assertEqual([], self.history())
        self.assertEqual("0", self.redis.hget("task:" + self.task, "seq"))

    def test_cluster_names_carry_the_task_id_as_a_hash_tag(self):
        # a single server accepts hash-tagged names and SPUBLISH (Redis 7) just as a cluster's master does
        tagged = Publisher(redis.Redis(host="127.0.0.1", port=self.server.port), cluster=True)
        self.redis.rename("task:" + self.task, "task:{" + self.task + "}")
        event = tagged.progress(self.task, "scam_db", "Checking...", 30, at=AT)
        self.assertEqual(1, event.seq)
        self.assertEqual(1, self.redis.xlen("agent_progress_history:{" + self.task + "}"))


if __name__ == "__main__":
    unittest.main()
