"""``smpgraph update`` (defined beside ``query``, which shares its input handling)."""

from smpgraph.cli.query import update_command as command

__all__ = ["command"]
