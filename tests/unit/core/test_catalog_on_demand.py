"""The catalog read on demand translates every message as gettext's own reader does."""

from __future__ import annotations

import gettext

from borderdesk import i18n
from borderdesk.paths import resources_dir

CATALOG = resources_dir() / "locale" / "vi" / "LC_MESSAGES" / "borderdesk.mo"


def test_every_message_and_plural_form_reads_as_gettext_reads_it() -> None:
    with CATALOG.open("rb") as handle:
        expected = gettext.GNUTranslations(handle)
    with CATALOG.open("rb") as handle:
        on_demand = i18n._CatalogReadOnDemand(handle)
    plurals = [key for key in expected._catalog if isinstance(key, tuple)]  # type: ignore[attr-defined]
    assert plurals, "the catalog has phrases with plural forms"
    for key in expected._catalog:  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            singular, _form = key
            for n in (1, 2, 5):
                assert on_demand.ngettext(singular, "-", n) == expected.ngettext(singular, "-", n)
        else:
            assert on_demand.gettext(key) == expected.gettext(key)
    assert on_demand.info() == expected.info()
    assert on_demand.gettext("No such message in the catalog") == "No such message in the catalog"
    assert on_demand.ngettext("{n} no such truck", "{n} no such trucks", 2) == (
        "{n} no such trucks")
