import subprocess
import sys

import pytest


def settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','funil.settings'); django.setup()"
    return subprocess.run(
        [sys.executable, "-c", code], env={"PATH": "/usr/bin:/bin", **env}, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FUNIL_DEBUG": "maybe"}, "FUNIL_DEBUG must be a boolean"),
        ({"FUNIL_DB_CONN_MAX_AGE": "-1"}, "at least 0"),
        ({"FUNIL_TASK_BACKEND": "celery"}, "FUNIL_TASK_BACKEND must be one of"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must be"),
        ({"SECRET_KEY": "short"}, "at least 50 characters"),
        ({"FUNIL_REQUIRE_SECRET_KEY": "true"}, "SECRET_KEY must be set"),
    ],
)
def test_bad_settings_fail_loudly_at_start(env, message, tmp_path):
    result = settings_with({**env, "FUNIL_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert message in result.stderr


def test_without_a_secret_key_one_is_generated_once_and_kept_private(tmp_path):
    assert settings_with({"FUNIL_VAR_DIR": str(tmp_path)}).returncode == 0
    key_file = tmp_path / "secret-key"
    first = key_file.read_text()
    assert len(first) >= 50 and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert settings_with({"FUNIL_VAR_DIR": str(tmp_path)}).returncode == 0
    assert key_file.read_text() == first
