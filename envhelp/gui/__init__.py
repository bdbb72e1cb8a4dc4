"""The PySide6 desktop shell over the Qt-free core (see docs/gui.md).

Only this package imports Qt, and only through :mod:`envhelp.gui.qt`.
"""
