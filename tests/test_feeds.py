"""Tests for knowledge.feeds: following feeds, and polling them from a local aiohttp server.

Offline: every connection aiohttp makes is checked, and only loopback ones are let through.
"""

from __future__ import annotations

import datetime as dt
import html
import ipaddress

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from knowledge import feeds
from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.feeds import FeedError, add, due, list_feeds, poll, poll_due, remove
from knowledge.fetch import FetchPolicy, Page
from knowledge.store import Store

from .helpers import CORPUS, FIXTURES

FEEDS = FIXTURES / "feeds"
PAGES = {
    "wikia": FEEDS / "wikia.html",
    "videos": FEEDS / "videos.html",
    "tmz": FIXTURES / "html" / "tmz-lupita-dress.html",
}
LOCAL = FetchPolicy(allow_loopback=True, total_timeout=10.0)
T0 = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=1)  # feeds added now are due
MINUTE = dt.timedelta(minutes=1)

STAR_WARS = "'Star Wars' Original Cuts Might Get Released for 40th Anniversary"
BEST_OF_2017 = "The 21 best movies of 2017"
STAR_TREK = "Star Trek 4 eyes Fargo, Legion creator Noah Hawley to direct"
LUPITA = "Lupita Nyong'o's $150K Pearl Oscar Dress -- STOLEN!!!"
PARASITE = "'Parasite' scores historic upset at SAG awards, boosting Oscar chances"
LA_LA_LAND = "‘La La Land’: How a Young Filmmaker Resurrected the Hollywood Musical"
RSS_ETAG = '"rss-v1"'
RSS_MODIFIED = "Thu, 23 Feb 2017 16:00:00 GMT"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail any connection to an address that is not loopback (nothing leaves the machine)."""
    original = aiohttp.TCPConnector._create_connection

    async def guarded(self, req, traces, timeout):
        infos = await self._resolve_host(req.url.raw_host, req.port)
        if not all(ipaddress.ip_address(info["host"]).is_loopback for info in infos):
            raise AssertionError(f"a connection to {req.url} was attempted")
        return await original(self, req, traces, timeout)

    monkeypatch.setattr(aiohttp.TCPConnector, "_create_connection", guarded)


def rss_with_content(base: str, version: int) -> bytes:
    """A feed that changes: version 2 has one more item. Items carry content:encoded in full,
    except one whose page fails once and one that links to a private address."""
    parasite = parse_text((CORPUS / "096_parasite-sag-awards-upset-reuters.txt").read_text())
    la_la_land = parse_text((CORPUS / "097_la-la-land-hollywood-musical-rollingstone.txt").read_text())

    def item(guid: str, title: str, link: str, content: str = "") -> str:
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        return (
            f"<item><title>{html.escape(title)}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid>"
            f"<description>A short summary.</description>{encoded}</item>"
        )

    def paragraphs(body: str) -> str:
        return "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n") if p.strip())

    items = [
        item("parasite", parasite.title, f"{base}/articles/parasite", paragraphs(parasite.body)),
        item("flaky", "Flaky page", f"{base}/articles/flaky"),
        item("private", "Private", "http://10.0.0.1/x"),
    ]
    if version > 1:
        new = item("la-la-land", la_la_land.title, f"{base}/articles/la-la-land", paragraphs(la_la_land.body))
        items.insert(0, new)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Changing</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


@pytest.fixture
async def server():
    """The local site: feeds and article pages. `server.seen` lists the request paths,
    `server.state` steers the feeds that change."""
    seen: list[str] = []
    state = {"changing": 1, "broken": 0, "flaky": 0}

    @web.middleware
    async def record(request, handler):
        seen.append(request.path)
        return await handler(request)

    def fixture(name: str) -> bytes:
        return (FEEDS / name).read_text().replace("{base}", base).encode()

    async def rss(request):
        headers = {"ETag": RSS_ETAG, "Last-Modified": RSS_MODIFIED}
        if request.headers.get("If-None-Match") == RSS_ETAG:
            return web.Response(status=304, headers=headers)
        return web.Response(body=fixture("rss.xml"), content_type="application/rss+xml", headers=headers)

    async def atom(request):
        return web.Response(body=fixture("atom.xml"), content_type="application/atom+xml", charset="utf-8")

    async def changing(request):
        # text/xml without a charset: feedparser must still read the UTF-8 (curly quotes)
        return web.Response(body=rss_with_content(base, state["changing"]), headers={"Content-Type": "text/xml"})

    async def broken(request):
        state["broken"] += 1
        if state["broken"] == 1:
            raise web.HTTPInternalServerError()
        if state["broken"] == 2:
            return web.Response(body=b"<<< this is not a feed >>>", content_type="application/xml")
        return web.Response(body=b'<rss version="2.0"><channel><title>Mended</title></channel></rss>',
                            content_type="application/rss+xml")

    async def page(request):
        name = request.match_info["name"]
        if name == "flaky":
            state["flaky"] += 1
            if state["flaky"] == 1:
                raise web.HTTPServiceUnavailable()
            name = "wikia"
        if name not in PAGES:
            raise web.HTTPNotFound()
        return web.Response(body=PAGES[name].read_bytes(), content_type="text/html", charset="utf-8")

    app = web.Application(middlewares=[record])
    app.router.add_get("/rss.xml", rss)
    app.router.add_get("/atom.xml", atom)
    app.router.add_get("/changing.xml", changing)
    app.router.add_get("/broken.xml", broken)
    app.router.add_get("/articles/{name}", page)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    base = f"http://127.0.0.1:{test_server.port}"
    test_server.base, test_server.seen, test_server.state = base, seen, state
    yield test_server
    await test_server.close()


def follow(store: Store, server, path: str, guild_id: int = 1) -> feeds.Feed:
    return add(store, guild_id, f"{server.base}{path}", allow_loopback=True)


def stored(store: Store, feed: feeds.Feed) -> feeds.Feed:
    """The feed's row as it is now."""
    return next(f for f in list_feeds(store, feed.guild_id) if f.id == feed.id)


def items(store: Store, feed_id: int) -> dict[str, int | None]:
    return dict(store.conn.execute("SELECT item, article_id FROM feed_items WHERE feed_id = ?", (feed_id,)))


def article_count(store: Store) -> int:
    return store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def assert_next_check(feed: feeds.Feed, after: dt.datetime, minutes: float) -> None:
    """next_check is `minutes` after `after`, give or take the 10 % jitter."""
    delay = dt.datetime.fromisoformat(feed.next_check) - after
    assert 0.9 * minutes * MINUTE - dt.timedelta(seconds=1) <= delay <= 1.1 * minutes * MINUTE


# --- managing feeds ---------------------------------------------------------------------


async def test_add_list_remove(store):
    feed = add(store, 1, "https://films.example/rss", channel_id=55)
    assert (feed.guild_id, feed.url, feed.channel_id, feed.failures) == (1, "https://films.example/rss", 55, 0)
    assert (feed.checked_at, feed.last_error, feed.etag, feed.title) == (None, None, None, None)
    assert feed.next_check == feed.added_at  # due for its first poll at once

    with pytest.raises(FeedError, match="^this server already follows that feed$"):
        add(store, 1, "https://films.example/rss")
    other = add(store, 2, "https://films.example/rss")  # another server may follow it too
    atom = add(store, 1, "  https://films.example/atom\n")
    assert atom.url == "https://films.example/atom"

    assert list_feeds(store, 1) == [feed, atom]
    assert list_feeds(store, 2) == [other]
    assert list_feeds(store, 3) == []

    assert remove(store, 2, feed.id) is False  # not guild 2's feed
    assert list_feeds(store, 1) == [feed, atom]
    assert remove(store, 1, feed.id) is True
    assert remove(store, 1, feed.id) is False
    assert list_feeds(store, 1) == [atom]

    result = await poll(store, feed, LOCAL)  # a removed feed is not fetched
    assert result.error == "that feed is no longer followed" and result.added == []


@pytest.mark.parametrize("url, message", [
    ("ftp://films.example/rss", "only http and https links can be fetched, not ftp:"),
    ("films.example/rss", "only http and https links can be fetched"),
    ("http://10.0.0.1/rss", r"that address is private \(10\.0\.0\.1\)"),
    ("http://127.0.0.1:8080/rss", r"that address is loopback \(127\.0\.0\.1\)"),
    ("http://user:pw@films.example/rss", "links with a user name or password are not allowed"),
])
def test_add_refuses_bad_urls(store, url, message):
    with pytest.raises(FeedError, match=f"^{message}$"):
        add(store, 1, url)
    assert list_feeds(store, 1) == []


def test_loopback_is_allowed_only_when_asked(store):
    assert add(store, 1, "http://127.0.0.1:8080/rss", allow_loopback=True).url == "http://127.0.0.1:8080/rss"


# --- polling ----------------------------------------------------------------------------


async def test_rss_items_are_fetched_from_their_pages_then_304(store, server):
    feed = follow(store, server, "/rss.xml", guild_id=7)
    result = await poll(store, feed, LOCAL, now=T0)

    assert (result.feed_id, result.error, result.not_modified, result.skipped) == (feed.id, None, False, 0)
    assert [a.title for a in result.added] == [BEST_OF_2017, STAR_WARS]  # newest first
    assert all(a.new and a.sentences > 10 for a in result.added)
    assert result.failed == {"http://10.0.0.1/x": "that address is private (10.0.0.1)"}
    videos, wikia = (a.article_id for a in result.added)
    assert store.article(wikia).title == STAR_WARS
    assert store.article(wikia).date == dt.date(2017, 2, 23)
    origins = dict(store.conn.execute("SELECT id, origin FROM articles WHERE guild_id = 7"))
    # the origin is the item's link; the second item's relative link was resolved against the feed's URL
    assert origins == {wikia: f"{server.base}/articles/wikia", videos: f"{server.base}/articles/videos"}
    assert items(store, feed.id) == {
        "film-news-1001": wikia,  # the guid
        f"{server.base}/articles/videos": videos,  # no guid: the link
        "film-news-1003": None,  # refused, remembered
    }
    assert server.seen == ["/rss.xml", "/articles/videos", "/articles/wikia"]

    row = stored(store, feed)
    assert (row.title, row.etag, row.last_modified) == ("Film News & Rumours", RSS_ETAG, RSS_MODIFIED)
    assert (row.checked_at, row.failures, row.last_error) == (T0.isoformat(), 0, None)
    assert_next_check(row, T0, 30)

    # Polled again (with the stale Feed from add): the stored ETag is sent, the site says 304.
    later = T0 + 31 * MINUTE
    again = await poll(store, feed, LOCAL, now=later)
    assert (again.not_modified, again.added, again.skipped, again.failed, again.error) == (True, [], 0, {}, None)
    assert server.seen[3:] == ["/rss.xml"]
    assert article_count(store) == 2
    row = stored(store, feed)
    assert (row.etag, row.checked_at, row.title) == (RSS_ETAG, later.isoformat(), "Film News & Rumours")
    assert_next_check(row, later, 30)

    # Unfollowing forgets the items, not the articles.
    assert remove(store, 7, feed.id)
    assert items(store, feed.id) == {} and article_count(store) == 2


async def test_atom_full_content_is_stored_without_fetching_the_page(store, server):
    feed = follow(store, server, "/atom.xml")
    result = await poll(store, feed, LOCAL, now=T0)

    assert result.error is None and result.failed == {}
    assert [a.title for a in result.added] == [STAR_TREK, LUPITA]
    star_trek = store.article(result.added[0].article_id)
    corpus = parse_text((CORPUS / "093_star-trek-4-noah-hawley-theverge.txt").read_text())
    assert star_trek.body == "\n".join(p for p in corpus.body.split("\n") if p.strip())  # one line per <p>
    assert (star_trek.date, star_trek.url) == (dt.date(2019, 11, 19), f"{server.base}/articles/star-trek-4")
    # The short excerpt was not enough: that item's page was fetched and its article extracted.
    lupita = store.article(result.added[1].article_id)
    assert lupita.date == dt.date(2015, 2, 26) and "pearl" in lupita.body.lower()
    assert server.seen == ["/atom.xml", "/articles/tmz"]
    assert list_feeds(store, 1)[0].title == "Film Desk (full text)"

    answer = Engine(store).answer("!who directed Star Trek 4", guild_id=1)
    assert answer.source.article_id == result.added[0].article_id and "Hawley" in answer.sentence


async def test_changing_feed_new_items_and_failed_item_retries(store, server):
    feed = follow(store, server, "/changing.xml")
    flaky, private = f"{server.base}/articles/flaky", "http://10.0.0.1/x"

    first = await poll(store, feed, LOCAL, now=T0)
    assert [a.title for a in first.added] == [PARASITE]
    assert first.failed == {
        flaky: "the site answered 503 Service Unavailable",
        private: "that address is private (10.0.0.1)",
    }
    assert items(store, feed.id) == {"parasite": first.added[0].article_id, "flaky": None, "private": None}

    server.state["changing"] = 2  # a new item appears; the flaky page works now
    second = await poll(store, feed, LOCAL, now=T0 + 60 * MINUTE)
    assert [a.title for a in second.added] == [LA_LA_LAND, STAR_WARS]
    assert second.failed == {private: "that address is private (10.0.0.1)"}  # retried, still refused
    assert second.skipped == 1  # parasite, seen before
    assert items(store, feed.id)["flaky"] == second.added[1].article_id

    # More than RETRY_WINDOW after it was first seen, the refused item is given up.
    third = await poll(store, feed, LOCAL, now=T0 + feeds.RETRY_WINDOW + MINUTE)
    assert (third.added, third.failed, third.skipped) == ([], {}, 4)
    assert server.seen.count("/articles/flaky") == 2
    assert "/articles/parasite" not in server.seen and "/articles/la-la-land" not in server.seen
    assert article_count(store) == 3


async def test_broken_feed_backs_off_without_stopping_the_others(store, server):
    broken = follow(store, server, "/broken.xml")
    atom = follow(store, server, "/atom.xml", guild_id=2)

    results = {r.feed_id: r for r in await poll_due(store, LOCAL, 30, now=T0)}
    assert results[broken.id].error == "the site answered 500 Internal Server Error"
    assert results[broken.id].added == []
    assert results[atom.id].error is None and [a.title for a in results[atom.id].added] == [STAR_TREK, LUPITA]
    failing = stored(store, broken)
    assert (failing.failures, failing.last_error, failing.checked_at) == (1, results[broken.id].error, T0.isoformat())
    assert_next_check(failing, T0, 60)  # 30 min × 2^1
    assert [f.id for f in due(store, T0 + 34 * MINUTE)] == [atom.id]

    later = T0 + 70 * MINUTE
    results = {r.feed_id: r for r in await poll_due(store, LOCAL, 30, now=later)}
    assert results[broken.id].error == "that is not an RSS or Atom feed"  # garbage XML
    assert results[atom.id].error is None and results[atom.id].skipped == 2
    failing = stored(store, broken)
    assert (failing.failures, failing.last_error) == (2, "that is not an RSS or Atom feed")
    assert_next_check(failing, later, 120)  # 30 min × 2^2
    assert stored(store, atom).failures == 0

    mended_at = T0 + 4 * 60 * MINUTE
    (mended,) = [r for r in await poll_due(store, LOCAL, 30, now=mended_at) if r.feed_id == broken.id]
    assert mended.error is None
    failing = stored(store, broken)
    assert (failing.failures, failing.last_error, failing.title) == (0, None, "Mended")
    assert_next_check(failing, mended_at, 30)


@pytest.mark.parametrize("body", [
    b"",
    b"<<< this is not a feed >>>",
    b"<rss version='2.0'><channel><title>Cut off",  # an RSS feed that ends before its first item
    b"<!DOCTYPE html><html><body><p>A web page, not a feed.</p></body></html>",
])
def test_what_is_not_a_feed(body):
    with pytest.raises(FeedError, match="^that is not an RSS or Atom feed$"):
        feeds._parse(Page("http://films.example/feed", 200, "application/xml", None, body, None, None))


def test_an_empty_feed_is_a_feed():
    page = Page("http://films.example/feed", 200, "text/xml", None, b"<rss><channel><title>Quiet</title></channel></rss>",
                None, None)
    assert feeds._parse(page).entries == []


@pytest.mark.parametrize("interval, failures, minutes", [
    (30, 0, 30), (30, 1, 60), (30, 3, 240), (30, 6, 24 * 60), (30, 10_000, 24 * 60), (48 * 60, 2, 48 * 60),
])
def test_delay_doubles_per_failure_up_to_a_cap(interval, failures, minutes):
    delays = [feeds._delay(interval, failures) for _ in range(50)]
    assert all(0.9 * minutes * MINUTE <= d <= 1.1 * minutes * MINUTE for d in delays)
    assert len(set(delays)) > 1  # jittered


async def test_restart_loses_nothing(tmp_path, server):
    path = tmp_path / "filmbot.db"
    with Store(path) as store:
        follow(store, server, "/atom.xml")
        follow(store, server, "/rss.xml")
        first = await poll_due(store, LOCAL, 30, now=T0)
        assert sum(len(r.added) for r in first) == 4

    with Store(path) as store:  # the bot restarted
        later = T0 + 60 * MINUTE
        atom, rss = list_feeds(store, 1)
        assert (rss.etag, rss.checked_at) == (RSS_ETAG, T0.isoformat())
        results = {r.feed_id: r for r in await poll_due(store, LOCAL, 30, now=later)}
        assert (results[atom.id].added, results[atom.id].skipped, results[atom.id].not_modified) == ([], 2, False)
        assert (results[rss.id].added, results[rss.id].not_modified) == ([], True)
        assert article_count(store) == 4
    assert sorted(server.seen) == sorted(
        ["/atom.xml", "/articles/tmz", "/rss.xml", "/articles/wikia", "/articles/videos", "/atom.xml", "/rss.xml"]
    )
