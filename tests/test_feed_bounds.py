"""One feed poll is bounded: the newest items only, a time budget, failing items backed off,
and failures reported (``feed poll`` exits 1, ``feed list`` says so). A local aiohttp server on
127.0.0.1 plays the hostile feeds; nothing leaves the machine."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from aiohttp import web

from bot.cli import main
from bot.cogs.feeds import feed_line
from knowledge import feeds
from knowledge.feeds import add, poll, poll_due
from knowledge.store import Store

from .helpers import start_site
from .test_feeds import LOCAL, MINUTE, T0, loopback_only  # noqa: F401 - autouse: nothing leaves the machine

ITEMS = 5_000  # the bounds are the same for 100,000; this keeps the test quick


def rss(base: str, count: int, path: str = "articles") -> bytes:
    """A feed of ``count`` items with no text of their own, whose guids look like links: each
    item's page would have to be fetched."""
    items = "".join(
        f"<item><title>Item {i}</title><guid>{base}/{path}/{i}</guid>"
        f"<pubDate>{(T0 - dt.timedelta(minutes=i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for i in range(count)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>{items}</channel></rss>'.encode()


@pytest.fixture
async def site():
    """``/huge.xml``: ITEMS items whose pages are missing; ``/slow.xml``: ten items whose pages
    take a second each; ``/quick.xml``: one item, missing too. ``site.seen`` lists the paths asked for."""
    seen: list[str] = []

    @web.middleware
    async def record(request, handler):
        seen.append(request.path)
        return await handler(request)

    async def huge(request):
        return web.Response(body=rss(base, ITEMS), content_type="application/rss+xml")

    async def slow(request):
        return web.Response(body=rss(base, 10, "slow"), content_type="application/rss+xml")

    async def quick(request):
        return web.Response(body=rss(base, 1), content_type="application/rss+xml")

    async def slow_page(request):
        await asyncio.sleep(1)
        raise web.HTTPNotFound()

    app = web.Application(middlewares=[record])
    app.router.add_get("/huge.xml", huge)
    app.router.add_get("/slow.xml", slow)
    app.router.add_get("/quick.xml", quick)
    app.router.add_get("/slow/{n}", slow_page)
    server = await start_site(app)
    base, server.seen = server.base, seen
    yield server
    await server.close()


async def test_a_huge_feed_is_read_newest_first_and_capped(store, site):
    feed = add(store, 1, f"{site.base}/huge.xml", allow_loopback=True)
    result = await poll(store, feed, LOCAL, now=T0, max_items=50)
    pages = [p for p in site.seen if p.startswith("/articles/")]
    assert pages == [f"/articles/{i}" for i in range(50)]  # the 50 newest, newest first, and no more
    assert (len(result.failed), result.left, result.out_of_time) == (50, ITEMS - 50, False)
    assert all(why == "the site answered 404 Not Found" for why in result.failed.values())
    row = feeds._get(store, feed.id)
    assert (row.failed_items, row.item_error) == (50, "the site answered 404 Not Found")


async def test_a_slow_feed_stops_at_its_time_budget_and_holds_up_no_other(store, site):
    slow = add(store, 1, f"{site.base}/slow.xml", allow_loopback=True)
    quick = add(store, 2, f"{site.base}/quick.xml", allow_loopback=True)
    started = time.monotonic()
    results = {r.feed_id: r for r in await poll_due(store, LOCAL, 30, now=T0, budget_seconds=2.5)}
    assert time.monotonic() - started < 6  # not the ten seconds its pages would take
    assert results[slow.id].out_of_time and results[slow.id].left == 8 and len(results[slow.id].failed) == 2
    assert "/articles/0" in site.seen and len(results[quick.id].failed) == 1  # the other server's feed was read
    again = await poll(store, feeds._get(store, slow.id), LOCAL, now=T0 + 31 * MINUTE, budget_seconds=2.5)
    assert len(again.failed) == 2 and again.skipped == 0  # the two not yet tried are taken next (the failed wait)


async def test_an_item_that_keeps_failing_waits_longer_each_time(store, site):
    feed = add(store, 1, f"{site.base}/quick.xml", allow_loopback=True)
    tries = lambda: site.seen.count("/articles/0")  # noqa: E731
    moments = [T0, T0 + 10 * MINUTE, T0 + 31 * MINUTE, T0 + 61 * MINUTE, T0 + 92 * MINUTE]
    for moment in moments:
        await poll(store, feeds._get(store, feed.id), LOCAL, now=moment)
    # failed at T0: waits 30 minutes (not retried at +10); failed at +31: waits 60 (not at +61)
    assert tries() == 3
    after = store.conn.execute("SELECT failures, retry_at FROM feed_items WHERE feed_id = ?", (feed.id,)).fetchone()
    assert after == (3, (T0 + 92 * MINUTE + 120 * MINUTE).isoformat())


async def test_feed_poll_prints_failed_items_and_exits_1(tmp_path, site, capsys, monkeypatch):
    database = str(tmp_path / "feeds.db")
    monkeypatch.setenv("FILMBOT_FETCH_ALLOW_LOOPBACK", "true")
    monkeypatch.setenv("FILMBOT_FEEDS_MAX_ITEMS", "3")
    assert main(["feed", "add", "--db", database, f"{site.base}/huge.xml"]) == 0
    capsys.readouterr()
    assert await asyncio.to_thread(main, ["feed", "poll", "--db", database]) == 1  # (the site runs on this loop)
    out = capsys.readouterr().out
    assert out == (
        f"feed #1: 0 new, 0 skipped, 3 failed, {ITEMS - 3} left for the next poll;"
        f" first failure: {site.base}/articles/0: the site answered 404 Not Found\n"
    )
    assert main(["feed", "list", "--db", database]) == 0
    assert "3 items failed in the last poll (first: the site answered 404 Not Found)" in capsys.readouterr().out
    with Store(database) as store:
        line = feed_line(feeds.list_feeds(store, 0)[0])
    assert "3 items not added in the last read: the site answered 404 Not Found" in line
