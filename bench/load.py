"""A small asynchronous HTTP load client (aiohttp), bounded in requests and in time, for
servers on the loopback interface only.

    results = asyncio.run(sequential(urls, repeats=3))           # latency, one request at a time
    results = asyncio.run(closed_loop(make_request, concurrency=8, seconds=20, max_requests=20000))

Latency is measured from sending the request to reading the whole body.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK and not host.startswith("127."):
        raise SystemExit(f"refusing to load {url}: benchmarks only target the loopback interface")


@dataclass
class Request:
    method: str
    url: str
    data: dict | None = None
    headers: dict = field(default_factory=dict)
    tag: str = ""  # carried to the result, e.g. the e-mail address of a signature


@dataclass
class Outcome:
    tag: str
    status: int
    ms: float
    error: str = ""
    location: str = ""


@dataclass
class Run:
    outcomes: list[Outcome]
    seconds: float
    client_cpu_seconds: float

    @property
    def latencies(self) -> list[float]:
        return [o.ms for o in self.outcomes if not o.error]

    def statuses(self) -> dict:
        return dict(Counter(str(o.status) if not o.error else o.error for o in self.outcomes))

    @property
    def rate(self) -> float:
        return len(self.outcomes) / self.seconds if self.seconds else 0.0


def _session(limit: int, timeout_s: float = 120) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=limit, force_close=False, ttl_dns_cache=300)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    return aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar())


async def _one(session, request: Request) -> Outcome:
    started = time.perf_counter()
    try:
        async with session.request(
            request.method, request.url, data=request.data, headers=request.headers, allow_redirects=False
        ) as response:
            await response.read()
            return Outcome(
                request.tag,
                response.status,
                (time.perf_counter() - started) * 1000,
                location=response.headers.get("Location", ""),
            )
    except (TimeoutError, aiohttp.ClientError) as exc:
        return Outcome(request.tag, 0, (time.perf_counter() - started) * 1000, error=type(exc).__name__)


async def sequential(requests: list[Request], warmup: int = 2, timeout: float = 120) -> Run:
    """Each request in turn, one at a time: latency without queueing."""
    for request in requests:
        check_loopback(request.url)
    async with _session(1, timeout) as session:
        for request in requests[:warmup]:
            await _one(session, request)
        cpu = time.process_time()
        started = time.perf_counter()
        outcomes = [await _one(session, request) for request in requests]
        return Run(outcomes, time.perf_counter() - started, time.process_time() - cpu)


async def closed_loop(
    make_request: Callable[[int], Request],
    concurrency: int,
    seconds: float,
    max_requests: int,
    warmup_seconds: float = 2.0,
) -> Run:
    """`concurrency` clients, each sending its next request as soon as the last is answered,
    for `seconds` (after `warmup_seconds` not counted) or until `max_requests` are sent."""
    check_loopback(make_request(0).url)
    counter = 0
    outcomes: list[Outcome] = []
    async with _session(concurrency) as session:
        deadline = time.perf_counter() + warmup_seconds

        async def warm():
            nonlocal counter
            while time.perf_counter() < deadline:
                counter += 1
                await _one(session, make_request(-counter))

        if warmup_seconds:
            await asyncio.gather(*(warm() for _ in range(concurrency)))
        sent = 0
        cpu = time.process_time()
        started = time.perf_counter()
        deadline = started + seconds

        async def client():
            nonlocal sent
            while sent < max_requests and time.perf_counter() < deadline:
                sent += 1
                outcomes.append(await _one(session, make_request(sent)))

        await asyncio.gather(*(client() for _ in range(concurrency)))
        return Run(outcomes, time.perf_counter() - started, time.process_time() - cpu)


def get(url: str, tag: str = "") -> Request:
    return Request("GET", url, tag=tag)
