"""Where the gazetteer cache lives (STRIFE_HOME, XDG_CACHE_HOME, --gazetteer), what the first
build says, and the clear error when the cache cannot be written."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from strife.cli import main
from strife.geo import gazetteer
from strife.geo.gazetteer import GazetteerError, build, cache_dir, default_path
from strife.settings import DEFAULT_SETTINGS


def test_strife_home_wins_then_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.setenv("STRIFE_HOME", str(tmp_path / "sh"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "sh"
    assert default_path().parent == tmp_path / "sh"
    monkeypatch.delenv("STRIFE_HOME")
    assert cache_dir() == tmp_path / "xdg" / "strife"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir() == Path.home() / ".cache" / "strife"


def test_an_explicit_path_beats_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("STRIFE_HOME", str(tmp_path / "sh"))
    assert default_path(DEFAULT_SETTINGS.replace(gazetteer_path=str(tmp_path / "g.sqlite"))) == tmp_path / "g.sqlite"


def test_first_build_says_what_and_where(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(gazetteer, "_collect", lambda w: None)   # the real data takes a minute
    target = tmp_path / "g.sqlite"
    build(target, announce=True)
    err = capsys.readouterr().err
    assert "building the gazetteer index" in err and str(target) in err
    assert target.exists()


def test_unwritable_cache_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(GazetteerError, match="STRIFE_HOME.*--gazetteer PATH"):
        build(blocker / "g.sqlite")


@pytest.mark.parametrize("command", ["extract", "run", "places"])
def test_every_geocoding_command_takes_gazetteer(command):
    res = CliRunner().invoke(main, [command, "--help"])
    assert "--gazetteer PATH" in res.output


def test_extract_stops_with_the_error_instead_of_losing_coordinates(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    src = tmp_path / "a.txt"
    src.write_text("Gunmen killed four villagers in Kaura Namoda, Zamfara state, on Tuesday, police said.")
    res = CliRunner().invoke(main, ["extract", str(src), "-q", "-o", str(tmp_path / "e.jsonl"),
                                    "--gazetteer", str(blocker / "g.sqlite")])
    assert res.exit_code == 1
    assert "cannot write the gazetteer index" in res.output


def test_the_default_index_is_named_by_its_data_version(monkeypatch, tmp_path):
    # two checkouts with different place data keep one index each, never rebuilding a shared file
    monkeypatch.setenv("STRIFE_HOME", str(tmp_path))
    name = default_path().name
    assert name.startswith("gazetteer-v") and gazetteer.data_version()[:12] in name
    gazetteer.data_version.cache_clear()
    monkeypatch.setattr(gazetteer, "read_text", lambda n: "other data " + n)
    try:
        assert default_path().name != name
    finally:
        monkeypatch.undo()
        gazetteer.data_version.cache_clear()
