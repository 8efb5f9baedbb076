"""The `verzuim` command. Each area registers its commands; every command calls a service."""

from __future__ import annotations

import typer

from verzuim.advice.cli import register as register_advice
from verzuim.analytics.cli import register as register_analytics
from verzuim.benchmark.cli import register as register_benchmark
from verzuim.knowledge.cli import app as kb_app
from verzuim.knowledge.search_cli import register as register_search

app = typer.Typer(
    help="Verzuim in beeld: prevent sickness absence with the knowledge of RIVM report 2025-0080.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(kb_app, name="kb")
register_search(app)
register_analytics(app)
register_advice(app)
register_benchmark(app)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
) -> None:
    """Start the web app (default http://127.0.0.1:8000)."""
    import uvicorn

    from verzuim.web.app import create_app

    typer.echo(f"Verzuim in beeld: http://{host}:{port}/")
    uvicorn.run(create_app(), host=host, port=port, log_level="info")


def main() -> None:
    app()
