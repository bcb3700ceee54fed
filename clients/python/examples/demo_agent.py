"""A small analysis agent in Python: publishes a task's steps and its verdict through scamscan_publish.

    python3 examples/demo_agent.py --redis redis://localhost:6379 --task TASK_ID [--pause-after 3]

The task must exist (scan-api registers it when a scan is accepted). With --pause-after N it publishes N events,
prints "PAUSED", and goes on when a line arrives on stdin: a test uses that to join the stream late.
Prints "PUBLISHED <seq> <step>" after each event.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import redis  # noqa: E402

from scamscan_publish import Publisher  # noqa: E402

STEPS = [
    ("entity_extraction", "Reading the screenshot...", 10),
    ("scam_db", "Checking scam database...", 30),
    ("exa_search", "Searching the web...", 50),
    ("domain_reputation", "Checking the link's domain...", 65),
    ("phone_validator", "Checking phone numbers...", 80),
    ("reasoning", "Weighing the evidence...", 90),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis", required=True)
    parser.add_argument("--task", required=True)
    parser.add_argument("--pause-after", type=int, default=0)
    options = parser.parse_args()
    publisher = Publisher(redis.Redis.from_url(options.redis))
    published = 0
    for step, message, percent in STEPS:
        event = publisher.progress(options.task, step, message, percent, idempotency_key=step)
        published += 1
        print("PUBLISHED", event.seq, step, flush=True)
        if published == options.pause_after:
            print("PAUSED", flush=True)
            sys.stdin.readline()
    verdict = {"label": "scam", "score": 95, "reasons": ["The link imitates a parcel company"],
               "entities": {"urls": [], "domains": [], "emails": [], "phones": []}}
    done = publisher.completed(options.task, "Analysis complete!", verdict, idempotency_key="completed")
    print("PUBLISHED", done.seq, "completed", flush=True)


if __name__ == "__main__":
    main()
