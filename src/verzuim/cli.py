"""The `verzuim` command. Each area registers its commands; every command calls a service."""

from __future__ import annotations

import typer

from verzuim.advice.cli import register as register_advice
from verzuim.analytics.cli import register as register_analytics
from verzuim.balance.cli import register as register_balance
from verzuim.benchmark.cli import register as register_benchmark
from verzuim.evaluation.cli import register as register_evaluation
from verzuim.knowledge.cli import app as kb_app
from verzuim.knowledge.search_cli import register as register_search
from verzuim.records.cli import register as register_records
from verzuim.store.cli import register as register_store

app = typer.Typer(
    help="Verzuim in beeld: prevent sickness absence with the knowledge of RIVM report 2025-0080.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help text: rendering it with rich costs about 0.3 s of CPU per --help.
    rich_markup_mode=None,
)
app.add_typer(kb_app, name="kb")
register_search(app)
register_analytics(app)
register_advice(app)
register_store(app)
register_evaluation(app)
register_records(app)
register_balance(app)
register_benchmark(app)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on (0.0.0.0: all)."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, min=1, max=64, help="Processes serving the same store."),
) -> None:
    """Start the web app (default http://127.0.0.1:8000, this machine only)."""
    import uvicorn

    from verzuim.charts import warm_up_in_background
    from verzuim.store import config, migrate
    from verzuim.web.app import thread_limit
    from verzuim.web.security.settings import SettingsError, from_env
    from verzuim.web.serve import APP_FACTORY, exposure_warning, uvicorn_options

    try:
        settings = from_env()
        thread_limit()
    except (SettingsError, ValueError) as exc:
        typer.echo(f"Cannot start: {exc}", err=True)
        raise typer.Exit(2) from exc
    warning = exposure_warning(host, port, settings)
    if warning:
        typer.echo(warning, err=True)
    # Migrate once before the processes start, so they do not race to do it.
    migrate.upgrade(config.admin_url())
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Verzuim in beeld: http://{shown}:{port}/ ({workers} worker(s))")
    # The chart engine takes a second or two to start; do it now, not on a visitor's request
    # (this warms the one in-process worker; with --workers N each process starts its own).
    warm_up_in_background()
    uvicorn.run(APP_FACTORY, **uvicorn_options(host, port, workers, settings))


def main() -> None:
    app()
