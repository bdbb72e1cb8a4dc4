"""Start the EnvHelp desktop app: ``python main.py [--db PATH]`` (see docs/gui.md)."""

import sys

from envhelp.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
