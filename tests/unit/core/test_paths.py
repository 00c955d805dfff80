"""The user's folders are platformdirs' folders, though found without importing it."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from borderdesk import paths

FOLDERS = [
    (paths.data_dir, platformdirs.user_data_path),
    (paths.config_dir, platformdirs.user_config_path),
    (paths.log_dir, platformdirs.user_log_path),
    (paths.cache_dir, platformdirs.user_cache_path),
]
XDG = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


@pytest.mark.parametrize("xdg", ["unset", "absolute", "relative"])
def test_each_folder_is_where_platformdirs_puts_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str) -> None:
    monkeypatch.delenv("BORDERDESK_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "officer"))
    for variable in XDG:
        if xdg == "unset":
            monkeypatch.delenv(variable, raising=False)
        else:  # a relative XDG folder is ignored, as the XDG specification says
            base = tmp_path / "xdg" / variable if xdg == "absolute" else Path("xdg", variable)
            monkeypatch.setenv(variable, str(base))
    for ours, theirs in FOLDERS:
        assert ours() == theirs(paths.APP_NAME)
        assert ours().is_dir()
