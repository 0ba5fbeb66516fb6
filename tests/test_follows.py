"""Follows and notices in the store: which articles are about a film, which servers hear of
them, the notice rate, and what delivery leaves behind."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge import follows
from knowledge.about import is_about
from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.follows import MAX_FOLLOWS, FollowError
from knowledge.resolve import Film

from .bot_support import ZORBLAX
from .test_bot_follows import PASSING, SEQUEL_NEWS

A, B = 111, 222
NOW = dt.datetime(2025, 4, 2, 12, 0, tzinfo=dt.UTC)
QUIET = dt.timedelta(minutes=5)


@pytest.fixture
def zorblax(store) -> Film:
    """The store knows Zorblax Returns from a global article; member 1 of A and 2 of B follow it."""
    store.add(parse_text(ZORBLAX))
    film, _ = Engine(store).resolver.lookup("Zorblax Returns", (0,))
    assert follows.follow(store, A, 1, film) and follows.follow(store, B, 2, film)
    return film


def films(batches) -> list[tuple[int, str, list[str]]]:
    return sorted((b.guild_id, b.film, [n.headline for n in b.notices]) for b in batches)


@pytest.mark.parametrize(("mentions", "about"), [
    ([(0, 3)], True),  # named in the headline
    ([(2, 3)], True),  # named in the lede
    ([(3, 3), (9, 3)], False),  # two sentences further down
    ([(4, 3), (5, 2), (6, 1)], True),  # three sentences link to it
    ([(1, 1)], False),  # "it" in the lede does not name it
])
def test_an_article_is_about_a_film_named_in_its_headline_or_lede_or_linked_three_times(mentions, about):
    assert is_about(mentions) is about


def test_a_global_article_about_the_film_queues_a_notice_for_each_following_server(store, zorblax):
    store.add(parse_text(SEQUEL_NEWS))
    store.add(parse_text(PASSING))  # mentions it in passing only
    assert films(follows.due(store, [A, B], QUIET)) == [
        (A, "Zorblax Returns", ["Zorblax Returns Moves to December"]),
        (B, "Zorblax Returns", ["Zorblax Returns Moves to December"]),
    ]


def test_a_servers_own_article_queues_a_notice_for_that_server_only(store, zorblax):
    store.add(parse_text(SEQUEL_NEWS), guild_id=B)
    assert films(follows.due(store, [A, B], QUIET)) == [(B, "Zorblax Returns", ["Zorblax Returns Moves to December"])]
    assert follows.due(store, [A], QUIET) == []  # and only the servers asked for are read


def test_known_and_forgotten_articles_queue_nothing(store, zorblax):
    added = store.add(parse_text(SEQUEL_NEWS), guild_id=A)
    assert not store.add(parse_text(SEQUEL_NEWS), guild_id=A).new
    assert len(follows.due(store, [A], QUIET)[0].notices) == 1
    store.forget(added.article_id)
    assert follows.due(store, [A], QUIET) == []


def test_a_film_gets_one_notice_per_quiet_period_and_what_waits_goes_out_together(store, zorblax):
    store.add(parse_text(ZORBLAX.replace("Gets a Director", "Gets a Composer")), guild_id=A)
    [batch] = follows.due(store, [A], QUIET, NOW)
    follows.mark_sent(store, [n.id for n in batch.notices], NOW)
    store.add(parse_text(SEQUEL_NEWS), guild_id=A)
    store.add(parse_text(SEQUEL_NEWS.replace("Moves to December", "Is Delayed").replace("december", "delayed")), guild_id=A)
    assert follows.due(store, [A], QUIET, NOW + dt.timedelta(minutes=4)) == []
    [later] = follows.due(store, [A], QUIET, NOW + dt.timedelta(minutes=6))
    assert [n.headline for n in later.notices] == ["Zorblax Returns Moves to December", "Zorblax Returns Is Delayed"]


def test_sent_notices_never_come_back_and_old_ones_are_dropped(store, zorblax):
    store.add(parse_text(SEQUEL_NEWS), guild_id=A)
    [batch] = follows.due(store, [A], QUIET, NOW)
    follows.mark_sent(store, [n.id for n in batch.notices], NOW)
    assert follows.due(store, [A], QUIET, NOW + dt.timedelta(hours=2)) == []
    follows.mark_sent(store, [], NOW + dt.timedelta(days=2))
    assert store.conn.execute("SELECT count(*) FROM notices").fetchone()[0] == 0


def test_follows_are_per_member_and_server_with_a_limit(store, zorblax):
    assert not follows.follow(store, A, 1, zorblax)  # already
    assert follows.following(store, A, 1) == ["Zorblax Returns"] and follows.following(store, A, 2) == []
    for n in range(MAX_FOLLOWS - 1):
        follows.follow(store, A, 1, Film((50_000 + n,), f"Film {n}", f"film {n}", 100.0, True))
    with pytest.raises(FollowError, match="you already follow 25 films here"):
        follows.follow(store, A, 1, Film((60_000,), "One More", "one more", 100.0, True))
    assert follows.unfollow(store, A, 1, "Zorblax Returns") and not follows.unfollow(store, A, 1, "Zorblax Returns")
    assert follows.unfollow_all(store, A, 1) == MAX_FOLLOWS - 1
    assert follows.following(store, B, 2) == ["Zorblax Returns"]  # another server's follows stay


def test_notices_wait_for_followers_only(store, zorblax):
    follows.unfollow_all(store, A, 1)
    follows.unfollow_all(store, B, 2)
    store.add(parse_text(SEQUEL_NEWS))
    assert follows.due(store, [A, B], QUIET) == []
