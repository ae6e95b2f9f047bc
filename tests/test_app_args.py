"""The tray app's arguments: a start without any skips argparse, and must mean exactly what
the parser would make of it."""

from __future__ import annotations

import pytest

from screenpop import app


def test_no_arguments_mean_the_parsers_defaults():
    assert vars(app.parse_args([])) == vars(app.make_parser().parse_args([]))


def test_arguments_still_go_through_the_parser():
    args = app.parse_args(["--demo", "--demo-interval", "2", "-v", "tel:+4930123"])
    assert (args.demo, args.demo_interval, args.verbose, args.link) == (
        True,
        2.0,
        True,
        "tel:+4930123",
    )
    with pytest.raises(SystemExit):
        app.parse_args(["--no-such-option"])


def test_instance_name_from_the_environment_as_getpass_reads_it(monkeypatch):
    monkeypatch.delenv("SCREENPOP_INSTANCE", raising=False)
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("USERNAME", "reception")
    monkeypatch.setenv("USER", "anna")
    assert app._instance_name() == "screenpop-anna"  # USER comes before USERNAME


def test_instance_name_without_user_variables_asks_getpass(monkeypatch):
    import getpass

    monkeypatch.delenv("SCREENPOP_INSTANCE", raising=False)
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "from-the-password-file")
    assert app._instance_name() == "screenpop-from-the-password-file"

    def no_user() -> str:
        raise OSError("no user name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert app._instance_name() == "screenpop-user"
