"""Files in and out: the Excel enterprise import and the exchange bundle.

Everything here reads or writes through the audited :class:`~envhelp.storage.Store`
methods inside one transaction, and never imports Qt, so the CLI and the GUI
share it.
"""
