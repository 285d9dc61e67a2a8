"""A real IMAP server for the poller tests: Debian's dovecot, on 127.0.0.1 and a free port, with a throwaway
configuration, a passwd-file user and Maildir storage in a temporary directory.

Where dovecot is missing or cannot start, the tests are skipped with the reason, except in CI (the CI variable
is set), where the IMAP tests are required: `.ci/run` installs dovecot-imapd.
"""

import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD = "vendas@acme.test", "imap-test-pw"


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str = USER
    password: str = PASSWORD

    def connect(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4(self.host, self.port, timeout=10)
        conn.login(self.user, self.password)
        return conn


def unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"The IMAP poller tests are required in CI, but {reason}")
    pytest.skip(f"IMAP poller tests skipped: {reason} (apt-get install -y dovecot-imapd to run them)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _config(root: Path, port: int) -> str:
    if os.geteuid() == 0:
        # As root, dovecot runs its login processes as its own users and refuses uid 0 for mail: use nobody.
        mail_uid, mail_gid = pwd.getpwnam("nobody").pw_uid, grp.getgrnam("nogroup").gr_gid
        users = ""
    else:
        mail_uid, mail_gid = os.getuid(), os.getgid()
        name, group = pwd.getpwuid(mail_uid).pw_name, grp.getgrgid(mail_gid).gr_name
        users = f"default_login_user = {name}\ndefault_internal_user = {name}\ndefault_internal_group = {group}\n"
    (root / "home").mkdir()
    if os.geteuid() == 0:
        os.chown(root / "home", mail_uid, mail_gid)
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/home/%u/Maildir
first_valid_uid = 1
first_valid_gid = 1
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def start_dovecot():
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not os.path.exists(binary):
        unavailable("dovecot is not installed")
    root = Path(tempfile.mkdtemp(prefix="funil-dovecot-"))
    root.chmod(0o755)  # the mail processes run as another user and must reach their Maildir
    port = _free_port()
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (root / "state").mkdir()
    (root / "dovecot.conf").write_text(_config(root, port))
    process = subprocess.Popen(
        [binary, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    server = ImapServer("127.0.0.1", port)
    deadline = time.monotonic() + 15
    while True:
        try:
            server.connect().logout()
            break
        except (OSError, imaplib.IMAP4.error) as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                shutil.rmtree(root, ignore_errors=True)
                unavailable(f"dovecot did not start ({exc}); {log[-500:]}")
            time.sleep(0.2)
    return server, process, root


def stop_dovecot(process: subprocess.Popen, root: Path) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    shutil.rmtree(root, ignore_errors=True)
