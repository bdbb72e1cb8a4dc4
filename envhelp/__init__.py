"""EnvHelp: case management for environmental enforcement assistance visits."""

__version__ = "0.1.0"
