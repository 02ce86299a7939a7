"""Benchmark: a public survey round under load, and across server restarts, against PostgreSQL.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/mittaristo_bench \
        .venv/bin/python bench/survey_load.py [--clients 24] [--seconds 20] \
            [--workers 3] [--worker-class sync|gthread] [--threads 2] \
            [--client-processes 2] [--no-thanks] [--restart none|hup|kill|all]

Issue 17, item 8: "a public round takes at least 200 answers per second on this 2-core machine
with PostgreSQL and gunicorn, p95 under 300 ms, with no lost or duplicated answer".

One open round of a short survey (one section: three Likert, a 0–10 scale, a single choice, a
multiple choice, an open text) is served as in production: gunicorn (--workers sync worker
processes, or gthread ones of --threads threads), DEBUG off, CONN_MAX_AGE=60, on 127.0.0.1.
--clients respondents at once (threads spread over --client-processes processes, each thread
its own keep-alive connection through http.client, cookies kept by hand: they are marked
Secure) each do a respondent's whole flow, again and again, for --seconds: GET the landing
page, which for an open one-section round holds the questions (the CSRF cookie and token, the
submission key), POST the answers with "send" (acknowledged = the redirect to the thank-you
page), GET the thank-you page (unless --no-thanks). Every acknowledged submission key is then
looked up in the database: lost = acknowledged but not stored, duplicated = stored more than
once; both must be 0.

The restart scenarios repeat the run and, half-way, either send SIGHUP to gunicorn (a graceful
reload: old workers finish their requests, new ones start) or kill -9 the whole server (master
and workers) and start it again on the same port. Clients retry a request that failed on the
connection (same cookies, same submission key in the POST, so a send that was stored but not
acknowledged is answered "received" and stored once). Unacknowledged sends may be missing or
stored once; every acknowledged one must be stored.

Prints answers per second (acknowledged sends/s), p50/p95/p99 per request kind, errors, and the
CPU seconds of the server (gunicorn), PostgreSQL and the clients (which share the two cores).
The database named in BENCH_DATABASE_URL is dropped and created anew; its name must contain
"bench".
"""

import argparse
import http.client
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_observations import bench_database  # noqa: E402
from serving import wait_for_server  # noqa: E402
from web_latency import cpu_by_command, free_port  # noqa: E402

KINDS = ["landing GET", "send POST", "thanks GET"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')
ACTION = re.compile(r'<form method="post" class="survey-form" novalidate action="([^"]+)"')
FIELD = re.compile(r'type="(radio|checkbox)" name="(q\d+)" value="([^"]*)"')
TEXTAREA = re.compile(r'<textarea name="(q\d+)"')


def prepare_round() -> int:
    """One open round of a one-section survey of seven questions; its primary key."""
    from datetime import timedelta

    from django.utils import timezone

    from mittaristo.strategy.models import Organisation
    from mittaristo.surveys.models import Choice, Question, Section, Survey, SurveyRound

    organisation = Organisation.objects.get_or_create(
        code="111", defaults={"name": {"fi": "Heinola"}}
    )[0]
    survey = Survey.objects.create(
        organisation=organisation,
        code="asukaskysely",
        name={"fi": "Asukaskysely", "sv": "Invånarenkät", "en": "Residents' survey"},
        description={"fi": "Kerro mielipiteesi kaupungin palveluista."},
    )
    section = Section.objects.create(survey=survey, order=1, title={"fi": "Palvelut"})
    scale = {
        "low_label": {"fi": "täysin eri mieltä", "sv": "helt av annan åsikt"},
        "high_label": {"fi": "täysin samaa mieltä", "sv": "helt av samma åsikt"},
    }
    texts = ["Kirjaston palvelut", "Liikuntapaikat", "Kadunpito talvella"]
    for order, text in enumerate(texts, start=1):
        Question.objects.create(
            section=section,
            order=order,
            code=f"likert{order}",
            kind=Question.Kind.LIKERT,
            text={"fi": f"Olen tyytyväinen: {text}."},
            required=True,
            **scale,
        )
    Question.objects.create(
        section=section,
        order=4,
        code="suosittelu",
        kind=Question.Kind.SCALE,
        text={"fi": "Kuinka todennäköisesti suosittelisit kaupunkia asuinpaikaksi?"},
        low_label={"fi": "en lainkaan"},
        high_label={"fi": "erittäin todennäköisesti"},
    )
    area = Question.objects.create(
        section=section,
        order=5,
        code="alue",
        kind=Question.Kind.SINGLE,
        text={"fi": "Asuinalue"},
        required=True,
        is_background=True,
    )
    for order, name in enumerate(["Keskusta", "Jyränkö", "Pikkukaupunki", "Muu alue"]):
        Choice.objects.create(question=area, order=order, code=f"a{order}", label={"fi": name})
    used = Question.objects.create(
        section=section,
        order=6,
        code="palvelut",
        kind=Question.Kind.MULTIPLE,
        text={"fi": "Mitä palveluja käytät?"},
    )
    for order, name in enumerate(["Kirjasto", "Uimahalli", "Terveysasema"]):
        Choice.objects.create(question=used, order=order, code=f"p{order}", label={"fi": name})
    Question.objects.create(
        section=section,
        order=7,
        code="terveiset",
        kind=Question.Kind.TEXT,
        text={"fi": "Mitä muuta haluat sanoa?"},
        help_text={"fi": "Älä kirjoita nimiä."},
    )
    now = timezone.now()
    return SurveyRound.objects.create(
        survey=survey,
        name={"fi": "Kevät 2026"},
        period="2026 kevät",
        opens=now - timedelta(days=1),
        closes=now + timedelta(days=7),
        access=SurveyRound.Access.OPEN,
    ).pk


# ---------------------------------------------------------------------------------------------
# The server


def server_env(url: str, static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=static_root,
        SECRET_KEY=os.environ["SECRET_KEY"],
        CONN_MAX_AGE="60",
    )
    return env


def start_server(env: dict, port: int, args) -> subprocess.Popen:
    """gunicorn in a process group of its own (so that kill -9 takes the workers too)."""
    server = subprocess.Popen(
        [
            Path(sys.executable).parent / "gunicorn",
            "mittaristo.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--worker-class={args.worker_class}",
            f"--workers={args.workers}",
            *([f"--threads={args.threads}"] if args.worker_class == "gthread" else []),
            "--backlog=2048",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return wait_for_server(server, f"http://127.0.0.1:{port}/", seconds=15, interval=0.1)


def stop_server(server: subprocess.Popen) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# ---------------------------------------------------------------------------------------------
# The clients


class Respondent:
    """One respondent's requests on one keep-alive connection (http.client: a tenth of the
    CPU of a richer client, which matters when the clients share the server's two cores),
    with the cookies kept by hand and retries on connection errors (the server restarting)
    until `give_up` (perf_counter seconds)."""

    def __init__(self, base: str, round_pk: int, give_up: float, rng):
        host, port = base.removeprefix("http://").split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=60)
        self.pk, self.give_up, self.rng = round_pk, give_up, rng
        self.cookies: dict[str, str] = {}
        self.times = {k: [] for k in KINDS}
        self.errors = dict.fromkeys(KINDS, 0)
        self.retries = 0

    def request(self, kind, method, path, data=None):
        """(status, headers, body text), or None if the server did not answer in time."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        while True:
            begun = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                answer = self.connection.getresponse()
                text = answer.read().decode()
            except (OSError, http.client.HTTPException):
                self.connection.close()
                if time.perf_counter() > self.give_up:
                    return None
                self.retries += 1
                time.sleep(0.05)
                continue
            self.times[kind].append(time.perf_counter() - begun)
            for cookie in answer.headers.get_all("Set-Cookie") or []:
                name, _eq, value = cookie.split(";", 1)[0].partition("=")
                self.cookies[name.strip()] = value
            return answer.status, answer.headers, text

    def answer_once(self):
        """The whole flow; the submission key if the send was acknowledged, else None."""
        self.cookies = {}
        start = f"/kysely/{self.pk}/"
        page = self.request("landing GET", "GET", start)
        if page is None or page[0] != 200:
            self.errors["landing GET"] += page is not None
            return None
        text = page[2]
        key = KEY.search(text).group(1)
        data = {"csrfmiddlewaretoken": TOKEN.search(text).group(1), "key": key}
        data["action"] = "send"
        choices = {}
        for kind, name, value in FIELD.findall(text):
            choices.setdefault((kind, name), []).append(value)
        for (kind, name), values in choices.items():
            if kind == "checkbox":  # the multiple choice: some of them
                data[name] = [v for v in values if self.rng.random() < 0.5]
            else:
                data[name] = values[int(self.rng.integers(len(values)))]
        for name in TEXTAREA.findall(text):
            if self.rng.random() < 0.3:
                data[name] = "Kiitos, hyvä kaupunki. Talvella kadut voisi aurata aiemmin."
        sent = self.request("send POST", "POST", ACTION.search(text).group(1), data=data)
        if sent is None:
            return None
        if sent[0] != 302 or not (sent[1].get("Location") or "").endswith("/kiitos/"):
            self.errors["send POST"] += 1
            return None
        return key

    def thanks(self):
        page = self.request("thanks GET", "GET", f"/kysely/{self.pk}/kiitos/")
        if page is not None and page[0] != 200:
            self.errors["thanks GET"] += 1


def client_process(base, round_pk, threads, seconds, thanks, seed, gate, results):
    """`threads` respondents answering for `seconds` after `gate`; what they saw to `results`."""
    acknowledged, respondents = [], []
    lock = threading.Lock()

    def loop(n):
        rng = np.random.default_rng(seed * 1000 + n)
        end = time.perf_counter() + seconds
        respondent = Respondent(base, round_pk, end + 30, rng)
        with lock:
            respondents.append(respondent)
        while time.perf_counter() < end:
            key = respondent.answer_once()
            if key:
                with lock:
                    acknowledged.append(key)
                if thanks:
                    respondent.thanks()
        respondent.connection.close()

    workers = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    gate.wait()
    cpu = time.process_time()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    results.put(
        {
            "acknowledged": acknowledged,
            "times": {k: sum((r.times[k] for r in respondents), []) for k in KINDS},
            "errors": {k: sum(r.errors[k] for r in respondents) for k in KINDS},
            "retries": sum(r.retries for r in respondents),
            "cpu": time.process_time() - cpu,
        }
    )


def cpu_of_group(group: int) -> float:
    """CPU seconds (user + system) of the live processes of one process group (the server:
    gunicorn's master and workers, whatever else runs on the machine)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[2]) == group:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run(base, round_pk, args, seconds, disturb=None, server_group=None):
    """The clients for `seconds`; `disturb()` is called half-way. Merged results."""
    context = multiprocessing.get_context("spawn")
    gate = context.Barrier(args.client_processes + 1)
    results = context.Queue()
    share = [args.clients // args.client_processes] * args.client_processes
    for i in range(args.clients % args.client_processes):
        share[i] += 1
    processes = [
        context.Process(
            target=client_process,
            args=(base, round_pk, n, seconds, not args.no_thanks, seed, gate, results),
        )
        for seed, n in enumerate(share)
    ]
    for p in processes:
        p.start()
    gate.wait()
    began, cpu_began = time.perf_counter(), cpu_by_command()
    server_began = cpu_of_group(server_group) if server_group else 0.0
    if disturb:
        time.sleep(seconds / 2)
        disturb()
    merged = [results.get() for _ in processes]
    elapsed = time.perf_counter() - began
    cpu = cpu_by_command()
    server_cpu = cpu_of_group(server_group) - server_began if server_group else 0.0
    for p in processes:
        p.join()
    spent = {k: v - cpu_began.get(k, 0) for k, v in cpu.items()}
    spent["gunicorn"] = server_cpu
    return {
        "acknowledged": sum((m["acknowledged"] for m in merged), []),
        "times": {k: sum((m["times"][k] for m in merged), []) for k in KINDS},
        "errors": {k: sum(m["errors"][k] for m in merged) for k in KINDS},
        "retries": sum(m["retries"] for m in merged),
        "client_cpu": sum(m["cpu"] for m in merged),
        "elapsed": elapsed,
        "spent": spent,
    }


# ---------------------------------------------------------------------------------------------
# Checking and reporting


def check(round_pk: int, acknowledged: list[str], before: set[str]) -> dict:
    """The acknowledged keys against the stored responses of the round (`before`: the keys
    stored by earlier runs, left out of the counts of this one)."""
    from django.db import connection
    from django.db.models import Count

    from mittaristo.surveys.models import Answer, Response

    connection.close()  # a fresh connection: the server's commits are all visible
    stored = list(
        Response.objects.filter(round_id=round_pk).values_list("submission_key", flat=True)
    )
    keys = set(stored)
    sent = set(acknowledged)
    duplicated_keys = (
        Response.objects.filter(round_id=round_pk)
        .values("submission_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    return {
        "acknowledged": len(acknowledged),
        "acknowledged twice": len(acknowledged) - len(sent),
        "stored": len(stored) - len(before),
        "lost": len(sent - keys),
        "duplicated": len(stored) - len(keys) + duplicated_keys,
        "stored, not acknowledged": len(keys - sent - before),
        "answer rows (all runs)": Answer.objects.filter(response__round_id=round_pk).count(),
        "empty responses": Response.objects.filter(round_id=round_pk, answers__isnull=True).count(),
    }


def report(title, result, counts, check_cpu=True):
    elapsed = result["elapsed"]
    print(f"\n{title}")
    print(f"{'request':<14} {'count':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6} {'errors':>6}")
    for kind in KINDS:
        ms = np.array(result["times"][kind]) * 1000
        if not len(ms):
            continue
        p50, p95, p99 = np.percentile(ms, [50, 95, 99])
        print(
            f"{kind:<14} {len(ms):>7} {p50:>6.0f} {p95:>6.0f} {p99:>6.0f} {ms.max():>6.0f}"
            f" {result['errors'][kind]:>6}"
        )
    total = sum(len(v) for v in result["times"].values())
    print(
        f"answers acknowledged: {counts['acknowledged']} in {elapsed:.1f} s ="
        f" {counts['acknowledged'] / elapsed:.1f} answers/s ({total / elapsed:.0f} requests/s,"
        f" {result['retries']} retries after connection errors)"
    )
    print("database: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if check_cpu:
        spent = result["spent"]
        server, database = spent.get("gunicorn", 0), spent.get("postgres", 0)
        clients = result["client_cpu"]
        cores = os.cpu_count() * elapsed
        print(
            f"CPU seconds: server (gunicorn) {server:.1f}, PostgreSQL {database:.1f}, clients"
            f" {clients:.1f} of {cores:.0f} ({os.cpu_count()} cores × {elapsed:.0f} s); per"
            f" answer: server {server / max(1, counts['acknowledged']) * 1000:.1f} ms,"
            f" PostgreSQL {database / max(1, counts['acknowledged']) * 1000:.1f} ms,"
            f" clients {clients / max(1, counts['acknowledged']) * 1000:.1f} ms"
        )
    ok = counts["lost"] == 0 and counts["duplicated"] == 0 and counts["empty responses"] == 0
    print("no acknowledged answer lost, none duplicated" if ok else "ANSWERS LOST OR DUPLICATED")
    return ok


def queries_per_request(round_pk: int) -> None:
    """SQL queries of each request of the flow, in this process (Django's test client)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    steps = []

    def counted(kind, call):
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            answer = call()
        steps.append(f"{kind} {len(queries)}")
        return answer

    start = f"/kysely/{round_pk}/"
    page = counted("landing GET", lambda: client.get(start)).content.decode()
    data = {"key": KEY.search(page).group(1), "action": "send"}
    for _kind, name, value in FIELD.findall(page):
        data.setdefault(name, value)
    counted("send POST", lambda: client.post(ACTION.search(page).group(1), data))
    counted("thanks GET", lambda: client.get(f"{start}kiitos/"))
    print("SQL queries per request: " + ", ".join(steps))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads in each gthread worker")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--no-thanks", action="store_true", help="do not GET the thank-you page")
    parser.add_argument("--restart", default="all", choices=["none", "hup", "kill", "all"])
    args = parser.parse_args()
    url = bench_database()
    round_pk = prepare_round()
    queries_per_request(round_pk)
    print(f"load average before: {os.getloadavg()}")
    ok = True
    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(url, static_root)
        subprocess.run(
            [Path(sys.executable).parent / "mittaristo", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
            timeout=120,
        )
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(env, port, args)
        try:
            warm = argparse.Namespace(**{**vars(args), "clients": 4, "client_processes": 1})
            run(base, round_pk, warm, 2)
            before = set(check_keys(round_pk))  # the warm-up's
            result = run(base, round_pk, args, args.seconds, server_group=server.pid)
            load = os.getloadavg()
            desc = (
                f"{args.clients} clients in {args.client_processes} processes for"
                f" {args.seconds:.0f} s, gunicorn {args.workers} {args.worker_class} workers"
                + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
            )
            ok &= report(
                f"Steady: {desc}, load average after {load[0]:.2f}",
                result,
                check(round_pk, result["acknowledged"], before),
            )
            scenarios = ["hup", "kill"] if args.restart == "all" else [args.restart]
            for scenario in [s for s in scenarios if s != "none"]:
                before = set(check_keys(round_pk))
                holder = {"server": server}

                def disturb(scenario=scenario, holder=holder):
                    if scenario == "hup":
                        os.kill(holder["server"].pid, signal.SIGHUP)
                    else:
                        os.killpg(holder["server"].pid, signal.SIGKILL)
                        holder["server"].wait()
                        holder["server"] = start_server(env, port, args)

                result = run(base, round_pk, args, args.seconds, disturb)
                server = holder["server"]
                counts = check(round_pk, result["acknowledged"], before)
                name = {"hup": "graceful reload (SIGHUP)", "kill": "kill -9 and start again"}
                ok &= report(
                    f"Restart half-way: {name[scenario]}, {desc},"
                    f" load average after {os.getloadavg()[0]:.2f}",
                    result,
                    counts,
                    check_cpu=False,
                )
        finally:
            stop_server(server)
    print(f"load average at the end: {os.getloadavg()}")
    sys.exit(0 if ok else 1)


def check_keys(round_pk: int) -> list[str]:
    from django.db import connection

    from mittaristo.surveys.models import Response

    connection.close()
    return list(Response.objects.filter(round_id=round_pk).values_list("submission_key", flat=True))


if __name__ == "__main__":
    main()
