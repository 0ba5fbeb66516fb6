"""Tests for knowledge.fetch: the SSRF guard, and fetching from a local aiohttp server.

Offline by construction: every connection goes through a guard that lets only
loopback addresses through, and host names are resolved by stub resolvers.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from knowledge.fetch import (
    ALLOWED_TYPES,
    FetchError,
    FetchPolicy,
    Page,
    check_address,
    check_url,
    fetch,
    fetch_sync,
)

ARTICLE = Path(__file__).parent / "fixtures" / "html" / "tmz-lupita-dress.html"
LOCAL = FetchPolicy(allow_loopback=True, total_timeout=5.0)


class Blocked(Exception):
    """A connection to a non-loopback address was attempted (and stopped)."""

    def __init__(self, url: str, addresses: list[str]) -> None:
        super().__init__(url, addresses)
        self.url = url
        self.addresses = addresses


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Record every connection aiohttp makes; only loopback ones are really made."""
    made: list[tuple[str, list[str]]] = []
    original = aiohttp.TCPConnector._create_connection

    async def guarded(self, req, traces, timeout):
        # The connector's own resolution: the addresses it would connect to.
        infos = await self._resolve_host(req.url.raw_host, req.port)
        addresses = [info["host"] for info in infos]
        made.append((str(req.url), addresses))
        if not all(ipaddress.ip_address(a).is_loopback for a in addresses):
            raise Blocked(str(req.url), addresses)
        return await original(self, req, traces, timeout)

    monkeypatch.setattr(aiohttp.TCPConnector, "_create_connection", guarded)
    return made


def stub_resolver(table: dict[str, list[str]], calls: list[str] | None = None):
    """An async resolver answering from `table`; unknown hosts fail like a DNS miss."""

    async def resolve(host: str) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]

    return resolve


# --- the SSRF guard ----------------------------------------------------------

DNS = {
    "localhost": ["127.0.0.1"],
    "example.com": ["93.184.216.34"],
    "films.example": ["93.184.216.34", "2606:4700::1"],
    "mixed.example": ["93.184.216.34", "10.0.0.7"],
    "metadata.example": ["169.254.169.254"],
    "cloudhost.example": ["168.63.129.16"],
    "mapped.example": ["::ffff:192.168.0.1"],
    "six.example": ["::1"],
}

REFUSED = [
    ("http://127.0.0.1/", "that address is loopback (127.0.0.1)"),
    ("http://localhost/", "that address is loopback (127.0.0.1)"),
    ("http://10.1.2.3/", "that address is private (10.1.2.3)"),
    ("http://172.16.0.1/", "that address is private (172.16.0.1)"),
    ("http://192.168.1.1/", "that address is private (192.168.1.1)"),
    ("http://169.254.169.254/latest/meta-data/", "that address is link-local (169.254.169.254)"),
    ("http://100.64.0.1/", "that address is shared (carrier-grade NAT) (100.64.0.1)"),
    ("http://0.0.0.0/", "that address is unspecified (0.0.0.0)"),
    ("http://[::1]/", "that address is loopback (::1)"),
    ("http://[::]/", "that address is unspecified (::)"),
    ("http://[::ffff:127.0.0.1]/", "that address is loopback"),
    ("http://[::ffff:10.0.0.1]/", "that address is private"),
    ("http://[fe80::1]/", "that address is link-local (fe80::1)"),
    ("http://[fc00::1]/", "that address is private (fc00::1)"),
    ("http://[ff02::1]/", "that address is multicast (ff02::1)"),
    ("http://[2002:c0a8:101::]/", "that address is private (2002:c0a8:101::)"),  # 6to4 of 192.168.1.1
    ("http://[64:ff9b::a9fe:a9fe]/", "that address is link-local"),  # NAT64 of 169.254.169.254
    ("http://168.63.129.16/machine?comp=goalstate", "that address is a cloud host service (168.63.129.16)"),
    ("http://[::ffff:168.63.129.16]/", "that address is a cloud host service"),
    ("http://[2002:a83f:8110::]/", "that address is a cloud host service"),  # 6to4 of 168.63.129.16
    ("http://192.88.99.1/", "that address is a 6to4 relay (192.88.99.1)"),
    ("http://192.88.99.254/", "that address is a 6to4 relay (192.88.99.254)"),
    ("http://cloudhost.example/", "that address is a cloud host service (168.63.129.16)"),
    ("http://224.0.0.1/", "that address is multicast (224.0.0.1)"),
    ("http://255.255.255.255/", "that address is broadcast (255.255.255.255)"),
    ("http://2130706433/", "that address is loopback (127.0.0.1)"),
    ("http://0x7f.1/", "that address is loopback (127.0.0.1)"),
    ("http://0177.0.0.1/", "that address is loopback (127.0.0.1)"),
    ("http://127.1/", "that address is loopback (127.0.0.1)"),
    ("http://127.0.0.1./", "that address is loopback (127.0.0.1)"),
    ("http://0xA9FEA9FE/", "that address is link-local (169.254.169.254)"),
    ("http://012.0x1.2/", "that address is private (10.1.0.2)"),
    ("http://1.2.3.08/", "that address is not valid (1.2.3.08)"),
    ("http://256.1.1.1/", "that address is not valid (256.1.1.1)"),
    ("file:///etc/passwd", "only http and https links can be fetched, not file:"),
    ("ftp://example.com/", "only http and https links can be fetched, not ftp:"),
    ("gopher://x/", "only http and https links can be fetched, not gopher:"),
    ("data:text/html,<p>hi</p>", "only http and https links can be fetched, not data:"),
    ("javascript:alert(1)", "only http and https links can be fetched, not javascript:"),
    ("//example.com/", "only http and https links can be fetched"),
    ("http://user:pw@example.com/", "links with a user name or password are not allowed"),
    ("http://user@example.com/", "links with a user name or password are not allowed"),
    ("http://example.com\\@127.0.0.1/", "links with a user name or password are not allowed"),
    ("http:///nohost", "that link has no host name"),
    ("http://example.com:99999/", "that is not a valid web address"),
    ("http://mixed.example/", "that address is private (10.0.0.7)"),
    ("http://metadata.example/", "that address is link-local (169.254.169.254)"),
    ("http://mapped.example/", "that address is private"),
    ("http://six.example/", "that address is loopback (::1)"),
    ("http://example.invalid/", "could not find the host example.invalid"),
]

ALLOWED = [
    # url, the addresses the connector is handed
    ("http://93.184.216.34/", ["93.184.216.34"]),
    ("https://example.com/news?id=1", ["93.184.216.34"]),
    ("http://films.example/", ["93.184.216.34", "2606:4700::1"]),
    ("http://[2606:4700::1]/", ["2606:4700::1"]),
    ("http://[64:ff9b::5db8:d822]/", ["64:ff9b::5db8:d822"]),  # NAT64 of 93.184.216.34
    ("http://1572395042/", ["93.184.216.34"]),  # decimal form of 93.184.216.34
]


@pytest.mark.parametrize("url, message", REFUSED)
async def test_refused_urls_never_connect(url, message, connections):
    with pytest.raises(FetchError) as info:
        await fetch(url, resolver=stub_resolver(DNS))
    assert str(info.value).startswith(message)
    assert connections == []


@pytest.mark.parametrize("url, addresses", ALLOWED)
async def test_allowed_urls_connect_to_the_checked_addresses(url, addresses, connections):
    with pytest.raises(Blocked) as info:  # the guard stops it: nothing leaves the machine
        await fetch(url, resolver=stub_resolver(DNS))
    assert info.value.addresses == addresses
    assert connections == [(info.value.url, addresses)]


def test_numeric_host_is_requested_in_canonical_form():
    with pytest.raises(Blocked) as info:
        fetch_sync("http://1572395042/news", resolver=stub_resolver({}))
    assert info.value.url == "http://93.184.216.34/news"


@pytest.mark.parametrize("ip", ["93.184.216.34", "8.8.8.8", "2606:4700::1", "::ffff:8.8.8.8", "2002:808:808::"])
def test_public_addresses_pass(ip):
    check_address(ipaddress.ip_address(ip))


@pytest.mark.parametrize("ip", ["127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1"])
def test_allow_loopback_permits_loopback(ip):
    check_address(ipaddress.ip_address(ip), allow_loopback=True)
    with pytest.raises(FetchError, match="loopback"):
        check_address(ipaddress.ip_address(ip))


@pytest.mark.parametrize(
    "ip", ["10.0.0.1", "192.168.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "fe80::1", "fc00::1", "::ffff:10.0.0.1"]
)
def test_allow_loopback_permits_nothing_else(ip):
    with pytest.raises(FetchError, match="that address is"):
        check_address(ipaddress.ip_address(ip), allow_loopback=True)


def test_check_url_returns_the_split_url():
    parts = check_url("HTTPS://Example.com:8443/a?b=1")
    assert (parts.scheme, parts.hostname, parts.port, parts.path) == ("https", "example.com", 8443, "/a")
    assert check_url("http://127.0.0.1:8080/", allow_loopback=True).port == 8080


# --- fetching from a local server -----------------------------------------------


@pytest.fixture
async def server():
    """A local server for the fetch tests; `server.seen` lists the requests it got."""
    seen: list[web.Request] = []
    release = asyncio.Event()  # lets the slow handler finish when the test ends

    @web.middleware
    async def record(request, handler):
        seen.append(request)
        return await handler(request)

    async def article(request):
        return web.Response(body=ARTICLE.read_bytes(), content_type="text/html", charset="utf-8")

    async def redirect(request):
        n = int(request.match_info["n"])
        raise web.HTTPFound(f"/redirect/{n - 1}" if n > 1 else "/article")

    async def loop(request):
        raise web.HTTPFound("/loop")

    async def to_private(request):
        raise web.HTTPFound("http://10.0.0.1/admin")

    async def to_name(request):
        raise web.HTTPFound("http://internal.example/admin")

    async def slow(request):
        await asyncio.wait_for(release.wait(), 10)
        return web.Response(text="late")

    async def huge(request):
        return web.Response(body=b"x" * 50_000, content_type="text/html")

    async def huge_stream(request):
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        try:
            for _ in range(50):
                await resp.write(b"x" * 1000)
        except ConnectionResetError:
            pass
        return resp

    async def declared_huge(request):
        # Announces 50 kB, sends 1 kB, then stalls: only an up-front check fails fast.
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        resp.content_length = 50_000
        await resp.prepare(request)
        await resp.write(b"x" * 1000)
        await asyncio.wait_for(release.wait(), 10)
        return resp

    async def six_megabytes(request):
        return web.Response(body=bytes(6 * 1024 * 1024), content_type="text/plain")

    async def image(request):
        return web.Response(body=b"\x89PNG\r\n\x1a\n", content_type="image/png")

    async def broken(request):
        raise web.HTTPInternalServerError()

    async def feed(request):
        return web.Response(text="<rss/>", content_type="application/rss+xml", charset="utf-8")

    async def latin1(request):
        return web.Response(body="café".encode("latin-1"), content_type="text/plain", charset="iso-8859-1")

    async def tagged(request):
        headers = {"ETag": '"v1"', "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"}
        if request.headers.get("If-None-Match") == '"v1"' or request.headers.get(
            "If-Modified-Since"
        ) == headers["Last-Modified"]:
            return web.Response(status=304, headers=headers)
        return web.Response(text="<p>news</p>", content_type="text/html", headers=headers)

    app = web.Application(middlewares=[record])
    app.router.add_get("/article", article)
    app.router.add_get("/redirect/{n}", redirect)
    app.router.add_get("/loop", loop)
    app.router.add_get("/to-private", to_private)
    app.router.add_get("/to-name", to_name)
    app.router.add_get("/slow", slow)
    app.router.add_get("/huge", huge)
    app.router.add_get("/huge-stream", huge_stream)
    app.router.add_get("/declared-huge", declared_huge)
    app.router.add_get("/six-megabytes", six_megabytes)
    app.router.add_get("/image", image)
    app.router.add_get("/broken", broken)
    app.router.add_get("/feed", feed)
    app.router.add_get("/latin1", latin1)
    app.router.add_get("/tagged", tagged)

    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    test_server.seen = seen
    test_server.base = f"http://127.0.0.1:{test_server.port}"
    yield test_server
    release.set()
    await test_server.close()


async def test_article_page(server):
    page = await fetch(f"{server.base}/article", LOCAL)
    assert page.status == 200
    assert page.url == f"{server.base}/article"
    assert (page.content_type, page.charset) == ("text/html", "utf-8")
    assert page.body == ARTICLE.read_bytes()
    assert "Lupita Nyong'o's $150K Pearl Oscar Dress" in page.text()
    assert server.seen[0].headers["User-Agent"] == LOCAL.user_agent


async def test_local_server_is_refused_without_allow_loopback(server):
    with pytest.raises(FetchError, match=r"^that address is loopback \(127\.0\.0\.1\)$"):
        await fetch(f"{server.base}/article", FetchPolicy())
    assert server.seen == []


async def test_host_name_is_resolved_once_and_connected_to_as_checked(server, monkeypatch):
    async def no_dns(*args, **kwargs):
        raise AssertionError("a second DNS lookup was made")

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", no_dns)
    calls: list[str] = []
    resolver = stub_resolver({"films.example": ["127.0.0.1"]}, calls)
    page = await fetch(f"http://films.example:{server.port}/article", LOCAL, resolver=resolver)
    assert page.status == 200
    assert calls == ["films.example"]
    assert server.seen[0].headers["Host"] == f"films.example:{server.port}"


async def test_redirect_chain(server):
    page = await fetch(f"{server.base}/redirect/3", LOCAL)
    assert page.url == f"{server.base}/article"
    assert page.body == ARTICLE.read_bytes()
    assert [r.path for r in server.seen] == ["/redirect/3", "/redirect/2", "/redirect/1", "/article"]


async def test_redirect_limit(server):
    policy = FetchPolicy(allow_loopback=True, max_redirects=3)
    assert (await fetch(f"{server.base}/redirect/3", policy)).status == 200
    with pytest.raises(FetchError, match="^the site redirected more than 3 times$"):
        await fetch(f"{server.base}/redirect/4", policy)


async def test_redirect_loop(server):
    with pytest.raises(FetchError, match="^the site redirected more than 5 times$"):
        await fetch(f"{server.base}/loop", LOCAL)
    assert len(server.seen) == 6


async def test_redirect_to_private_address_is_refused(server, connections):
    with pytest.raises(FetchError, match=r"^that address is private \(10\.0\.0\.1\)$"):
        await fetch(f"{server.base}/to-private", LOCAL)
    assert [url for url, _ in connections] == [f"{server.base}/to-private"]


async def test_redirect_to_name_of_private_address_is_refused(server, connections):
    calls: list[str] = []
    resolver = stub_resolver({"internal.example": ["10.9.8.7"]}, calls)
    with pytest.raises(FetchError, match=r"^that address is private \(10\.9\.8\.7\)$"):
        await fetch(f"{server.base}/to-name", LOCAL, resolver=resolver)
    assert calls == ["internal.example"]
    assert len(connections) == 1


async def test_slow_site_times_out(server):
    start = time.monotonic()
    with pytest.raises(FetchError, match=r"^the site did not answer within 0\.5 s$"):
        await fetch(f"{server.base}/slow", FetchPolicy(allow_loopback=True, total_timeout=0.5))
    assert time.monotonic() - start < 2


@pytest.mark.parametrize("path", ["/huge", "/huge-stream"])
async def test_huge_body_is_refused(server, path):
    with pytest.raises(FetchError, match=r"^the page is larger than 9\.77 kB$"):
        await fetch(f"{server.base}{path}", FetchPolicy(allow_loopback=True, max_bytes=10_000))
    page = await fetch(f"{server.base}{path}", FetchPolicy(allow_loopback=True, max_bytes=50_000))
    assert len(page.body) == 50_000


async def test_content_length_is_checked_before_reading(server):
    policy = FetchPolicy(allow_loopback=True, max_bytes=10_000, total_timeout=2.0)
    with pytest.raises(FetchError, match=r"^the page is larger than 9\.77 kB$"):
        await fetch(f"{server.base}/declared-huge", policy)


async def test_default_size_limit_is_five_megabytes(server):
    with pytest.raises(FetchError, match="^the page is larger than 5 MB$"):
        await fetch(f"{server.base}/six-megabytes", LOCAL)


async def test_wrong_content_type(server):
    with pytest.raises(FetchError, match="^the page is image/png, not a web page or feed$"):
        await fetch(f"{server.base}/image", LOCAL)


async def test_feed_type_is_allowed_and_parameters_dropped(server):
    page = await fetch(f"{server.base}/feed", LOCAL)
    assert page.content_type == "application/rss+xml" and page.content_type in ALLOWED_TYPES
    assert page.text() == "<rss/>"


async def test_charset_is_used_for_text(server):
    page = await fetch(f"{server.base}/latin1", LOCAL)
    assert page.charset == "iso-8859-1"
    assert page.text() == "café"


@pytest.mark.parametrize("path, message", [("/missing", "404 Not Found"), ("/broken", "500 Internal Server Error")])
async def test_http_errors(server, path, message):
    with pytest.raises(FetchError, match=f"^the site answered {message}$"):
        await fetch(f"{server.base}{path}", LOCAL)


async def test_conditional_requests(server):
    first = await fetch(f"{server.base}/tagged", LOCAL)
    assert (first.status, first.etag, first.body) == (200, '"v1"', b"<p>news</p>")

    again = await fetch(f"{server.base}/tagged", LOCAL, etag=first.etag)
    assert (again.status, again.body, again.etag) == (304, b"", '"v1"')
    assert server.seen[-1].headers["If-None-Match"] == '"v1"'

    dated = await fetch(f"{server.base}/tagged", LOCAL, last_modified=first.last_modified)
    assert dated.status == 304
    assert server.seen[-1].headers["If-Modified-Since"] == first.last_modified

    changed = await fetch(f"{server.base}/tagged", LOCAL, etag='"v0"')
    assert changed.status == 200 and changed.body == b"<p>news</p>"


async def test_connection_refused():
    with socket.socket() as sock:  # find a free port, then close it
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match=r"^could not connect to 127\.0\.0\.1$"):
        await fetch(f"http://127.0.0.1:{port}/", LOCAL)


def test_page_text_falls_back_to_utf8():
    page = Page("http://x/", 200, "text/plain", "no-such-charset", "é\xff".encode() + b"\xff", None, None)
    assert page.text() == "é\xff\ufffd"
