"""Safe fetching of web pages for the bot: http(s) only, no private or loopback
addresses (each host is resolved once, every resolved address is checked, and the
connection goes to exactly those addresses), manual redirects that are checked hop
by hop, timeouts, a size limit, a short list of text content types, and conditional
requests. Every failure is a FetchError with a short message fit to show a user.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from http import HTTPStatus

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from .errors import FilmbotError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Awaitable[list[str]]]

ALLOWED_TYPES: frozenset[str] = frozenset({
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "text/markdown",
})

_SCHEMES = ("http", "https")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,text/*;q=0.8"
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
_SERVICES = (  # public-looking addresses that reach the host or the provider, not the web
    (ipaddress.IPv4Network("168.63.129.16/32"), "a cloud host service"),  # Azure's wire server and DNS
    (ipaddress.IPv4Network("192.88.99.0/24"), "a 6to4 relay"),  # anycast relays (RFC 7526)
)
_LOOKS_NUMERIC = re.compile(r"[0-9]+|0[xX][0-9a-fA-F]*")
_IPV4_PART = re.compile(r"0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one fetch; allow_loopback is for tests and local use only."""

    connect_timeout: float = 5.0
    total_timeout: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_loopback: bool = False
    user_agent: str = "filmbot/0.1 (+https://github.com/filmbot/filmbot; film-news Discord bot)"


@dataclass(frozen=True)
class Page:
    """A fetched page; a 304 answer has status 304, an empty body and no content type."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None

    def text(self) -> str:
        """The body decoded with the page's charset (utf-8 if missing or unknown)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class FetchError(FilmbotError):
    """A fetch was refused or failed; the message is short and user-facing."""


def check_url(url: str, allow_loopback: bool = False) -> urllib.parse.SplitResult:
    """Check a URL's syntax (http/https, a host, no credentials) and any literal address in it."""
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise FetchError("that is not a valid web address") from None
    if parts.scheme not in _SCHEMES:
        refused = f", not {parts.scheme}:" if parts.scheme else ""
        raise FetchError(f"only http and https links can be fetched{refused}")
    if parts.username is not None or parts.password is not None:
        raise FetchError("links with a user name or password are not allowed")
    if not parts.hostname:
        raise FetchError("that link has no host name")
    ip = _ip_literal(parts.hostname)
    if ip is not None:
        check_address(ip, allow_loopback)
    return parts


def check_address(ip: IPAddress, allow_loopback: bool = False) -> None:
    """Raise FetchError unless `ip` is a public address (or loopback, when allowed)."""
    for candidate in _judged_forms(ip):
        reason = _refusal(candidate, allow_loopback)
        if reason:
            raise FetchError(f"that address is {reason} ({ip})")


async def fetch(
    url: str,
    policy: FetchPolicy = FetchPolicy(),
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    resolver: Resolver | None = None,
) -> Page:
    """Fetch `url` under `policy`, sending If-None-Match / If-Modified-Since when given.

    `resolver` is an async callable host -> list of IP strings (default: the system's).
    """
    headers = {"User-Agent": policy.user_agent, "Accept": _ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    pins = _PinnedResolver()
    session = aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(resolver=pins, use_dns_cache=False),
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=policy.connect_timeout),
        headers=headers,
        cookie_jar=aiohttp.DummyCookieJar(),
    )
    try:
        async with asyncio.timeout(policy.total_timeout), session:
            return await _follow(session, url, policy, resolver or _system_resolve, pins)
    except aiohttp.ConnectionTimeoutError:
        seconds = policy.connect_timeout
        raise FetchError(f"the site did not accept a connection within {seconds:g} s") from None
    except TimeoutError:
        raise FetchError(f"the site did not answer within {policy.total_timeout:g} s") from None
    except aiohttp.ClientConnectorError as exc:
        raise FetchError(f"could not connect to {exc.host}") from None
    except aiohttp.ClientError as exc:
        raise FetchError(f"the download failed ({type(exc).__name__})") from None


def fetch_sync(url: str, policy: FetchPolicy = FetchPolicy(), **kwargs) -> Page:
    """Blocking wrapper around fetch() for the command line."""
    return asyncio.run(fetch(url, policy, **kwargs))


async def _follow(
    session: aiohttp.ClientSession, url: str, policy: FetchPolicy, resolve: Resolver, pins: _PinnedResolver
) -> Page:
    """Request `url`, following at most policy.max_redirects redirects, each one checked."""
    for _ in range(policy.max_redirects + 1):
        target = await _checked_target(url, policy.allow_loopback, resolve, pins)
        async with session.get(target, allow_redirects=False) as resp:
            location = resp.headers.get("Location") if resp.status in _REDIRECTS else None
            if location is None:
                return await _read_page(resp, str(target), policy)
        try:
            url = str(target.join(URL(location)))
        except ValueError:
            raise FetchError("the site redirected to an invalid address") from None
    raise FetchError(f"the site redirected more than {policy.max_redirects} times")


async def _checked_target(url: str, allow_loopback: bool, resolve: Resolver, pins: _PinnedResolver) -> URL:
    """Check `url` and its host's addresses; return the URL to request with its addresses pinned.

    The host is taken from yarl's parse, which is what aiohttp connects to. A numeric
    host is rewritten to its canonical form, which aiohttp connects to directly; a host
    name is resolved once and pinned so that the connector uses exactly the checked
    addresses.
    """
    check_url(url, allow_loopback)
    try:
        target = URL(url)
    except ValueError:
        raise FetchError("that is not a valid web address") from None
    host = target.raw_host
    if not host or target.user is not None or target.password is not None:
        raise FetchError("that is not a valid web address")
    ip = _ip_literal(host)
    if ip is not None:
        check_address(ip, allow_loopback)
        return target.with_host(str(ip))
    addresses = await _resolve(host, resolve)
    for address in addresses:
        check_address(address, allow_loopback)
    pins.pin(host, addresses)
    return target


async def _resolve(host: str, resolve: Resolver) -> list[IPAddress]:
    """Resolve `host` once into IP addresses, or raise FetchError."""
    try:
        addresses = [ipaddress.ip_address(a) for a in await resolve(host)]
    except (OSError, ValueError):
        addresses = []
    if not addresses:
        raise FetchError(f"could not find the host {host}")
    return addresses


async def _system_resolve(host: str) -> list[str]:
    """Resolve `host` with the system resolver."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def _read_page(resp: aiohttp.ClientResponse, url: str, policy: FetchPolicy) -> Page:
    """Turn a final (non-redirect) response into a Page, enforcing status, type and size."""
    etag = resp.headers.get("ETag")
    last_modified = resp.headers.get("Last-Modified")
    if resp.status == 304:
        return Page(url, 304, "", None, b"", etag, last_modified)
    if not 200 <= resp.status < 300:
        raise FetchError(f"the site answered {resp.status} {_reason(resp)}".rstrip())
    content_type = resp.content_type.lower()
    if content_type not in ALLOWED_TYPES:
        raise FetchError(f"the page is {content_type}, not a web page or feed")
    too_large = FetchError(f"the page is larger than {_format_size(policy.max_bytes)}")
    if resp.content_length is not None and resp.content_length > policy.max_bytes:
        raise too_large
    body = bytearray()
    async for chunk in resp.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > policy.max_bytes:
            raise too_large
    return Page(url, resp.status, content_type, resp.charset, bytes(body), etag, last_modified)


def _reason(resp: aiohttp.ClientResponse) -> str:
    """The response's reason phrase, or the standard one for its status."""
    if resp.reason:
        return resp.reason
    try:
        return HTTPStatus(resp.status).phrase
    except ValueError:
        return ""


def _format_size(n: int) -> str:
    """A byte count for people: 5 MB, 9.77 kB, 500 bytes."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} kB"
    return f"{n} bytes"


def _ip_literal(host: str) -> IPAddress | None:
    """The address a numeric host stands for, in any form inet_aton accepts; None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return _parse_numeric_ipv4(host)


def _parse_numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """Parse inet_aton forms such as 2130706433, 0x7f.1, 0177.0.0.1 and 127.1.

    A host whose last label is numeric must be a valid address (as in the WHATWG URL
    standard); otherwise it is a name and None is returned.
    """
    parts = host.removesuffix(".").split(".")
    if not _LOOKS_NUMERIC.fullmatch(parts[-1]):
        return None
    invalid = FetchError(f"that address is not valid ({host})")
    if len(parts) > 4 or not all(_IPV4_PART.fullmatch(p) for p in parts):
        raise invalid
    *head, last = [_ipv4_number(p) for p in parts]
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(parts)):
        raise invalid
    value = last
    for i, v in enumerate(head):
        value += v << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def _ipv4_number(part: str) -> int:
    """One already-validated inet_aton part: hex (0x..), octal (0..) or decimal."""
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if part.startswith("0"):
        return int(part, 8)
    return int(part)


def _judged_forms(ip: IPAddress) -> list[IPAddress]:
    """The addresses to judge for `ip`: translated IPv6 forms stand for their IPv4 address
    (IPv4-mapped, NAT64); tunnel forms are judged together with the IPv4 they embed."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in _NAT64:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    forms: list[IPAddress] = [ip]
    if ip.sixtofour is not None:
        forms.append(ip.sixtofour)
    if ip.teredo is not None:
        forms.append(ip.teredo[1])
    return forms


def _refusal(ip: IPAddress, allow_loopback: bool) -> str | None:
    """Why `ip` must not be fetched from, or None if it is fine."""
    if ip.is_loopback:
        return None if allow_loopback else "loopback"
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip == _BROADCAST, "broadcast"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip in _SHARED, "shared (carrier-grade NAT)"),
        *((ip in network, reason) for network, reason in _SERVICES),
        (ip.is_private, "private"),
        (ip.is_reserved, "reserved"),
        (not ip.is_global, "not public"),
    )
    return next((reason for failed, reason in checks if failed), None)


class _PinnedResolver(AbstractResolver):
    """An aiohttp resolver that only knows the hosts pinned to their checked addresses."""

    def __init__(self) -> None:
        self._pins: dict[str, list[IPAddress]] = {}

    def pin(self, host: str, addresses: list[IPAddress]) -> None:
        """Make `host` resolve to exactly `addresses`."""
        self._pins[host] = addresses

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_UNSPEC
    ) -> list[ResolveResult]:
        """Return the pinned addresses for `host`; an unpinned host is an error."""
        if host not in self._pins:
            raise OSError(f"{host} was not checked")
        return [
            ResolveResult(
                hostname=host,
                host=str(ip),
                port=port,
                family=socket.AF_INET if ip.version == 4 else socket.AF_INET6,
                proto=0,
                flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
            )
            for ip in self._pins[host]
            if family in (socket.AF_UNSPEC, socket.AF_INET if ip.version == 4 else socket.AF_INET6)
        ]

    async def close(self) -> None:
        """Nothing to release."""
