"""Pieces shared by the visit editor's panels: thumbnails, a photo strip, dates, labels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import attachments, images
from envhelp.domain.fields import Field
from envhelp.gui.qt import (
    QAbstractItemView,
    QApplication,
    QDate,
    QIcon,
    QImageReader,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMimeData,
    QPixmap,
    QSize,
    QStyle,
    Qt,
    Signal,
)
from envhelp.storage import Store

THUMB_SIZE = 96
ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole


def make_renditions_in_background(store: Store, rows: Iterable[dict]) -> Any:
    """The print renditions of newly attached photos, made once on a worker thread (a
    12-megapixel photo takes a moment to decode). Returns the running Task, or None.

    The job only reads the stored files and writes the disposable cache; a rendition it
    could not make is made when a record is printed."""
    from envhelp.gui import tasks

    cache = images.cache_dir_for(store.attachments_dir)
    photos = [(attachments.stored_path(store, r), r["sha256"]) for r in rows if attachments.is_image(r)]
    if not photos:
        return None

    def job(progress: Any, cancelled: Any) -> int:
        for done, (path, sha256) in enumerate(photos, 1):
            if cancelled():
                raise tasks.TaskCancelled
            images.thumbnail(path, images.REPORT_PX, cache_dir=cache, sha256=sha256)
            progress(done, len(photos))
        return len(photos)

    # No Qt parent: the task outlives a closed editor (tasks keeps it until it ends).
    return tasks.Task(job).start()


def field_label(field: Field) -> str:
    """A core field's name in the current language (the core keeps both)."""
    return i18n.pick(field.zh, field.en)


def qdate(value: str | date | None) -> QDate:
    if not value:
        return QDate.currentDate()
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return QDate(day.year, day.month, day.day)


def iso(value: QDate) -> str:
    return value.toString("yyyy-MM-dd")


def thumbnail(path: Path, size: int = THUMB_SIZE) -> QIcon:
    """A small icon of an image file, decoded at thumbnail size.

    QImageReader scales while decoding, so a 40-megapixel photo never sits in
    memory at full size; anything that is not a readable image gets a file icon.
    """
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid() and full.width() > 0 and full.height() > 0:
        reader.setScaledSize(full.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    if image.isNull():
        return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
    return QIcon(QPixmap.fromImage(image))


def local_files(mime: QMimeData) -> list[Path]:
    """The local files named by a drop (other URLs are ignored)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class PhotoStrip(QListWidget):
    """Thumbnails with editable captions; files dropped on it are offered to ``files_dropped``.

    Captions are edited in place (F2 or double-click); ``caption_edited`` carries
    the attachment id and the new text for the owner to save through the core.
    """

    files_dropped = Signal(list)
    caption_edited = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.setGridSize(QSize(THUMB_SIZE + 44, THUMB_SIZE + 44))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.read_only = False
        self._filling = False
        self.itemChanged.connect(self._item_changed)

    def set_attachments(self, store: Store, rows: Iterable[dict[str, Any]]) -> None:
        self._filling = True
        try:
            self.clear()
            for row in rows:
                item = QListWidgetItem(row.get("caption") or "", self)
                path = attachments.stored_path(store, row)
                item.setIcon(thumbnail(path))
                item.setData(ATTACHMENT_ROLE, row["id"])
                item.setToolTip(f"{row['filename']}\n{row.get('caption') or ''}".strip())
                flags = item.flags()
                if not self.read_only:
                    flags |= Qt.ItemFlag.ItemIsEditable
                item.setFlags(flags)
        finally:
            self._filling = False

    def _item_changed(self, item: QListWidgetItem) -> None:
        if not self._filling:
            self.caption_edited.emit(item.data(ATTACHMENT_ROLE), item.text())

    # -- drag and drop ------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        if not self.read_only and local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        if self.handle_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def handle_drop(self, mime: QMimeData) -> bool:
        files = local_files(mime)
        if self.read_only or not files:
            return False
        self.files_dropped.emit(files)
        return True
