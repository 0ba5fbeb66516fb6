"""Reading articles: the article text format, Markdown, plain text, HTML, and bad input."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest

from knowledge.articles import ArticleError, parse_html, parse_text, read_file

from .helpers import CORPUS, FIXTURES


def test_text_format_with_leading_space_date_and_headline():
    article = read_file(CORPUS / "000_alita-battle-angel-2-blood-oath.txt")
    assert article.title == "James Cameron Promises Alita: Battle Angel 2 Is Still Coming"
    assert article.date == dt.date(2025, 11, 18)
    assert article.url is None
    assert article.body.startswith("James Cameron says he and Robert Rodriguez")


def test_source_line_is_the_url():
    article = read_file(CORPUS / "093_star-trek-4-noah-hawley-theverge.txt")
    assert article.url.startswith("https://www.theverge.com/2019/11/19/")
    assert not article.body.startswith("source")


def test_date_unknown_is_accepted_as_no_date():
    article = parse_text("date unknown Fockers keeps US box office lead\n\nMeet the Fockers took $19.1m.")
    assert article.date is None
    assert article.title == "Fockers keeps US box office lead"


def test_html_entities_are_decoded_and_curly_quotes_kept():
    article = parse_text("date unknown Howl boosts cinemas\n\nIt took 20bn yen (&#163;102m) and was “clich&#233;d”.")
    assert "(£102m)" in article.body
    assert "“clichéd”" in article.body


def test_plain_text_without_a_date_line_uses_the_first_line_as_headline():
    article = parse_text("Wild Rose is out on DVD\nThe film is now available on DVD and VOD.")
    assert article.title == "Wild Rose is out on DVD"
    assert article.date is None


def test_markdown_headline_front_matter_and_links():
    text = "---\ntitle: Dune sequel dated\ndate: 2024-03-01\nurl: https://example.com/dune\n---\n# ignored?\n\nThe **sequel** opens on [March 1](https://x.test)."
    article = parse_text(text, markdown=True)
    assert article.title == "Dune sequel dated"
    assert article.date == dt.date(2024, 3, 1)
    assert article.url == "https://example.com/dune"
    assert "The sequel opens on March 1." in article.body


def test_html_page_gives_text_title_date_and_canonical_url():
    html = gzip.decompress((FIXTURES / "html" / "star-trek-4-theverge.html.gz").read_bytes())
    article = parse_html(html)
    assert article.title.startswith("Star Trek 4 eyes Fargo")
    assert article.date == dt.date(2019, 11, 19)
    assert article.url.startswith("https://www.theverge.com/")
    assert "Noah Hawley" in article.body


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"date 2025-13-45 Bad date\n\nBody.", "date"),
        (b"date 2025-01-01 Headline only\n", "no body"),
        ("caf\xe9 in latin-1\nbody".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_files_are_refused_with_a_reason(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ArticleError, match=message):
        read_file(path)


def test_html_page_without_article_text_is_refused():
    with pytest.raises(ArticleError, match="no article text"):
        parse_html("<html><head><title>Nothing</title></head><body><nav>menu</nav></body></html>")


def test_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    with pytest.raises(ArticleError, match="larger than"):
        read_file(path)


def test_the_same_text_has_the_same_digest():
    a = parse_text("date unknown Title\n\nSome   body text.")
    b = parse_text("date unknown Title\n\nSome body text.")
    assert a.digest == b.digest
