"""nginx with the repository's site (deploy/nginx/mittaristo.conf) in front of the layout's two
app processes (scripts/run_layout.py): TLS, the health check, a page and the static files.

The site is used as it is, with only what a test must change: the upstream's two ports, the
listening ports (free ones on 127.0.0.1, no IPv6) and a self-signed certificate. nginx runs in
the foreground as one process, with its prefix, pid, logs and temporary files in the test's
folder: nothing of the machine's own nginx is read or touched. Skips when nginx is missing
(`apt-get install nginx`; .ci/run installs it).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.servers import answers, free_port
from tests.web.test_two_processes import Layout, database_url, redis_url  # noqa: F401

SITE = ROOT / "deploy" / "nginx" / "mittaristo.conf"
SBIN = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
BIN = Path(sys.executable).parent


def site_for_test(site: str, *, ports, http_port, https_port, cert, key) -> str:
    """The repository's site with the test's ports and certificate, and nothing else changed.
    Each change must apply once: a site edited out of this shape fails here, not silently."""
    upstream = "".join(f"    server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;\n" for p in ports)
    changes = [
        (r"^ *server 127\.0\.0\.1:8000 [^;]*;\n", upstream),
        (r"^ *listen 80;", f"    listen 127.0.0.1:{http_port};"),
        (r"^ *listen 443 ssl http2;", f"    listen 127.0.0.1:{https_port} ssl http2;"),
        (r"^ *ssl_certificate +\S+;", f"    ssl_certificate {cert};"),
        (r"^ *ssl_certificate_key +\S+;", f"    ssl_certificate_key {key};"),
    ]
    for pattern, replacement in changes:
        site, count = re.subn(pattern, lambda _m, r=replacement: r, site, flags=re.M)
        assert count == 1, f"deploy/nginx/mittaristo.conf: {pattern!r} matched {count} times"
    site, count = re.subn(r"^ *listen \[::\]:[^;]*;\n", "", site, flags=re.M)  # no IPv6 here
    assert count == 2
    return site


def main_config(folder: Path) -> str:
    """nginx.conf around the site: foreground, one process, everything in `folder`."""
    temps = "".join(
        f"    {name}_temp_path {folder / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        "daemon off;\n"
        "master_process off;\n"  # one process as the test's user: no switch to another user
        f"pid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} info;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    access_log {folder / 'access.log'};\n"
        f"{temps}"
        f"    include {folder / 'site.conf'};\n"
        "}\n"
    )


@pytest.fixture
def nginx_folder(tmp_path):
    nginx = shutil.which("nginx", path=SBIN)
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx): the layout behind it untested")
    openssl = shutil.which("openssl", path=SBIN)
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate for nginx's TLS")
    folder = tmp_path / "nginx"
    folder.mkdir()
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
        + ["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True,
        capture_output=True,
    )
    return nginx, folder


class Nginx:
    def __init__(self, nginx: str, folder: Path):
        command = [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")]
        command += ["-e", str(folder / "error.log")]
        checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr  # the repository's site is valid nginx
        self.folder = folder
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )

    def wait_for(self, port: int) -> None:
        for _wait in range(100):
            if answers(("127.0.0.1", port)) or self.process.poll() is not None:
                break
            time.sleep(0.1)
        assert answers(("127.0.0.1", port)), self.log()

    def log(self) -> str:
        return (self.folder / "error.log").read_text(errors="replace")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGQUIT)  # graceful: finish the requests under way
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.mark.django_db(transaction=True)
def test_nginx_in_front_of_two_app_processes_serves_health_pages_and_static_files(
    minimal_strategy,
    nginx_folder,
    redis_url,  # noqa: F811 (the fixture of test_two_processes, imported)
    tmp_path,
):
    nginx, folder = nginx_folder
    url, prefix = redis_url
    ports = [free_port(), free_port()]
    http_port, https_port = free_port(), free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DEBUG": "false",
        "SECRET_KEY": "nginx-layout-" + "p2Lq8ZrT5vN1xK7cW3mB9yH4jF6gD0sA2eU8iO1nV5tC7zQ3",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(tmp_path),
        "CACHE_URL": f"{url}?key_prefix={prefix}-cache",
        "LOGIN_CACHE_URL": f"{url}?key_prefix={prefix}-logins",
        "REPORT_CACHE_URL": f"{url}?key_prefix={prefix}-reports",
        "STATIC_ROOT": str(tmp_path / "static"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        # As in deploy/mittaristo.env: nginx terminates TLS and names the request.
        "SECURE_PROXY_SSL_HEADER": "true",
        "SECURE_SSL_REDIRECT": "true",
    }
    # What mittaristo-app.service does before it starts (ExecStartPre).
    subprocess.run(
        [str(BIN / "mittaristo"), "collectstatic", "--no-input", "-v0"], env=env, check=True
    )
    (folder / "site.conf").write_text(
        site_for_test(
            SITE.read_text(encoding="utf-8"),
            ports=ports,
            http_port=http_port,
            https_port=https_port,
            cert=folder / "cert.pem",
            key=folder / "key.pem",
        )
    )
    (folder / "nginx.conf").write_text(main_config(folder))
    layout = Layout(env, tmp_path, ports)
    proxy = None
    try:
        layout.wait_for("ready")
        proxy = Nginx(nginx, folder)
        proxy.wait_for(https_port)
        base = f"https://127.0.0.1:{https_port}"
        with httpx.Client(verify=False, timeout=120) as client:  # the self-signed certificate
            plain = client.get(f"http://127.0.0.1:{http_port}/")
            assert plain.status_code == 301
            assert plain.headers["Location"].startswith("https://127.0.0.1/")

            health = client.get(f"{base}/health/")
            assert health.status_code == 200, health.text
            assert health.json()["status"] == "ok"
            assert health.json()["checks"]["queue"]["status"] == "ok"

            ids = []
            for _request in range(4):
                page = client.get(f"{base}/", headers={"Accept-Language": "en"})
                assert page.status_code == 200, page.text
                assert '<html lang="en">' in page.text
                # nginx's request id (its header and the app's), which the app logs too.
                (request_id,) = set(page.headers.get_list("x-request-id"))
                ids.append(request_id)
            css = re.search(r'href="(/static/[^"]+\.css)"', page.text).group(1)
            static = client.get(f"{base}{css}")
            assert static.status_code == 200
            assert static.headers["content-type"].startswith("text/css")
            assert (
                static.content == (tmp_path / "static" / css.removeprefix("/static/")).read_bytes()
            )
    finally:
        if proxy is not None:
            proxy.stop()
        code = layout.stop()
    assert code == 0
    # nginx spread the pages over both app processes; each logged the ids of those it served.
    logs = [(tmp_path / "logs" / f"app-{n}.log").read_text() for n in (1, 2)]
    assert all(any(i in log for i in ids) for log in logs), ids
    assert all(any(i in log for log in logs) for i in ids), ids
