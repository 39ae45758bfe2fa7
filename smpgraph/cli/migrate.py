"""``smpgraph migrate``: copy every graph and the metadata between the configured store and a remote engine.

``--to-sparql URL`` copies the configured store (usually the embedded one) to the engine at URL;
``--from-sparql URL`` copies the engine's graphs into the configured store. Each graph replaces the graph
of the same name on the other side (GSP PUT on an engine); graphs that only the target has are kept
unless ``--prune``. The metadata (provenance of each load, reasoning state) is copied too. Afterwards the
triple count of every graph is compared on both sides: any difference exits 2 with one line.
Credentials come from ``SMPGRAPH_SPARQL_USER``/``_PASSWORD``/``_TOKEN`` (never from flags, which other
users can read in the process list).
"""

from __future__ import annotations

import dataclasses
import time

import click

from smpgraph.cli import EXIT_BAD_INPUT, CliContext, fail, pass_context
from smpgraph.config import Settings
from smpgraph.errors import InputError
from smpgraph.store.base import GraphStore


def _remote_settings(
    settings: Settings, url: str, update_url: str | None, gsp_url: str | None, user: str | None, auth: str | None
) -> Settings:
    return dataclasses.replace(
        settings,
        backend="sparql",
        sparql_query_url=url,
        sparql_update_url=update_url or settings.sparql_update_url,
        sparql_gsp_url=gsp_url or settings.sparql_gsp_url,
        sparql_user=user or settings.sparql_user,
        sparql_auth=auth or settings.sparql_auth,  # type: ignore[arg-type]
    )


def _counts(store: GraphStore) -> dict[str, int]:
    return {str(info.graph): info.triples for info in store.info().graphs}


def copy_store(source: GraphStore, target: GraphStore, *, prune: bool = False) -> dict[str, tuple[int, int]]:
    """Copy every graph and the metadata of ``source`` into ``target``; returns the mismatched counts.

    Returns:
        ``{graph: (source count, target count)}`` for every graph whose counts differ (empty when all match).
    """
    names = [str(name) for name in source.graph_names()]
    for name in names:
        target.put_graph(name, source.get_graph(name), replace=True, reason=False)
    if prune:
        for name in [str(n) for n in target.graph_names()]:
            if name not in names:
                target.drop_graph(name, reason=False)
    source_meta, target_meta = source.metadata, target.metadata
    target_meta.sources = dict(source_meta.sources)
    target_meta.generation = source_meta.generation
    target_meta.reasoned_generation = source_meta.reasoned_generation
    target_meta.reasoning = source_meta.reasoning
    target_meta.save()
    before = _counts(source)
    after = _counts(target)
    return {
        name: (before.get(name, 0), after.get(name, 0)) for name in names if before.get(name, 0) != after.get(name, 0)
    }


@click.command("migrate")
@click.option("--to-sparql", "to_url", metavar="URL", help="Copy the configured store to the engine's query URL.")
@click.option("--from-sparql", "from_url", metavar="URL", help="Copy the engine at this query URL into the store.")
@click.option("--update-url", help="The engine's update endpoint [env SMPGRAPH_SPARQL_UPDATE_URL].")
@click.option("--gsp-url", help="The engine's Graph Store Protocol endpoint [env SMPGRAPH_SPARQL_GSP_URL].")
@click.option("--user", help="User for the engine [env SMPGRAPH_SPARQL_USER]; the password only from the env.")
@click.option("--auth", type=click.Choice(["auto", "basic", "digest"]), default=None, help="How to send it.")
@click.option("--prune", is_flag=True, help="Drop graphs that only the target has.")
@pass_context
def command(
    ctx: CliContext,
    to_url: str | None,
    from_url: str | None,
    update_url: str | None,
    gsp_url: str | None,
    user: str | None,
    auth: str | None,
    prune: bool,
) -> None:
    """Copy every graph and the metadata to a remote SPARQL engine (--to-sparql) or back (--from-sparql).

    Triple counts are compared graph by graph afterwards; a difference exits 2.
    """
    from smpgraph.store.remote import RemoteStore

    if (to_url is None) == (from_url is None):
        raise InputError("give exactly one of --to-sparql URL and --from-sparql URL")
    remote_settings = _remote_settings(ctx.settings, to_url or from_url or "", update_url, gsp_url, user, auth)
    started = time.perf_counter()
    if to_url is not None:
        source = ctx.store(read_only=True)
        with RemoteStore(remote_settings) as remote:
            mismatches = copy_store(source, remote, prune=prune)
            graphs, total = len(remote.graph_names()), len(remote)
        where = f"to {remote.location}"
    else:
        if ctx.settings.backend == "sparql":
            raise InputError("--from-sparql copies into the embedded store; set SMPGRAPH_BACKEND=oxigraph")
        target = ctx.store(read_only=False)
        with RemoteStore(remote_settings, read_only=True) as remote:
            mismatches = copy_store(remote, target, prune=prune)
            where = f"from {remote.location}"
        graphs, total = len(target.graph_names()), len(target)
    if mismatches:
        name, (expected, got) = sorted(mismatches.items())[0]
        more = f" (and {len(mismatches) - 1} more graphs)" if len(mismatches) > 1 else ""
        fail(
            f"triple counts differ after migrating {where}: <{name}> has {expected} triples in the source, "
            f"{got} in the target{more}",
            EXIT_BAD_INPUT,
        )
    click.echo(
        f"migrated {graphs} graphs, {total} triples {where} in {time.perf_counter() - started:.1f} s; counts match"
    )
