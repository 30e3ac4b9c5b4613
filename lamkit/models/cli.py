"""`lamkit serve`: a local model over the OpenAI chat-completions API."""

from __future__ import annotations

import typer


def serve_cmd(
    model: str = typer.Option("smollm2", help="A model folder, a lamkit checkpoint, or 'smollm2' (the bundled SmolLM2-135M)."),
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000),
    api_key: str = typer.Option(None, envvar="LAMKIT_SERVE_API_KEY", help="Require this bearer key."),
):
    """Serve a model at http://HOST:PORT/v1 (chat completions)."""
    from lamkit.models.server import serve

    typer.echo(f"serving {model} at http://{host}:{port}/v1")
    serve(model, host, port, api_key)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
