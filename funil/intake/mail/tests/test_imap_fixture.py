"""The IMAP server fixture skips where dovecot cannot run, but fails in CI, where the poller tests are required."""

import pytest

from .imap_server import unavailable


def test_without_ci_a_missing_dovecot_skips(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="dovecot-imapd"):
        unavailable("dovecot is not installed")


def test_in_ci_a_missing_dovecot_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="required in CI"):
        unavailable("dovecot is not installed")
