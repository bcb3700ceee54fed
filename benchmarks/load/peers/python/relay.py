"""The story's FastAPI relay (story 8.9, "Technical Implementation"), as the load generator's reference peer.

The WebSocket endpoint is the story's code: one Redis connection and one pub/sub per client, the ``connected``
greeting, each channel message sent as a text frame, closed after ``completed`` or ``failed``, a heartbeat task per
client. Changed only where the story's code could not run as written or would break a project rule:

* ``decode_responses=True``: without it redis-py hands over bytes, which the story's ``send_text`` would send as
  a binary frame;
* the heartbeat interval comes from ``HEARTBEAT_SECONDS`` (the story's default, 15) so the peers run at the same
  interval as the gateway;
* an invalid message is logged without its text;
* ``GET /health`` so the load generator knows when it is up.

Not in the story's code, so not here either: its criteria 12 (60 s idle timeout) and 13 (100 connections at most),
tokens, history and resume. Run: ``PORT=8080 REDIS_URL=redis://127.0.0.1:6379 /usr/bin/python3 relay.py``
(Debian's python3-fastapi, python3-uvicorn, python3-websockets, python3-redis).
"""

import asyncio
import json
import logging
import os

import redis.asyncio as redis
import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

logger = logging.getLogger(__name__)
app = FastAPI()
HEARTBEAT_SECONDS = float(os.getenv("HEARTBEAT_SECONDS", "15"))


@app.get("/health")
async def health():
    return {"status": "UP"}


@app.websocket("/ws/agent-progress/{task_id}")
async def agent_progress_stream(websocket: WebSocket, task_id: str):
    """Stream agent progress updates via WebSocket."""
    await websocket.accept()
    logger.info(f"WebSocket connected: task_id={task_id}")

    redis_client = None
    pubsub = None

    try:
        # Connect to Redis
        redis_client = await redis.from_url(
            os.getenv('REDIS_URL', 'redis://localhost:6379/0'), decode_responses=True
        )
        pubsub = redis_client.pubsub()

        # Subscribe to progress channel
        channel = f'agent_progress:{task_id}'
        await pubsub.subscribe(channel)

        # Send initial connection message
        await websocket.send_json({
            "step": "connected",
            "message": "Connected to agent progress stream",
            "percent": 0
        })

        # Stream messages
        heartbeat_task = asyncio.create_task(_heartbeat(websocket, HEARTBEAT_SECONDS))

        async for message in pubsub.listen():
            if message['type'] == 'message':
                try:
                    data = json.loads(message['data'])
                    await websocket.send_text(message['data'])

                    # Check if task completed
                    if data.get('step') in ['completed', 'failed']:
                        logger.info(f"Task {task_id} {data.get('step')}, closing WebSocket")
                        break

                except json.JSONDecodeError:
                    logger.warning("Invalid JSON in progress message")
                except Exception as e:
                    logger.error(f"Error sending message: {e}")
                    break

        # Cancel heartbeat
        heartbeat_task.cancel()

    except WebSocketDisconnect:
        logger.info(f"WebSocket disconnected: task_id={task_id}")

    except Exception as e:
        logger.error(f"WebSocket error for task {task_id}: {e}", exc_info=True)

    finally:
        # Cleanup
        if pubsub:
            await pubsub.unsubscribe(f'agent_progress:{task_id}')
            await pubsub.close()
        if redis_client:
            await redis_client.close()

        try:
            await websocket.close()
        except Exception:
            pass


async def _heartbeat(websocket: WebSocket, interval: float = 15):
    """Send periodic heartbeat to keep connection alive."""
    try:
        while True:
            await asyncio.sleep(interval)
            await websocket.send_json({"heartbeat": True})
    except asyncio.CancelledError:
        pass
    except Exception as e:
        logger.debug(f"Heartbeat error: {e}")


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(os.getenv("PORT", "8000")), log_level="warning", access_log=False)
