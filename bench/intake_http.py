"""Web-form intake over HTTP against the real server process (granian WSGI, as `funil run` serves), with one
million leads already in the workspace: 16 concurrent clients post distinct valid submissions, as the embed
script does (JSON, from an allowed origin, with a submission token), for BENCH_SECONDS; prints
`intake_http: N leads/s p99 M ms`. The leads it made are deleted at the end, by id."""

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import DATASET, ROOT, database_url, ensure_database, ensure_dataset, setup_django

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "3"))
WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")
THREADS = os.environ.get("BENCH_BLOCKING_THREADS", "4")
ORIGIN = "https://bench.example"
FORM_NAME = "Bench intake (HTTP)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bench_form(workspace):  # type: ignore[no-untyped-def]
    """The benchmark's form in the 1M workspace, rate limits lifted (the anti-spam checks still run)."""
    from funil.accounts.access import actor_for
    from funil.accounts.models import Membership
    from funil.intake.webforms.models import WebForm
    from funil.intake.webforms.services import webform_create, webform_update

    admin = Membership.objects.filter(workspace=workspace, role="admin").select_related("user").first()
    actor = actor_for(admin.user, workspace)
    settings = {
        "fields": [
            {"key": "full_name", "required": True},
            {"key": "email", "required": True},
            {"key": "phone"},
            {"key": "company_name"},
            {"key": "need"},
        ],
        "allowed_origins": [ORIGIN],
        "consent_enabled": True,
        "consent_text": {"en": "Send me news."},
        "min_fill_seconds": 3,
        "ip_limit_per_hour": 0,
        "form_limit_per_minute": 0,
        "active": True,
    }
    form = WebForm.objects.filter(workspace=workspace, name=FORM_NAME).first()
    if form is None:
        return webform_create(actor=actor, data={"name": FORM_NAME, **settings})
    return webform_update(actor=actor, form=form, changes=settings)


def start_server(port: int, url: str) -> subprocess.Popen[bytes]:
    """`funil run`'s server (its static files left out: the benchmark posts only)."""
    granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or "granian"
    command = [
        granian,
        "--interface",
        "wsgi",
        "funil.wsgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        WORKERS,
        "--blocking-threads",
        THREADS,
    ]
    env = {**os.environ, "DATABASE_URL": url, "FUNIL_LOG_LEVEL": "WARNING"}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(port: int, path: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer within 60 s")


class Client(threading.Thread):
    """One visitor after another on a kept-alive connection, each with a fresh token and a distinct person."""

    def __init__(self, number: int, port: int, path: str, form_id: int, run: str, stop_at: float) -> None:
        super().__init__(daemon=True)
        self.number, self.port, self.path, self.form_id, self.run_tag = number, port, path, form_id, run
        self.stop_at = stop_at
        self.samples: list[tuple[float, float, int]] = []  # (started, seconds, status)

    def body(self, n: int) -> bytes:
        from funil.intake.webforms import tokens

        visitor = self.number * 1_000_000 + n
        return json.dumps(
            {
                "_token": tokens.issue(self.form_id, min_seconds=3, now=time.time() - 10),
                "_lang": "pt-br",
                "full_name": f"Visitante {visitor} Bench{self.run_tag}",
                "email": f"contato@empresa{visitor}-{self.run_tag}.com.br",
                "phone": f"+55 11 9{visitor % 100_000_000:08d}",
                "company_name": f"Bench {self.run_tag} Ltda {visitor}",
                "need": "Orçamento para 20 usuários",
                "consent": True,
                "utm_source": "bench",
                "page_url": "https://bench.example/precos?utm_campaign=http",
            }
        ).encode()

    def prepare(self, count: int) -> None:
        """The bodies are made before the clock starts: the load generator shares the server's two cores, and its
        own JSON and token signing would otherwise count against the server."""
        self.bodies = [self.body(n) for n in range(count)]

    def run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json", "Accept": "application/json", "Origin": ORIGIN}
        n = 0
        while time.perf_counter() < self.stop_at:
            payload = self.bodies[n] if n < len(self.bodies) else self.body(n)
            n += 1
            started = time.perf_counter()
            try:
                conn.request("POST", self.path, payload, headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status = 0
            self.samples.append((started, time.perf_counter() - started, status))


def cpu_seconds(root: int) -> float:
    """User and system CPU of a process and its children (the server's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if root in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def clean_up(workspace, form) -> int:  # type: ignore[no-untyped-def]
    """Delete only what this benchmark made (this run's leads, and any an interrupted run left): the leads by
    id, with their timeline and flags, and the form's delivery keys."""
    from django.db import connection

    from funil.intake.models import Delivery
    from funil.leads.models import Lead

    made = Lead._base_manager.filter(workspace=workspace, last_name__regex=r"(^| )Bench[0-9]{6,}$")
    ids = list(made.values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        Lead._base_manager.filter(pk__in=ids[start : start + 2000]).delete()
    Delivery.objects.filter(workspace=workspace, key__startswith=f"webform:{form.pk}:").delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE leads_lead")
    return len(ids)


def main() -> None:
    url = database_url()
    ensure_database(url)
    setup_django(url)
    ensure_dataset()
    from django.db import connection
    from django.urls import reverse

    from funil.accounts.models import Workspace

    workspace = Workspace.objects.get(name=DATASET)
    form = bench_form(workspace)
    path = reverse("intake_webforms:form", args=[form.public_id])
    run = str(int(time.time()))
    connection.close()
    port = free_port()
    server = start_server(port, url)
    try:
        wait_ready(port, path, server)
        clients = [Client(i, port, path, form.pk, run, 0.0) for i in range(CLIENTS)]
        for client in clients:
            client.prepare(int((WARMUP + SECONDS) * 1000 / CLIENTS) + 1)  # room for 1,000 leads/s
        started = time.perf_counter()
        stop_at = started + WARMUP + SECONDS
        for client in clients:
            client.stop_at = stop_at
            client.start()
        time.sleep(WARMUP)
        server_cpu = cpu_seconds(server.pid)
        for client in clients:
            client.join()
        server_cpu = cpu_seconds(server.pid) - server_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    measured_from = started + WARMUP
    samples = [s for c in clients for s in c.samples if s[0] >= measured_from]
    ok = [seconds for _start, seconds, status in samples if status == 200]
    failed = len(samples) - len(ok)
    elapsed = max(s[0] + s[1] for s in samples) - measured_from if samples else SECONDS
    latencies = sorted(ok) or [0.0]
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000
    made = clean_up(workspace, form)
    print(
        f"# {len(ok)} accepted in {elapsed:.1f} s after {WARMUP:.0f} s warm-up, {failed} failed, p50 {p50:.1f} ms, "
        f"server CPU {server_cpu / max(len(ok), 1) * 1000:.1f} ms per lead; {made} leads made and deleted; "
        f"{WORKERS} workers x {THREADS} threads, {CLIENTS} clients",
        file=sys.stderr,
    )
    print(f"intake_http: {len(ok) / elapsed:.0f} leads/s p99 {p99:.1f} ms", flush=True)
    if failed:
        raise SystemExit(f"{failed} submissions were not accepted")


if __name__ == "__main__":
    main()
