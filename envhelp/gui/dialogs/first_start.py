"""First start over an empty database: who is working, then where the enterprises come from.

Step 1 asks for the bureau and the enforcement unit (the registry's "bureau" group,
:class:`~envhelp.gui.dialogs.settings_form.SettingsForm`, both required: every document
prints them) and for the officer using this computer, with the enforcement certificate
number; saving makes that officer the current one. Step 2 offers to import the
enterprise list from Excel (with the template to fill in) or to add one enterprise.
Shown by :func:`offer` when the bureau is not set and nobody is the current officer.
"""

from __future__ import annotations

from envhelp import i18n
from envhelp.domain import officers, settings
from envhelp.errors import EnvHelpError, ValidationError
from envhelp.gui.dialogs.settings_form import SettingsForm
from envhelp.gui.qt import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from envhelp.gui.widgets import ErrorLabel, mark_invalid, show_error_at
from envhelp.storage import Store

REQUIRED = (settings.BUREAU_NAME, settings.UNIT_NAME)


def needed(store: Store) -> bool:
    """An empty start: no bureau, nobody using the app (a demo or a used database has both)."""
    return (
        not store.read_only
        and bool(settings.missing(store, REQUIRED))
        and officers.current(store) is None
    )


def offer(window) -> FirstStartDialog | None:
    """Open the first-start questions over the main window when :func:`needed`."""
    if not needed(window.store):
        return None
    dialog = FirstStartDialog(window)
    dialog.finished.connect(dialog.deleteLater)
    window.first_start_dialog = dialog
    dialog.open()
    return dialog


class FirstStartDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window_ = window
        self.store: Store = window.store
        self.setObjectName("firstStart")
        self.setWindowTitle(self.tr("欢迎使用 EnvHelp"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._who_page())
        self.pages.addWidget(self._enterprises_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.resize(640, 560)

    # -- step 1: the bureau and the officer --------------------------------------

    def _who_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "先填写本单位和您自己的信息：文书的抬头、落款和执法人员栏都用到它们。"
                "以后可在“文件 → 设置”中修改。"
            ),
            page,
        )
        intro.setWordWrap(True)
        self.bureau_form = SettingsForm(self.store, ("bureau",), page, required=REQUIRED)
        officer_box = QGroupBox(self.tr("您（当前执法人员）"), page)
        form = QFormLayout(officer_box)
        self.officer_name = QLineEdit(officer_box)
        self.officer_name.setObjectName("firstOfficerName")
        self.officer_cert = QLineEdit(officer_box)
        self.officer_cert.setObjectName("firstOfficerCert")
        self.officer_cert.setPlaceholderText(self.tr("执法证上的编号"))
        form.addRow(i18n.pick(officers.F_NAME.zh, officers.F_NAME.en) + " *", self.officer_name)
        form.addRow(i18n.pick(officers.F_CERT.zh, officers.F_CERT.en) + " *", self.officer_cert)
        self.error = ErrorLabel(page)
        later = QPushButton(self.tr("以后再说"), page)
        later.setObjectName("firstStartLater")
        later.setAutoDefault(False)
        later.clicked.connect(self.reject)
        self.next_button = QPushButton(self.tr("保存，下一步"), page)
        self.next_button.setObjectName("firstStartNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.save_who)
        buttons = QHBoxLayout()
        buttons.addWidget(later)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.bureau_form, 1)
        layout.addWidget(officer_box)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        return page

    def save_who(self) -> bool:
        """Store the bureau, add the officer and make them current: all of it or nothing."""
        for widget in (self.officer_name, self.officer_cert):
            mark_invalid(widget, False)
        self.error.clear_message()
        try:
            with self.store.transaction():
                self.bureau_form.save()
                if not self.officer_cert.text().strip():
                    raise ValidationError(
                        officers.F_CERT.key,
                        "请填写执法证号：执法文书要写明执法人员的证号。",
                        "Enter the enforcement certificate number: documents name it.",
                    )
                officer = officers.add(
                    self.store,
                    {"name": self.officer_name.text(), "cert_no": self.officer_cert.text()},
                )
                officers.set_current(self.store, officer["id"])
        except ValidationError as exc:
            fields = {
                officers.F_NAME.key: self.officer_name,
                officers.F_CERT.key: self.officer_cert,
            }
            if exc.field in fields:
                show_error_at(self.error, str(exc), fields[exc.field])
            return False  # a bureau field's message is shown by the form itself
        except EnvHelpError as exc:
            self.error.show_message(str(exc))
            return False
        if hasattr(self.window_, "update_officer_label"):
            self.window_.update_officer_label()
        self.pages.setCurrentIndex(1)
        return True

    # -- step 2: the enterprises -----------------------------------------------------

    def _enterprises_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "接下来录入辖区企业。已有企业名单的，可按模板整理成 Excel 一次导入；"
                "也可以逐家添加。"
            ),
            page,
        )
        intro.setWordWrap(True)
        template = QPushButton(self.tr("下载导入模板…"), page)
        template.setObjectName("firstStartTemplate")
        template.clicked.connect(lambda: self.window_.data_menu.save_import_template())
        import_button = QPushButton(self.tr("从 Excel 导入企业…"), page)
        import_button.setObjectName("firstStartImport")
        import_button.clicked.connect(self._import)
        add = QPushButton(self.tr("添加一家企业…"), page)
        add.setObjectName("firstStartAdd")
        add.clicked.connect(self._add_one)
        done = QPushButton(self.tr("完成"), page)
        done.setObjectName("firstStartDone")
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        for button in (template, import_button, add):
            layout.addWidget(button)
        layout.addStretch(1)
        help_line = QLabel(self.tr("随时可按 F1 查看使用指南。"), page)
        layout.addWidget(help_line)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(done)
        layout.addLayout(row)
        return page

    def _import(self) -> None:
        self.accept()
        self.window_.data_menu.import_enterprises()

    def _add_one(self):
        self.accept()
        row = self.window_.page_row("enterprises")
        self.window_.show_page(row)
        return self.window_.page(row).new_record()
