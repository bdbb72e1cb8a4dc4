"""One module per page of the main window; each page is a :class:`base.Page`.

To replace a page, write a new ``Page`` subclass and change its entry in
:data:`envhelp.gui.main_window.PAGE_CLASSES`.
"""
