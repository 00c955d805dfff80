"""The rules tests' guard on phrases (conftest.py) does catch what it is there to catch."""

from __future__ import annotations

import pytest

from borderdesk.domain.phrase import Phrase


def test_a_message_missing_from_the_vietnamese_catalog_fails_the_test() -> None:
    with pytest.raises(AssertionError, match="not in the Vietnamese catalog"):
        Phrase("A message nobody translated {x}", {"x": 1})


def test_a_message_naming_a_parameter_it_is_not_given_fails_the_test() -> None:
    with pytest.raises(AssertionError, match="names a parameter"):
        Phrase("Trader {tax_code}", {"plate": "74C12345"})


def test_a_translated_message_given_its_parameters_passes() -> None:
    assert Phrase("Trader {tax_code}", {"tax_code": "0101"}).msgid == "Trader {tax_code}"
