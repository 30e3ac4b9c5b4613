"""`lamkit serve`: a local model behind the OpenAI chat-completions API.

Why: a trained LAM should plug into any agent framework that speaks that API,
and the dataflow's LLM expert and judge are tested against a real local
server (not a mock). Non-streaming ``POST /v1/chat/completions`` and
``GET /v1/models``; an optional bearer key.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

from fastapi import FastAPI, Header, HTTPException
from pydantic import BaseModel


class ChatMessage(BaseModel):
    role: str
    content: str


class ChatRequest(BaseModel):
    model: str | None = None
    messages: list[ChatMessage]
    max_tokens: int | None = 256
    temperature: float | None = 0.0


def create_app(model, api_key: str | None = None) -> FastAPI:
    app = FastAPI(title="lamkit serve")
    lock = threading.Lock()  # one generation at a time: a CPU model gains nothing from overlap

    def _auth(authorization: str | None) -> None:
        if api_key and authorization != f"Bearer {api_key}":
            raise HTTPException(status_code=401, detail="invalid API key")

    @app.get("/v1/models")
    def models(authorization: str | None = Header(default=None)) -> dict[str, Any]:
        _auth(authorization)
        return {"object": "list", "data": [{"id": model.name, "object": "model", "owned_by": "lamkit"}]}

    @app.post("/v1/chat/completions")
    def chat(req: ChatRequest, authorization: str | None = Header(default=None)) -> dict[str, Any]:
        _auth(authorization)
        if not req.messages:
            raise HTTPException(status_code=400, detail="messages must not be empty")
        with lock:
            text, _ = model.chat([m.model_dump() for m in req.messages], max_new_tokens=min(req.max_tokens or 256, 2048),
                                 temperature=req.temperature or 0.0)
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model.name,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        }

    return app


def bind_notice(host: str, api_key: str | None) -> str:
    """The line ``lamkit serve`` prints about who can reach it.

    Why: the default, 127.0.0.1, reaches this machine only; any other address exposes
    a model that runs arbitrary prompts to the network, which must be a visible choice."""
    import ipaddress

    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if local:
        return f"listening on {host} only: reachable from this machine, not the network (--host to change)"
    key = "bearer key required" if api_key else "NO API KEY: anyone who can reach it can use it (set --api-key)"
    return f"listening on {host}: reachable from the network; {key}"


def serve(model_spec: str, host: str = "127.0.0.1", port: int = 8000, api_key: str | None = None) -> None:
    import sys

    import uvicorn

    from lamkit.models.chat import LocalChatModel

    print(bind_notice(host, api_key), file=sys.stderr, flush=True)
    app = create_app(LocalChatModel(model_spec), api_key)
    uvicorn.run(app, host=host, port=port, log_level="warning")
