"""The visit editor: one visit's form, checklists, problems, follow-up and photos.

Everything is saved through the Qt-free core as the officer works (drafts save
themselves); see docs/visit-editor.md for the layout and the keyboard.
"""

from envhelp.gui.visit_editor.window import VisitEditor

__all__ = ["VisitEditor"]
