"""The list of ``smpgraph`` commands: one module each, exposing a click command named ``command``."""

from __future__ import annotations

import importlib

import click

#: module names under smpgraph.cli, in the order ``smpgraph --help`` lists them
COMMAND_MODULES = (
    "load",
    "query",
    "update",
    "reason",
    "export",
    "info",
    "backup",
    "validate",
    "gaps",
    "importer",
    "migrate",
    "serve",
)


def register(group: click.Group) -> None:
    """Add every command to ``group``."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"smpgraph.cli.{name}")
        commands = getattr(module, "commands", None) or [module.command]
        for command in commands:
            group.add_command(command)
