"""``moneytrail serve``: the web application under uvicorn."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--workers", type=int, default=1, show_default=True, help="server processes")
@click.option(
    "--proxy-headers", is_flag=True, help="trust X-Forwarded-* from --forwarded-allow-ips (behind TLS proxy)"
)
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True)
@click.option("--ssl-certfile", default=None, help="serve HTTPS directly with this certificate")
@click.option("--ssl-keyfile", default=None)
@click.option("--log-level", default="info", show_default=True)
def serve(
    host: str,
    port: int,
    workers: int,
    proxy_headers: bool,
    forwarded_allow_ips: str,
    ssl_certfile: str | None,
    ssl_keyfile: str | None,
    log_level: str,
) -> None:
    """Start the web application and the JSON API (http://127.0.0.1:8000 by default)."""
    import uvicorn

    from moneytrail.cli import open_default_store

    open_default_store().close()  # fail early, with the usual hint, when the store is missing or behind
    click.echo(f"moneytrail serving on http{'s' if ssl_certfile else ''}://{host}:{port} (Ctrl-C to stop)")
    uvicorn.run(
        "moneytrail.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        log_level=log_level,
        server_header=False,
        date_header=False,
    )
