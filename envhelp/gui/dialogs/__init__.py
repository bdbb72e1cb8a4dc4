"""Dialogs of the GUI shell (enterprise form, settings, first start)."""
