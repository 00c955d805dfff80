"""Countries for plates and nationalities: ISO 3166 codes from pycountry, named in the UI language,
and the searchable combo that offers them.

The gate's neighbours come first in every list: at Lao Bao almost every
truck is Vietnamese, Lao, Thai, Cambodian or Chinese.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from borderdesk import i18n

NEIGHBOURS = ("VN", "LA", "TH", "KH", "CN")
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""Item data role carrying the alpha-2 code."""


@cache
def _names(language: str) -> gettext.NullTranslations:
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )


SHORT_NAMES = {"LA": i18n.N_("Laos"), "KH": i18n.N_("Cambodia")}
"""Neighbours named as the gate says them: ISO's Vietnamese names ("Cộng hoà Nhân dân Dân chủ
Lào", "Căm Bốt") are official or dated, and too long for a country box on a booth screen."""


def country_name(code: str) -> str:
    """The name of the country ``code`` in the active language ("" when unknown)."""
    country = pycountry.countries.get(alpha_2=code.upper()) if code else None
    if country is None:
        return ""
    if country.alpha_2 in SHORT_NAMES:
        return i18n._(SHORT_NAMES[country.alpha_2])
    name = getattr(country, "common_name", None) or country.name
    if i18n.language() == "en":
        return str(name)
    return _names(i18n.language()).gettext(country.name)


def country_text(code: str) -> str:
    """"VN — Viet Nam": the code an officer types, then the name."""
    name = country_name(code)
    return f"{code.upper()} — {name}" if name else code.upper()


def country_codes() -> list[str]:
    """Every alpha-2 code, neighbours first, then by name in the active language."""
    others = sorted(
        (c.alpha_2 for c in pycountry.countries if c.alpha_2 not in NEIGHBOURS),
        key=country_name,
    )
    return [*NEIGHBOURS, *others]


def code_from_text(text: str) -> str | None:
    """The alpha-2 code an officer meant by "LA", "la — Laos" or "Laos"; None when unknown."""
    text = text.strip()
    if not text:
        return None
    head = text.split("—", 1)[0].strip().upper()
    if len(head) == 2 and pycountry.countries.get(alpha_2=head) is not None:
        return head
    wanted = text.casefold()
    for code in country_codes():
        if country_name(code).casefold() == wanted:
            return code
    return None


def country_model(parent: QObject | None = None) -> QStandardItemModel:
    """A list model of ``country_text`` items carrying their code in ``CODE_ROLE``."""
    model = QStandardItemModel(parent)
    fill_country_model(model)
    return model


def fill_country_model(model: QStandardItemModel) -> None:
    """(Re)fill ``model`` with the countries named in the active language."""
    model.clear()
    for code in country_codes():
        item = QStandardItem(country_text(code))
        item.setData(code, CODE_ROLE)
        model.appendRow(item)


def country_combo(parent: QWidget | None = None) -> QComboBox:
    """An editable combo of every country that completes on code or name ("lao" finds LA)."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setModel(country_model(combo))
    # Room for "VN — Việt Nam" and the neighbours' names; a long name shows from its code.
    combo.setMinimumContentsLength(14)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    return combo


def combo_country(combo: QComboBox) -> str | None:
    """The alpha-2 code chosen or typed in a ``country_combo``; None when unknown."""
    index = combo.currentIndex()
    if index >= 0 and combo.itemText(index) == combo.currentText():
        return str(combo.itemData(index, CODE_ROLE))
    return code_from_text(combo.currentText())


def set_combo_country(combo: QComboBox, code: str) -> None:
    """Choose ``code`` in a ``country_combo``."""
    index = combo.findData(code.upper(), CODE_ROLE)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(country_text(code) if code else "")
    edit = combo.lineEdit()
    if edit is not None:
        # A name longer than the box shows its start, the code, not its last words.
        edit.setCursorPosition(0)
        combo.setToolTip(combo.currentText())


def retranslate_combo(combo: QComboBox) -> None:
    """Name the countries of a ``country_combo`` in the active language, keeping the choice."""
    code = combo_country(combo)
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    combo.blockSignals(True)
    fill_country_model(model)
    combo.blockSignals(False)
    set_combo_country(combo, code or "")
