"""Docs stay honest: every CLI command has help text and appears in the README."""
from __future__ import annotations

import re

import click

from strife.cli import main
from tests.conftest import ROOT


def _commands(group: click.Group, prefix: str = "strife"):
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}"
        yield full, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, full)


def test_every_command_has_help_and_is_in_readme():
    readme = (ROOT / "README.md").read_text()
    for full, cmd in _commands(main):
        assert (cmd.help or "").strip(), f"{full} has no --help text"
        assert full in readme, f"{full} is not documented in README.md"


def test_readme_starts_with_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme.split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", head, re.S)
    assert len(blocks) == 2
    assert "strife extract examples/ -o events.csv" in blocks[0]
    assert "pytest" in blocks[1]
