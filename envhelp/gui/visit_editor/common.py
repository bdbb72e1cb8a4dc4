"""Pieces shared by the visit editor's panels: thumbnails, a photo strip, dates, labels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from envhelp import i18n
from envhelp.domain import attachments, images
from envhelp.domain.fields import Field
from envhelp.errors import EnvHelpError, OperationCancelled
from envhelp.gui.geometry import place_window
from envhelp.gui.qt import (
    QAbstractItemView,
    QApplication,
    QCoreApplication,
    QDate,
    QDialog,
    QHBoxLayout,
    QIcon,
    QImage,
    QImageReader,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMimeData,
    QPixmap,
    QPushButton,
    QSize,
    QSizePolicy,
    QStyle,
    Qt,
    QTimer,
    QUndoCommand,
    QUndoStack,
    QVBoxLayout,
    Signal,
)
from envhelp.storage import Store

THUMB_SIZE = 96
VIEWER_MAX = QSize(2000, 1500)  # largest decode the photo viewer needs
ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole


def make_renditions_in_background(store: Store, rows: Iterable[dict]) -> Any:
    """The print renditions of newly attached photos, made once on a worker thread (a
    12-megapixel photo takes a moment to decode). Returns the running Task, or None.

    The job only reads the stored files and writes the disposable cache; a rendition it
    could not make is made when a record is printed."""
    from envhelp.gui import tasks

    cache = images.cache_dir_for(store.attachments_dir)
    photos = [
        (attachments.stored_path(store, r), r["sha256"]) for r in rows if attachments.is_image(r)
    ]
    if not photos:
        return None

    def job(progress: Any, cancelled: Any) -> int:
        for done, (path, sha256) in enumerate(photos, 1):
            if cancelled():
                raise OperationCancelled()
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


class RemovePhotoCommand(QUndoCommand):
    """A draft's photo taken off; undo puts it back (same id, place and caption)."""

    def __init__(self, strip: PhotoStrip, row: dict[str, Any]):
        super().__init__(
            QCoreApplication.translate("PhotoStrip", "删除照片 {name}").format(name=row["filename"])
        )
        self.strip = strip
        self.row = row

    def redo(self) -> None:
        self.strip.run(lambda: attachments.remove(self.strip.store, self.row["id"]))

    def undo(self) -> None:
        self.strip.run(lambda: attachments.restore(self.strip.store, self.row))


class PhotoStrip(QListWidget):
    """Thumbnails with captions; files dropped on it are offered to ``files_dropped``.

    Enter or a double-click opens the photo large (:class:`PhotoViewer`, ← → through the
    photos); F2 edits the caption in place (``caption_edited`` carries the attachment id
    and text for the owner to save); Delete removes a draft's photo (Ctrl+Z puts it back,
    on the owner's undo stack given to :meth:`attach`); Ctrl+← / Ctrl+→ move it.
    ``changed`` asks the owner to re-read the photos, ``error`` carries a refusal.
    """

    files_dropped = Signal(list)
    caption_edited = Signal(str, str)
    changed = Signal()
    error = Signal(str)

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
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.read_only = False
        self._filling = False
        self.store: Store | None = None
        self.undo_stack: QUndoStack | None = None
        self.rows: list[dict[str, Any]] = []
        self.viewer: PhotoViewer | None = None
        self.itemChanged.connect(self._item_changed)
        self.itemActivated.connect(lambda item: self.open_viewer(self.row(item)))

    def attach(self, store: Store, undo_stack: QUndoStack) -> None:
        """Where removals and moves are written, and where Ctrl+Z finds them."""
        self.store = store
        self.undo_stack = undo_stack

    def set_attachments(self, store: Store, rows: Iterable[dict[str, Any]]) -> None:
        self._filling = True
        self.rows = list(rows)
        try:
            self.clear()
            for row in self.rows:
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

    # -- viewing, removing, moving --------------------------------------------

    def keyPressEvent(self, event) -> None:
        row = self.currentRow()
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if row >= 0 and event.key() == Qt.Key.Key_Delete:
            self.remove(row)
            return
        if row >= 0 and ctrl and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.move(row, -1 if event.key() == Qt.Key.Key_Left else 1)
            return
        super().keyPressEvent(event)

    def run(self, action) -> bool:
        """Write through the core; a refusal (a final visit) goes to ``error``."""
        try:
            action()
        except EnvHelpError as exc:
            self.error.emit(str(exc))
            return False
        self.changed.emit()
        return True

    def remove(self, row: int) -> None:
        """Remove the photo in ``row`` (undoable); nothing on a final record."""
        if self.read_only or self.store is None or not 0 <= row < len(self.rows):
            return
        self.undo_stack.push(RemovePhotoCommand(self, self.rows[row]))
        self.setCurrentRow(min(row, self.count() - 1))

    def move(self, row: int, step: int) -> None:
        """Move the photo in ``row`` one place left (-1) or right (+1)."""
        target = row + step
        if self.read_only or self.store is None or not 0 <= target < len(self.rows):
            return
        ids = [r["id"] for r in self.rows]
        ids.insert(target, ids.pop(row))
        if self.run(lambda: attachments.set_order(self.store, ids)):
            self.setCurrentRow(target)

    def open_viewer(self, row: int) -> PhotoViewer | None:
        if self.store is None or not 0 <= row < len(self.rows):
            return None
        self.viewer = PhotoViewer(self, row)
        self.viewer.finished.connect(self.viewer.deleteLater)
        self.viewer.open()
        return self.viewer

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


class PhotoViewer(QDialog):
    """One photo large, its caption under it: ← / → (or PgUp / PgDn) go through the strip's
    photos, Delete removes a draft's photo (undoable), Esc closes."""

    def __init__(self, strip: PhotoStrip, row: int):
        super().__init__(strip.window())
        self.strip = strip
        self.row = row
        self.setObjectName("photoViewer")
        self.image = QLabel(self)
        self.image.setObjectName("photoImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(480, 320)
        # The pixmap follows the window, never the other way round (no ratchet on resize).
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.caption = QLineEdit(self)
        self.caption.setObjectName("photoCaption")
        self.caption.setPlaceholderText(self.tr("照片说明：拍的是什么（如“危废间东侧围堰裂缝”）"))
        self.caption.editingFinished.connect(self._save_caption)
        self.position = QLabel(self)
        previous = QPushButton(self.tr("← 上一张"), self)
        previous.clicked.connect(lambda: self.show_row(self.row - 1))
        following = QPushButton(self.tr("下一张 →"), self)
        following.clicked.connect(lambda: self.show_row(self.row + 1))
        self.remove_button = QPushButton(self.tr("删除照片（Delete）"), self)
        self.remove_button.setObjectName("removePhoto")
        self.remove_button.clicked.connect(self.remove)
        for button in (previous, following, self.remove_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows stay with the viewer
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(previous)
        buttons.addWidget(following)
        buttons.addWidget(self.position, 1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)
        self.picture = QImage()
        place_window(self, "photo_viewer", QSize(1000, 720))
        strip.changed.connect(self._photos_changed)
        self.show_row(row)

    def current(self) -> dict[str, Any] | None:
        rows = self.strip.rows
        return rows[self.row] if 0 <= self.row < len(rows) else None

    def show_row(self, row: int) -> None:
        rows = self.strip.rows
        if not rows:
            self.close()
            return
        self._save_caption()
        self.row = max(0, min(row, len(rows) - 1))
        record = rows[self.row]
        self.setWindowTitle(self.tr("照片 — {name}").format(name=record["filename"]))
        self.position.setText(f"{self.row + 1} / {len(rows)}")
        reader = QImageReader(str(attachments.stored_path(self.strip.store, record)))
        reader.setAutoTransform(True)
        size = reader.size()
        if size.isValid() and (
            size.width() > VIEWER_MAX.width() or size.height() > VIEWER_MAX.height()
        ):
            # Decoded no larger than a screen needs: a 40-megapixel photo stays small.
            reader.setScaledSize(size.scaled(VIEWER_MAX, Qt.AspectRatioMode.KeepAspectRatio))
        self.picture = reader.read()
        self._fit()
        if self.picture.isNull():
            self.image.setText(self.tr("无法显示此文件：{name}").format(name=record["filename"]))
        self.caption.setText(record.get("caption") or "")
        read_only = self.strip.read_only
        self.caption.setReadOnly(read_only)
        self.remove_button.setEnabled(not read_only)
        self.strip.setCurrentRow(self.row)

    def _fit(self) -> None:
        """The photo as large as the window lets it be."""
        if self.picture.isNull():
            self.image.setPixmap(QPixmap())
            return
        self.image.setPixmap(
            QPixmap.fromImage(
                self.picture.scaled(
                    self.image.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _save_caption(self) -> None:
        record = self.current()
        if (
            record is None
            or self.strip.read_only
            or self.caption.text() == (record.get("caption") or "")
        ):
            return
        record["caption"] = self.caption.text()
        self.strip.caption_edited.emit(record["id"], self.caption.text())

    def remove(self) -> None:
        self.strip.remove(self.row)

    def _photos_changed(self) -> None:
        # The owner re-reads the strip after a change; show what is now at this place.
        QTimer.singleShot(0, self, lambda: self.show_row(self.row))

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self.caption.hasFocus() and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            super().keyPressEvent(event)  # moving the text cursor
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.show_row(self.row - 1)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.show_row(self.row + 1)
        elif key == Qt.Key.Key_Delete and not self.caption.hasFocus():
            self.remove()
        else:
            super().keyPressEvent(event)
