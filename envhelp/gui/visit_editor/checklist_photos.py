"""The current checklist item's photos under the table: the strip (drop files on it, edit
captions, remove) and 添加照片…; print renditions are made in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from envhelp.domain import attachments, check_answers
from envhelp.gui.dialogs.files import PHOTO_DIR_KEY, ask_open_files
from envhelp.gui.qt import QHBoxLayout, QPushButton, QUndoStack, QVBoxLayout, QWidget, Signal
from envhelp.gui.visit_editor.common import PhotoStrip, make_renditions_in_background
from envhelp.storage import Store


class ItemPhotos(QWidget):
    """Photos of one checklist item (``show_item``); ``counted`` (result_id, its photos)
    after they change, for the table's count column; ``error`` for the status line.
    ``buttons`` is the row under the strip, for the panel's other item buttons."""

    counted = Signal(str, list)
    error = Signal(str)

    def __init__(self, store: Store, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.store = store
        self.result_id: str | None = None
        self.read_only = False
        self.rendition_task = None  # print renditions of the photos added last
        self.strip = PhotoStrip(self)
        self.strip.setObjectName("itemPhotos")
        self.strip.setFixedHeight(150)
        self.strip.files_dropped.connect(self._strip_files_dropped)
        self.strip.caption_edited.connect(self._caption_edited)
        self.strip.attach(store, undo_stack)
        self.strip.changed.connect(self._photos_changed)
        self.strip.error.connect(self.error)
        self.add_button = QPushButton(self.tr("添加照片…"), self)
        self.add_button.setObjectName("addItemPhoto")
        self.add_button.setToolTip(self.tr("为当前检查项添加照片（Ctrl+P，也可把文件拖到该行）"))
        self.add_button.clicked.connect(self.add_dialog)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.strip)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.add_button)
        layout.addLayout(self.buttons)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.strip.read_only = read_only

    def show_item(self, result_id: str | None) -> None:
        """Show the photos of the item answered by ``result_id`` (None: no item)."""
        self.result_id = result_id
        self.strip.set_attachments(
            self.store, self._item_attachments(result_id) if result_id else []
        )

    def add_dialog(self) -> None:
        """Ctrl+P: ask for photos of the item shown."""
        if self.result_id is None or self.read_only:
            return
        files = ask_open_files(
            self,
            self.tr("添加检查项照片"),
            PHOTO_DIR_KEY,
            self.tr("图片 (*.jpg *.jpeg *.png *.heic *.bmp *.gif);;所有文件 (*)"),
        )
        if files:
            self.add(self.result_id, files)

    def add(self, result_id: str, files: list[Path]) -> list[dict[str, Any]]:
        """Attach files to an item (shown or not); returns the attachments made."""
        if self.read_only:
            return []
        added = []
        for path in files:
            try:
                added.append(check_answers.add_photo(self.store, result_id, path, rendition=False))
            except Exception as exc:  # ValidationError (file missing) or StateError
                self.error.emit(str(exc))
        rows = self._reread(result_id)
        self.rendition_task = make_renditions_in_background(self.store, added)
        if result_id == self.result_id:
            self.strip.set_attachments(self.store, rows)
        return added

    def _item_attachments(self, result_id: str) -> list[dict[str, Any]]:
        return attachments.list_for(self.store, check_result_id=result_id)

    def _photos_changed(self) -> None:
        """A photo of the item removed, put back or moved: re-read its photos."""
        if self.result_id is not None:
            self.strip.set_attachments(self.store, self._reread(self.result_id))

    def _reread(self, result_id: str) -> list[dict[str, Any]]:
        """An item's photos read again and announced (the count column); returns them."""
        rows = self._item_attachments(result_id)
        self.counted.emit(
            result_id, [{k: r[k] for k in ("id", "filename", "caption", "mime")} for r in rows]
        )
        return rows

    def _strip_files_dropped(self, files: list) -> None:
        if self.result_id is not None:
            self.add(self.result_id, files)

    def _caption_edited(self, attachment_id: str, caption: str) -> None:
        try:
            attachments.set_caption(self.store, attachment_id, caption)
        except Exception as exc:
            self.error.emit(str(exc))
