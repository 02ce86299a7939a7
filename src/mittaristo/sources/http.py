"""HTTP around the sources: a throttle with an injectable clock, back-off on 429, and
recording and replaying responses (so that tests and demos never touch the network)."""

import contextlib
import hashlib
import json
import time
from collections import deque
from pathlib import Path

import httpx

USER_AGENT = "Mittaristo (https://github.com/mittaristo; strategy monitoring for municipalities)"
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class SourceError(Exception):
    """A fetch failed: what failed and where, in words a statistician can act on."""


class Throttle:
    """At most `calls` requests in any `window` seconds (PxWeb allows 30 per 10 s)."""

    def __init__(self, calls=30, window=10.0, clock=time.monotonic, sleep=time.sleep):
        self.calls, self.window, self.clock, self.sleep = calls, window, clock, sleep
        self.sent = deque()

    def wait(self):
        now = self.clock()
        while self.sent and now - self.sent[0] >= self.window:
            self.sent.popleft()
        if len(self.sent) >= self.calls:
            self.sleep(self.window - (now - self.sent[0]))
            now = self.clock()
            self.sent.popleft()
        self.sent.append(now)


class Client:
    """One source's HTTP: throttled, retried on 429 and 503, errors turned into SourceError."""

    def __init__(self, *, transport=None, throttle=None, retries=4, sleep=time.sleep):
        self.http = httpx.Client(
            transport=transport, timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}
        )
        self.throttle = throttle or Throttle(calls=10**9, window=1.0)
        self.retries, self.sleep = retries, sleep

    def request(self, method, url, *, body=None, params=None):
        for attempt in range(self.retries + 1):
            self.throttle.wait()
            try:
                response = self.http.request(method, url, json=body, params=params)
            except httpx.TimeoutException as error:
                raise SourceError(f"{method} {url}: no answer in time ({error})") from error
            except httpx.HTTPError as error:
                raise SourceError(f"{method} {url}: {error}") from error
            if response.status_code in (429, 503) and attempt < self.retries:
                self.sleep(_retry_after(response, attempt))
                continue
            if response.status_code >= 400:
                raise SourceError(
                    f"{method} {url}: HTTP {response.status_code} {response.text[:200]!r}"
                )
            return response
        raise AssertionError("unreachable")

    def json(self, method, url, *, body=None, params=None):
        response = self.request(method, url, body=body, params=params)
        try:
            return json.loads(response.content.decode("utf-8-sig"))
        except ValueError as error:
            raise SourceError(f"{method} {url}: the answer is not JSON ({error})") from error

    def text(self, url, *, params=None) -> str:
        return self.request("GET", url, params=params).content.decode("utf-8-sig")


def _retry_after(response, attempt) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "")))
    except ValueError:
        return float(2**attempt)  # 1, 2, 4, 8 s


def request_key(method: str, url: str, body: bytes) -> str:
    """The name a response is recorded under: same request, same file."""
    canonical = body
    if body:
        with contextlib.suppress(ValueError):
            canonical = json.dumps(json.loads(body), sort_keys=True).encode()
    digest = hashlib.sha256(method.encode() + b" " + url.encode() + b"\n" + canonical)
    return digest.hexdigest()[:24]


def loose_key(method: str, url: str) -> str:
    """A recorded answer that serves any `years=` and any body: a Sotkanet answer holding all
    its years, a PxWeb answer holding all areas (the caller keeps what it asked for)."""
    parsed = httpx.URL(url)
    params = [(k, v) for k, v in parsed.params.multi_items() if k != "years"]
    return "any-years-" + request_key(method, str(parsed.copy_with(params=params)), b"")


class ReplayTransport(httpx.BaseTransport):
    """Answers from the responses recorded in a folder; a request not recorded is an error."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def handle_request(self, request):
        key = request_key(request.method, str(request.url), request.read())
        path = self.folder / f"{key}.json"
        if not path.exists():
            path = self.folder / f"{loose_key(request.method, str(request.url))}.json"
        if not path.exists():
            raise httpx.ConnectError(
                f"no recorded response for {request.method} {request.url} in {self.folder}",
                request=request,
            )
        saved = json.loads(path.read_text(encoding="utf-8"))
        return httpx.Response(saved["status"], content=saved["content"].encode("utf-8"))


class RecordingTransport(httpx.BaseTransport):
    """Passes requests on and saves every answer in a folder, for --replay later."""

    def __init__(self, folder: Path, inner=None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request):
        response = self.inner.handle_request(request)
        response.read()
        record(self.folder, request.method, str(request.url), request.read(), response)
        return response


def record(folder, method, url, body: bytes, response) -> Path:
    path = Path(folder) / f"{request_key(method, url, body)}.json"
    saved = {
        "method": method,
        "url": url,
        "body": body.decode("utf-8") if body else None,
        "status": response.status_code,
        "content": response.content.decode("utf-8"),
    }
    path.write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
