"""``python -m envhelp`` runs the command line."""

from envhelp.cli import main

main()
