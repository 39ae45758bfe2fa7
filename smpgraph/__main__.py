"""``python -m smpgraph`` runs the command line."""

from smpgraph.cli import main

if __name__ == "__main__":
    main()
