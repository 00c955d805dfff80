"""A bug in a background task fails the test that met it, though the window only logs it.

The inner tests are real pytest runs (pytester, in a subprocess: one QApplication per
process) with the suite's own conftest files, on the queue page of a real test gate.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

INNER = '''
import pytest

from borderdesk.domain.officer import Role
from borderdesk.services import crossings
from borderdesk.ui.pages.queue_page import QueuePage


def broken_query(*args, **kwargs):
    raise RuntimeError("the queue query broke")


def open_queue(qtbot, ui_gate, monkeypatch, query=broken_query):
    """Show the queue page with ``crossings.query_queue`` replaced; wait for its answer."""
    monkeypatch.setattr(crossings, "query_queue", query)
    page = QueuePage(ui_gate.session_for(Role.SUPERVISOR))
    qtbot.addWidget(page)
    answers = []
    page.model.sig_failed.connect(answers.append)
    page.model.sig_loaded.connect(lambda: answers.append("loaded"))
    page.show()
    qtbot.waitUntil(lambda: bool(answers))
    return answers


def test_broken_query_unmarked(qtbot, ui_gate, monkeypatch):
    answers = open_queue(qtbot, ui_gate, monkeypatch)
    assert isinstance(answers[0], RuntimeError)  # the page only logged it


@pytest.mark.allow_errors("the queue query broke")
def test_broken_query_allowed(qtbot, ui_gate, monkeypatch):
    open_queue(qtbot, ui_gate, monkeypatch)


def test_broken_query_expected(qtbot, ui_gate, monkeypatch, expect_errors):
    expect_errors("RuntimeError: the queue query broke")
    open_queue(qtbot, ui_gate, monkeypatch)


def test_other_error_than_expected(qtbot, ui_gate, monkeypatch, expect_errors):
    expect_errors("the lanes could not be read")
    open_queue(qtbot, ui_gate, monkeypatch)


def test_expected_error_never_came(qtbot, ui_gate, monkeypatch, expect_errors):
    expect_errors("the queue query broke")
    open_queue(qtbot, ui_gate, monkeypatch, query=ORIGINAL)


ORIGINAL = crossings.query_queue


def test_error_logged_on_a_worker_thread(qtbot, ui_gate):
    import logging
    import threading

    runner = ui_gate.session_for(Role.BORDER_GUARD).tasks
    threads = []

    def work():
        threads.append(threading.current_thread().name)
        logging.getLogger("borderdesk.capture").error("the camera thread gave up")

    with qtbot.waitSignal(runner.sig_busy_changed, check_params_cb=lambda busy: not busy):
        runner.run(work)
    assert threads and threads[0] != "MainThread"  # a Qt pool thread: "Dummy-1" to Python
'''


@pytest.fixture
def inner_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A copy of the suite's conftest files and settings around the inner tests."""
    pytester.makepyprojecttoml((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    ui = pytester.mkdir("ui")
    (ui / "conftest.py").write_text((TESTS / "ui" / "conftest.py").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    (ui / "test_inner.py").write_text(INNER, encoding="utf-8")
    return pytester


def test_an_error_a_page_only_logged_fails_the_test(inner_suite: pytest.Pytester) -> None:
    result = inner_suite.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:xdist",
                                              "-o", "addopts=", "--strict-markers", "-rA",
                                              "ui")
    summary = {tuple(line.split(" - ")[0].split(" ui/test_inner.py::"))
               for line in result.outlines if " ui/test_inner.py::" in line}
    assert summary == {
        ("FAILED", "test_broken_query_unmarked"),
        ("PASSED", "test_broken_query_allowed"),
        ("PASSED", "test_broken_query_expected"),
        ("FAILED", "test_other_error_than_expected"),
        ("ERROR", "test_other_error_than_expected"),  # and the expected one never came
        ("PASSED", "test_expected_error_never_came"),  # its body passed,
        ("ERROR", "test_expected_error_never_came"),  # its teardown says what was missing
        ("FAILED", "test_error_logged_on_a_worker_thread"),
    }, result.stdout.str()
    output = result.stdout.str()
    assert "borderdesk logged an error this test did not expect" in output
    assert "ERROR borderdesk.ui [MainThread]: task failed" in output
    assert "RuntimeError: the queue query broke" in output
    assert re.search(r"ERROR borderdesk.capture \[(?!MainThread)[^]]+\]: the camera thread gave up",
                     output)
    assert "expected an error matching 'the queue query broke'; none was logged" in output
