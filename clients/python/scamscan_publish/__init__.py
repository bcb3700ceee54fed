"""Publish ScamScan task progress from any Python agent, with the guarantees of the Java publisher.

Every event goes through the same Lua script the Java ``ProgressPublisher`` runs (``publish.lua``, shipped in
this package), so one call is atomic: it assigns the task's next ``seq`` (1, 2, 3, ... with no gap or repeat,
whatever the number of publishers), appends the event to the task's capped history stream, updates the task
record, refreshes both TTLs and publishes the very same JSON on the task's channel. Late joiners and
reconnecting clients of the gateway therefore miss nothing. An event is refused, with nothing written, when the
task is unknown or finished or its percent is below the task's; a retry with the same idempotency key as the
task's latest event returns that event's seq and writes nothing twice.

    import redis
    from scamscan_publish import Publisher

    publisher = Publisher(redis.Redis.from_url("redis://localhost:6379"))
    publisher.progress(task_id, "scam_db", "Checking scam database...", 30)
    publisher.completed(task_id, "Analysis complete!", {"label": "scam", "score": 91, "reasons": [...]})

The task record itself (``task:ID``) is created by scan-api when a scan is accepted; a publisher only adds
events to it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from typing import Any, Mapping, Optional

__all__ = ["Publisher", "PublishedEvent", "PublishRejected", "MAX_EVENT_BYTES", "STEPS"]

#: The largest event accepted, as JSON without its seq: every reader of the task carries each event whole.
MAX_EVENT_BYTES = 64 * 1024

#: The tool steps of the contract, in the order the agent runs them, "retrying" (a new attempt starts over), then the
#: two that end a task.
STEPS = ("entity_extraction", "scam_db", "exa_search", "domain_reputation", "phone_validator", "reasoning", "retrying",
         "completed", "failed")

_TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_REASONS = ("BAD_EVENT", "UNKNOWN_TASK", "TASK_FINISHED", "PERCENT_DECREASED")


class PublishRejected(Exception):
    """Redis refused the event and wrote nothing: ``reason`` is one of BAD_EVENT, UNKNOWN_TASK, TASK_FINISHED,
    PERCENT_DECREASED."""

    def __init__(self, task_id: str, reason: str, detail: str):
        super().__init__(f"task {task_id}: event refused: {reason} {detail}".rstrip())
        self.task_id = task_id
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PublishedEvent:
    """The seq the script assigned and the exact JSON subscribers and history got."""

    seq: int
    json: str


class Publisher:
    """Publishes events of ScamScan tasks through one redis-py client (``redis.Redis``, or ``redis.RedisCluster``
    with ``cluster=True``: names then carry the task id as a hash tag and events go out with ``SPUBLISH``).

    ``ttl_seconds`` and ``history_length`` must match the services' ``scamscan.progress.ttl`` and
    ``scamscan.progress.history-length`` (defaults 24 h and 1000)."""

    def __init__(self, client: Any, *, cluster: bool = False, ttl_seconds: int = 24 * 3600,
                 history_length: int = 1000):
        if ttl_seconds < 1 or history_length < 1:
            raise ValueError("ttl_seconds and history_length must be at least 1")
        self._client = client
        self._cluster = cluster
        self._ttl = ttl_seconds
        self._history = history_length
        source = resources.files(__package__).joinpath("publish.lua").read_text(encoding="utf-8")
        self._script = client.register_script(source)  # EVALSHA, loading the script when Redis lacks it

    def progress(self, task_id: str, step: str, message: str, percent: int, *, tool: Optional[str] = None,
                 idempotency_key: str = "", at: Optional[datetime] = None) -> PublishedEvent:
        """A tool's progress: ``step`` is one of the tool steps, ``tool`` defaults to the step's name."""
        if step not in STEPS or step in ("completed", "failed"):
            raise ValueError(f"{step!r} is not a tool step; use completed() or failed() to end a task")
        return self._publish(task_id, {"step": step, "tool": tool or step, "message": message, "percent": percent},
                             idempotency_key, at)

    def completed(self, task_id: str, message: str, verdict: Mapping[str, Any], *, tool: str = "reasoning",
                  idempotency_key: str = "", at: Optional[datetime] = None) -> PublishedEvent:
        """The task's last event when the analysis succeeded: percent 100 and the verdict
        (``label`` scam / suspicious / likely_safe, ``score`` 0-100, ``reasons``, ...)."""
        if not isinstance(verdict, Mapping) or "label" not in verdict:
            raise ValueError("completed carries the verdict, a mapping with at least its label")
        return self._publish(task_id, {"step": "completed", "tool": tool, "message": message, "percent": 100},
                             idempotency_key, at, verdict)

    def failed(self, task_id: str, reason: str, percent: int, *, tool: Optional[str] = None,
               idempotency_key: str = "", at: Optional[datetime] = None) -> PublishedEvent:
        """The task's last event when the analysis failed, with the percent it had reached."""
        event = {"step": "failed"}
        if tool:
            event["tool"] = tool
        event.update(message=reason, percent=percent, error=True)
        return self._publish(task_id, event, idempotency_key, at)

    # -- the one way in ---------------------------------------------------------------------------------

    def _publish(self, task_id: str, event: dict, idempotency_key: str, at: Optional[datetime],
                 verdict: Optional[Mapping[str, Any]] = None) -> PublishedEvent:
        if not isinstance(task_id, str) or not _TASK_ID.fullmatch(task_id):
            raise ValueError("a task id is 1-64 characters of [A-Za-z0-9_-]")
        percent = event["percent"]
        if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
            raise ValueError(f"percent must be a whole number 0-100, was {percent!r}")
        if not isinstance(event["message"], str):
            raise ValueError("message must be text")
        timestamp = _wire_time(at or datetime.now(timezone.utc))
        # the Java publisher's field order: step, tool, message, percent, error, timestamp, verdict
        body = dict(event)
        body["timestamp"] = timestamp
        verdict_json = ""
        if verdict is not None:
            body["verdict"] = dict(verdict)
            verdict_json = _json(dict(verdict))
        text = _json(body)
        size = len(text.encode("utf-8"))
        if size > MAX_EVENT_BYTES:
            raise ValueError(f"an event is at most {MAX_EVENT_BYTES} bytes of JSON; this one has {size}")
        status = event["step"] if event["step"] in ("completed", "failed") else "running"
        keys = [self._name("task:", task_id), self._name("agent_progress_history:", task_id),
                self._name("agent_progress:", task_id)]
        args = [text, event["step"], str(percent), status, timestamp, str(self._ttl), str(self._history),
                verdict_json, "SPUBLISH" if self._cluster else "PUBLISH", event["message"], idempotency_key]
        try:
            seq = int(self._script(keys=keys, args=args))
        except Exception as error:  # redis.exceptions.ResponseError carries the script's refusal
            rejected = _rejection(task_id, error)
            if rejected is None:
                raise
            raise rejected from error
        return PublishedEvent(seq, '{"seq":' + str(seq) + "," + text[1:])

    def _name(self, prefix: str, task_id: str) -> str:
        return prefix + ("{" + task_id + "}" if self._cluster else task_id)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _wire_time(at: datetime) -> str:
    """ISO-8601 UTC with milliseconds, the contract's one timestamp format."""
    if at.tzinfo is None:
        raise ValueError("a timestamp needs a time zone")
    utc = at.astimezone(timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _rejection(task_id: str, error: Exception) -> Optional[PublishRejected]:
    message = str(error)
    if message.startswith("ERR "):
        message = message[4:]
    for reason in _REASONS:
        if message.startswith(reason):
            return PublishRejected(task_id, reason, message[len(reason):].strip())
    return None
