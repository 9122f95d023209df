"""Ingest: files, folders and JSON into articles; decoding, mojibake, limits and failures."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wiredesk.clean import clean
from wiredesk.errors import BinaryContentError, EmptyArticleError, InputError
from wiredesk.ingest import (
    MAX_FOLDER_DEPTH,
    article_from_html,
    articles_from_json,
    decode_bytes,
    infer_title,
    load_file,
    load_paths,
    normalize_text,
    repair_mojibake,
)
from wiredesk.schema import Article, IngestFailure

DATA = Path(__file__).resolve().parent.parent / "data" / "ingest"
LIMIT = 500_000
BODY = (
    "Nordkorea hat nach Angaben des südkoreanischen Geheimdienstes etwa 12.000 Soldaten nach "
    "Russland entsandt. Die Truppen sollen in der Region Kursk eingesetzt werden."
)


def write(path: Path, content: str | bytes) -> Path:
    """Write `content` (UTF-8 for str) to `path`, creating folders; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def only(items: list[Article | IngestFailure]) -> Article | IngestFailure:
    assert len(items) == 1, items
    return items[0]


def article(items: list[Article | IngestFailure]) -> Article:
    item = only(items)
    assert isinstance(item, Article), item
    return item


def failure(items: list[Article | IngestFailure]) -> IngestFailure:
    item = only(items)
    assert isinstance(item, IngestFailure), item
    return item


# --- decoding ------------------------------------------------------------------------------------


def test_utf8_with_bom_and_windows_newlines() -> None:
    data = b"\xef\xbb\xbf" + "Südkorea\r\nreagiert\rheute\n".encode()
    assert decode_bytes(data) == "Südkorea\nreagiert\nheute\n"


def test_cp1252_bytes_are_decoded_with_quotes_and_dashes() -> None:
    text = "Südkorea – „nicht untätig“ für 0,99 €"
    assert decode_bytes(text.encode("cp1252")) == text


def test_bytes_invalid_even_in_cp1252_fall_back_to_latin1() -> None:
    # 0x81 is unassigned in cp1252; latin-1 maps it to a C1 control, which is then stripped.
    assert decode_bytes(b"Stra\xdfe \x81und Pl\xe4tze") == "Straße und Plätze"


def test_declared_charset_is_used_when_bytes_are_not_utf8() -> None:
    text = "Привет, мир"
    assert decode_bytes(text.encode("cp1251"), declared="windows-1251") == text
    assert decode_bytes("Größe".encode("cp1252"), declared="no-such-codec") == "Größe"


def test_utf16_with_bom_is_decoded() -> None:
    assert decode_bytes("Südkorea\r\nheute".encode("utf-16")) == "Südkorea\nheute"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(1, 9)) * 50,
        b"%PDF-1.7\n" + bytes(range(256)) * 4,
        "text".encode("utf-16-le"),  # UTF-16 without BOM: every other byte is NUL
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(BinaryContentError):
        decode_bytes(data)


def test_a_few_stray_control_bytes_do_not_make_text_binary() -> None:
    assert decode_bytes(b"Hallo\x07 Welt\x1a\n") == "Hallo Welt\n"


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("SÃ¼dkorea", "Südkorea"),
        ("â€žnicht untÃ¤tig bleibenâ€œ", "„nicht untätig bleiben“"),
        ("StraÃŸe", "Straße"),
        ("Ã„rger, Ã–l und Ãœbel", "Ärger, Öl und Übel"),
        ("0,99â‚¬ â€“ jetzt", "0,99€ – jetzt"),
        ("Kiew â€“ Die Ukraine geht davon aus", "Kiew – Die Ukraine geht davon aus"),
        ("SÃƒÂ¼dkorea", "Südkorea"),  # mis-decoded twice
        ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),  # a whole text mis-decoded
        ("Südkorea und SÃ¼dkorea", "Südkorea und Südkorea"),  # mixed right and wrong
        ("en RÃ\u00ado, ¿verdad?", "en Río, ¿verdad?"),  # "í" holds a soft hyphen byte
        ("ZaÅ¼Ã³Å‚Ä‡ gÄ™Å›lÄ… jaÅºÅ„", "Zażółć gęślą jaźń"),
        ("Ã\x81rbol y Å\x81ódź", "Árbol y Łódź"),  # cp1252's gaps, read as latin-1
    ],
)
def test_mojibake_is_repaired(broken: str, repaired: str) -> None:
    assert repair_mojibake(broken) == repaired
    assert decode_bytes(broken.encode("utf-8")) == repaired


def test_mojibake_from_cp1252_read_as_latin1_is_repaired() -> None:
    broken = "„Südkorea“".encode().decode("latin-1")  # C1 controls instead of cp1252 marks
    assert decode_bytes(broken.encode("utf-8")) == "„Südkorea“"


@pytest.mark.parametrize(
    "correct",
    [
        "groß“ und „ÄRGER“",
        "„Ä“ ist ein Umlaut, Å ein Buchstabe",
        "café…» naïve à la française",
        "Ñ“ y Ñ”",
        "ß¼ und Ã allein",
        "Привет, Κόσμε, 你好, 🙂",
        "© 2024 · 10 °C · ½ Liter · « guillemets »",
    ],
)
def test_correct_text_is_never_changed_by_the_repair(correct: str) -> None:
    assert repair_mojibake(correct) == correct
    assert decode_bytes(correct.encode("utf-8")) == correct


def test_seeds_decode_unchanged(seeds_dir: Path) -> None:
    for path in seeds_dir.glob("*.txt"):
        data = path.read_bytes()
        assert decode_bytes(data) == data.decode("utf-8"), path.name


def test_normalize_text_composes_and_strips_invisible_characters() -> None:
    text = "Su\u0308dkorea\u200b ist\u00ad gut\ufeff\x00\x1b.\u2028Neue\tZeile\u0085Ende\f"
    assert normalize_text(text) == "Südkorea ist gut.\nNeue\tZeile\nEnde\n"


def test_decoding_a_large_file_is_fast(seeds_dir: Path) -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in seeds_dir.glob("*.txt"))
    broken = (text * 40).encode("utf-8").decode("cp1252", errors="replace")
    start = time.perf_counter()
    decode_bytes((broken[:300_000] + " SÃ¼dkorea").encode("utf-8"))
    assert time.perf_counter() - start < 2.0


# --- titles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Werden „nicht untätig bleiben“\n\nDer Text folgt.", "Werden „nicht untätig bleiben“"),
        (
            "\n\n  Tausende Soldaten bald in Kampfzone?\nText.",
            "Tausende Soldaten bald in Kampfzone?",
        ),
        ("Ein ganzer Satz als erste Zeile.\nMehr Text.", None),
        ("Lesen Sie weiter:\nMehr Text.", None),
        ("Nur eine Zeile ohne Punkt", None),
        ("Überschrift\n   \n", None),
        ("• Ein Aufzählungspunkt\nText.", None),
        ("+\nText.", None),
        ("12.000\nText.", None),
        ("x" * 140 + "\nText.", None),
        ("", None),
    ],
)
def test_infer_title(text: str, title: str | None) -> None:
    assert infer_title(text) == title


# --- single files --------------------------------------------------------------------------------


def test_seed_files_become_articles_with_their_stem_as_id(seeds_dir: Path) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        item = article(load_file(path, max_article_bytes=LIMIT))
        assert item.id == path.stem
        assert item.text == path.read_text(encoding="utf-8")
        assert item.origin == str(path)


def test_seed_titles_skip_boilerplate_and_keep_the_headline_in_the_text(seeds_dir: Path) -> None:
    """The pipeline infers a text article's title from its cleaned text, as done here."""
    items = {
        path.name[:3]: article(load_file(path, max_article_bytes=LIMIT))
        for path in seeds_dir.glob("*.txt")
    }
    titles = {key: infer_title(clean(item.text).text) for key, item in items.items()}
    assert titles["001"] == "Werden „nicht untätig bleiben“"
    assert "Werden „nicht untätig bleiben“" in items["001"].text
    assert (
        titles["003"] == 'Nordkorea sichert Russland Unterstützung bis zum "Sieg" in der Ukraine zu'
    )
    assert items["003"].text.startswith(titles["003"])
    assert titles["000"] is None  # starts with a paragraph, not a headline
    assert titles["002"] is None


def test_a_text_article_is_not_cleaned_at_ingest(seeds_dir: Path) -> None:
    """Ingest leaves the title of a text article to the pipeline, which cleans it once."""
    (path,) = seeds_dir.glob("001_*.txt")
    assert article(load_file(path, max_article_bytes=LIMIT)).title is None


def test_a_few_nul_bytes_deep_inside_a_page_do_not_make_it_binary() -> None:
    page = b"<html><body><p>" + b"Seoul meldet neue Zahlen. " * 400 + b"\x00" * 22 + b"</p>"
    assert "Seoul meldet" in decode_bytes(page)
    assert "\x00" not in decode_bytes(page)


def test_raw_html_has_its_own_size_limit_and_its_text_the_article_limit(tmp_path: Path) -> None:
    """A page heavy with scripts passes the HTML limit; its extracted text meets the text one."""
    script = "<script>" + "var x = 1;" * 20_000 + "</script>"
    body = "<p>" + "Die Regierung in Seoul hat am Montag neue Zahlen vorgelegt. " * 20 + "</p>"
    write(tmp_path / "page.html", f"<html><head>{script}</head><body>{body}</body></html>")

    item = article(load_file(tmp_path / "page.html", max_article_bytes=5_000))
    assert "neue Zahlen" in item.text
    (refused,) = load_file(tmp_path / "page.html", max_article_bytes=5_000, max_html_bytes=1_000)
    assert isinstance(refused, IngestFailure) and refused.code == "too_large"
    (short,) = load_file(tmp_path / "page.html", max_article_bytes=500)
    assert isinstance(short, IngestFailure) and short.code == "too_large"
    assert "(text)" in short.error


@pytest.mark.parametrize("suffix", [".txt", ".text", ".md", ".TXT"])
def test_plain_text_suffixes(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path / f"meldung{suffix}", f"Kurze Überschrift\n{BODY}\n")
    item = article(load_file(path, max_article_bytes=LIMIT))
    assert (item.id, item.title) == ("meldung", None)  # the pipeline infers it after cleaning
    assert infer_title(clean(item.text).text) == "Kurze Überschrift"


def test_html_file_gives_main_text_and_metadata_title() -> None:
    item = article(load_file(DATA / "article.html", max_article_bytes=LIMIT))

    assert item.id == "article"
    assert item.title == "Nordkorea schickt Soldaten nach Russland"
    lines = item.text.split("\n")
    assert "Reaktionen aus Seoul" in lines
    assert any(line.startswith("Das Pentagon sprach dagegen von etwa 10.000") for line in lines)
    assert "etwa 12.000 Soldaten nach Russland entsandt" in item.text  # source line breaks gone
    for chrome in ("Startseite", "window.tracking", "font-family", "Impressum"):
        assert chrome not in item.text


def test_html_file_in_a_declared_legacy_charset(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="windows-1251"><title>Новости</title></head><body>'
        "<article><p>Северная Корея направила в Россию около двенадцати тысяч солдат, сообщила "
        "южнокорейская разведка в пятницу.</p><p>Пентагон говорит о десяти тысячах.</p>"
        "</article></body></html>"
    )
    item = article(
        load_file(write(tmp_path / "ru.htm", html.encode("cp1251")), max_article_bytes=LIMIT)
    )
    assert item.text.startswith("Северная Корея направила")


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notes.pdf", b"%PDF-1.7", "unsupported_format"),
        ("noext", b"Text", "unsupported_format"),
        ("empty.txt", b"", "empty_article"),
        ("blank.txt", b" \n\t\r\n ", "empty_article"),
        ("invisible.txt", "\ufeff\u200b\u200b\n".encode(), "empty_article"),
        ("binary.txt", b"\x00\x01\x02\x03binary", "binary_content"),
        ("broken.json", b'{"text": "unterminated', "invalid_input"),
        ("empty.html", b"<html><body><script>x=1</script></body></html>", "empty_article"),
    ],
)
def test_bad_files_become_failures(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    item = failure(load_file(write(tmp_path / name, content), max_article_bytes=LIMIT))
    assert item.code == code
    assert item.id == Path(name).stem
    assert item.origin == str(tmp_path / name)
    assert item.error


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "big.txt", "a" * 1001)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    item = failure(load_file(path, max_article_bytes=1000))
    assert item.code == "too_large"
    assert "1,001 bytes" in item.error


def test_file_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "edge.txt", "a" * 999 + "\n")
    assert article(load_file(path, max_article_bytes=1000)).text == "a" * 999 + "\n"


def test_unreadable_file_becomes_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.txt", BODY)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    item = failure(load_file(path, max_article_bytes=LIMIT))
    assert (item.code, item.id) == ("invalid_input", "secret")
    assert "Permission denied" in item.error


def test_json_file_with_a_list_of_articles(tmp_path: Path) -> None:
    items = [
        {"id": "a", "title": "Erste", "text": BODY, "source": "Yonhap", "language": "DE"},
        {"text": BODY, "url": "https://example.org/2"},
        {"html": "<html><body><h1>Zweite</h1><p>" + BODY + "</p></body></html>"},
        {"title": "ohne Text"},
    ]
    path = write(tmp_path / "batch.json", json.dumps(items, ensure_ascii=False))
    results = load_file(path, max_article_bytes=LIMIT, max_articles=10)

    assert [type(item).__name__ for item in results] == ["Article"] * 3 + ["IngestFailure"]
    first, second, third, fourth = results
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.id, first.title, first.source, first.language) == ("a", "Erste", "Yonhap", "de")
    assert (second.id, second.url) == ("batch-2", "https://example.org/2")
    assert isinstance(third, Article) and third.id == "batch-3" and third.title == "Zweite"
    assert isinstance(fourth, IngestFailure) and fourth.id == "batch-4"
    assert all(item.origin == str(path) for item in results)


def test_json_file_size_limit_scales_with_the_article_limit(tmp_path: Path) -> None:
    items = [{"text": "x" * 500} for _ in range(10)]
    path = write(tmp_path / "batch.json", json.dumps(items))

    limits = {"max_article_bytes": 1000, "max_html_bytes": 1000}
    assert failure(load_file(path, **limits)).code == "too_large"
    assert len(load_file(path, **limits, max_articles=10)) == 10


# --- JSON objects --------------------------------------------------------------------------------


def test_single_json_object_takes_the_origin_stem_as_id() -> None:
    item = article(
        articles_from_json({"text": BODY}, origin="x/upload.json", max_article_bytes=LIMIT)
    )
    assert item.id == "upload"
    assert item.origin == "x/upload.json"


def test_json_ids_may_be_integers_and_are_kept() -> None:
    results = articles_from_json(
        [{"id": 7, "text": BODY}, {"id": " story-1 ", "text": BODY}],
        origin="api",
        max_article_bytes=LIMIT,
    )
    assert [item.id for item in results] == ["7", "story-1"]


def test_json_text_is_normalised_and_its_title_left_to_the_pipeline() -> None:
    item = article(
        articles_from_json(
            {"text": "SÃ¼dkorea reagiert\r\n" + BODY}, origin="api", max_article_bytes=LIMIT
        )
    )
    assert item.text.startswith("Südkorea reagiert\nNordkorea")
    assert item.title is None
    assert infer_title(clean(item.text).text) == "Südkorea reagiert"


def test_json_with_both_text_and_html_is_refused_and_given_title_wins_over_metadata() -> None:
    html = "<html><head><title>Seitentitel</title></head><body><p>" + BODY + "</p></body></html>"
    [both] = articles_from_json(
        {"id": "b", "text": "Nur Text.", "html": html}, origin="api", max_article_bytes=LIMIT
    )
    assert isinstance(both, IngestFailure)
    assert both.code == "invalid_input" and "exactly one" in both.error
    titled = article(
        articles_from_json(
            {"title": "Eigener Titel", "html": html}, origin="api", max_article_bytes=LIMIT
        )
    )
    assert titled.title == "Eigener Titel"


@pytest.mark.parametrize(
    ("item", "code", "message"),
    [
        ({"title": "x"}, "invalid_input", '"text" nor "html"'),
        ({"text": ""}, "empty_article", "empty"),
        ({"text": "   \n "}, "empty_article", "empty"),
        ({"text": 42}, "invalid_input", '"text"'),
        ({"text": BODY, "title": ["a"]}, "invalid_input", '"title"'),
        ({"text": BODY, "id": True}, "invalid_input", '"id"'),
        ({"text": BODY, "id": "a\nb"}, "invalid_input", "spans lines"),
        ({"text": BODY, "id": "x" * 300}, "invalid_input", "too long"),
        ({"text": BODY, "language": "German!"}, "invalid_input", "language code"),
        ({"text": BODY, "language": 5}, "invalid_input", '"language"'),
        ({"text": "x" * 2000}, "too_large", "limit"),
        ({"html": "<html><body></body></html>"}, "empty_article", "No article text"),
        ("just a string", "invalid_input", "not an object"),
        (None, "invalid_input", "not an object"),
    ],
)
def test_bad_json_items_become_failures(item: object, code: str, message: str) -> None:
    results = articles_from_json([{"text": BODY}, item], origin="in.json", max_article_bytes=1000)

    assert isinstance(results[0], Article)
    bad = results[1]
    assert isinstance(bad, IngestFailure)
    assert (bad.code, bad.origin) == (code, "in.json")
    assert message in bad.error


def test_failure_keeps_the_declared_id() -> None:
    bad = failure(
        articles_from_json(
            [{"id": "mine", "title": "x"}], origin="in.json", max_article_bytes=LIMIT
        )
    )
    assert bad.id == "mine"


@pytest.mark.parametrize("data", ["text", 5, None, True, [[]]])
def test_json_that_is_not_articles_is_a_failure(data: object) -> None:
    results = articles_from_json(data, origin="in.json", max_article_bytes=LIMIT)
    assert all(isinstance(item, IngestFailure) for item in results)
    assert results[0].code == "invalid_input"


def test_empty_json_list_is_a_failure() -> None:
    assert failure(articles_from_json([], origin="in.json", max_article_bytes=LIMIT)).code == (
        "empty_article"
    )


# --- HTML ----------------------------------------------------------------------------------------


def test_article_from_html_keeps_paragraph_breaks_and_given_metadata() -> None:
    html = (DATA / "article.html").read_text(encoding="utf-8")
    item = article_from_html(
        html, id="k1", source="Beispiel", url="https://example.org", language="de", origin="api"
    )
    assert (item.id, item.source, item.url, item.language, item.origin) == (
        "k1",
        "Beispiel",
        "https://example.org",
        "de",
        "api",
    )
    assert len([line for line in item.text.split("\n") if line.strip()]) == 5


def test_html_fragment_without_body_is_extracted() -> None:
    item = article_from_html(f"<p>{BODY}</p><p>Zweiter Absatz.</p>", id="f")
    assert item.text == f"{BODY}\nZweiter Absatz."


@pytest.mark.parametrize(
    "html", ["", "   ", "<html></html>", "<p></p>", "<script>alert(1)</script>"]
)
def test_html_without_text_raises_empty_article(html: str) -> None:
    with pytest.raises(EmptyArticleError):
        article_from_html(html, id="e")


# --- the lead (standfirst) extraction drops ------------------------------------------------------

HEAT = [
    "Die Stadtwerke von Lindenau haben am Montag ein neues Wärmenetz in Betrieb genommen, das "
    "rund 4000 Haushalte im Norden der Stadt mit Abwärme aus dem örtlichen Klärwerk versorgt.",
    "Nach Angaben des Unternehmens spart das Netz jährlich etwa 9000 Tonnen Kohlendioxid ein. "
    "Die Bauarbeiten hatten knapp drei Jahre gedauert und wurden zur Hälfte vom Land bezahlt.",
    "Kritik kam von der Opposition im Stadtrat, die höhere Preise für die angeschlossenen "
    "Haushalte befürchtet. Der Geschäftsführer wies das zurück: Die Tarife blieben stabil.",
]
HEAT_LEAD = (
    "Abwärme aus dem Klärwerk heizt künftig 4000 Wohnungen. Die Opposition fürchtet steigende "
    "Preise."
)
TAGLINE = "Nachrichten aus Lindenau und dem ganzen Landkreis seit 1886"


def news_page(header: str = "", *, body_start: str = "") -> str:
    """An invented news page: site header with a tagline, article header, body paragraphs."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in HEAT)
    return (
        "<html><head><title>Wärmenetz</title></head><body>"
        "<header class='site-header'><a href='/'>Lindenauer Bote</a>"
        f"<p class='site-description'>{TAGLINE}</p></header>"
        "<main><article><header class='article-header'><h1>Neues Wärmenetz in Lindenau</h1>"
        f"{header}<time>3. Dezember 2026</time></header>"
        f"<div class='article-body'>{body_start}{body}</div></article></main></body></html>"
    )


@pytest.mark.parametrize(
    "lead",
    [
        f"<p class='article-intro'>{HEAT_LEAD}</p>",  # in the article's header
        f"<div class='teaser-text'><p>{HEAT_LEAD}</p></div>",  # a "teaser" class
        f"<div class='c-summary'><figure><img src='a.jpg'><figcaption>Das Klärwerk (Foto: Stadt)"
        f"</figcaption></figure><p>{HEAT_LEAD}</p></div>",  # with an image: caption left out
    ],
)
def test_html_lead_dropped_by_extraction_is_put_back_above_the_text(lead: str) -> None:
    lines = article_from_html(news_page(lead), id="lead").text.split("\n")
    assert lines == [HEAT_LEAD, *HEAT]


def test_html_lead_keeps_its_paragraphs_and_list() -> None:
    lead = (
        "<div class='teaser-text'><p>Abwärme aus dem Klärwerk heizt künftig viele Wohnungen.</p>"
        "<ul><li>4000 Haushalte sind angeschlossen</li><li>9000 Tonnen CO2 weniger</li></ul></div>"
    )
    lines = article_from_html(news_page(lead), id="list").text.split("\n")
    assert lines[:3] == [
        "Abwärme aus dem Klärwerk heizt künftig viele Wohnungen.",
        "4000 Haushalte sind angeschlossen",
        "9000 Tonnen CO2 weniger",
    ]
    assert lines[3:] == HEAT


@pytest.mark.parametrize(
    "header",
    [
        "",  # no lead: the site's tagline above the article is not one
        # a teaser that links to another article
        "<div class='teaser'><a href='/b'>Auch neu: Das Hallenbad in Lindenau öffnet im Mai "
        "wieder für alle Schwimmer</a></div>",
        # a lead-named block of an image
        f"<div class='image-description'>{HEAT_LEAD}</div>",
        # a kicker, too short to be a lead
        "<p class='intro'>Energie</p>",
    ],
)
def test_html_lead_is_only_link_free_prose_near_the_text(header: str) -> None:
    assert article_from_html(news_page(header), id="no").text.split("\n") == HEAT


def test_html_lead_as_a_plain_sentence_in_the_article_header_is_put_back() -> None:
    lines = article_from_html(news_page(f"<p>{HEAT_LEAD}</p>"), id="plain").text.split("\n")
    assert lines == [HEAT_LEAD, *HEAT]


@pytest.mark.parametrize(
    "header",
    [
        "<p>Von Marta Kühn und Jonas Albrecht, Lokalredaktion Lindenau</p>",  # a byline
        f"<div class='teaser-text hide'><p>{HEAT_LEAD}</p></div>",  # hidden by the page
        f"<div class='intro' style='display: none'>{HEAT_LEAD}</div>",
    ],
)
def test_html_header_byline_and_hidden_leads_are_not_put_back(header: str) -> None:
    assert article_from_html(news_page(header), id="no").text.split("\n") == HEAT


def test_html_lead_goes_on_top_when_extraction_moved_a_later_line_first() -> None:
    from lxml import etree

    from wiredesk.lead import with_lead

    closing = "Der Geschäftsführer kündigte weitere Netze im Süden der Stadt für das Jahr 2028 an."
    page = news_page(f"<p class='standfirst'>{HEAT_LEAD}</p>").replace(
        "</div></article>",
        "<p>" + " ".join(["Lindenau"] * 80) + f"</p><p>{closing}</p></div></article>",
    )
    tree = etree.fromstring(page.encode(), etree.HTMLParser(encoding="utf-8"))
    text = "\n".join([closing, *HEAT])  # the last paragraph, far below the lead, came first
    assert with_lead(text, tree).split("\n") == [HEAT_LEAD, closing, *HEAT]


def test_html_sentence_above_the_article_outside_its_header_is_no_lead() -> None:
    notice = "Sie haben die deutsche Ausgabe gewählt. Wir wünschen Ihnen eine gute Lektüre."
    page = news_page().replace("<main>", f"<main><p class='notice'>{notice}</p>")
    assert article_from_html(page, id="notice").text.split("\n") == HEAT


def test_html_lead_already_extracted_is_not_repeated() -> None:
    html = news_page(body_start=f"<p class='lead'>{HEAT_LEAD}</p>")
    assert article_from_html(html, id="once").text.split("\n") == [HEAT_LEAD, *HEAT]


# --- paths and folders ---------------------------------------------------------------------------


def test_folder_is_read_sorted_recursively_skipping_hidden_and_other_formats(
    tmp_path: Path,
) -> None:
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a.md", BODY)
    write(tmp_path / "sub" / "c.txt", BODY)
    write(tmp_path / ".hidden.txt", BODY)
    write(tmp_path / ".git" / "d.txt", BODY)
    csv = write(tmp_path / "z.csv", "a,b")

    results = load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=50)
    assert [(type(item).__name__, item.id) for item in results] == [
        ("Article", "a"),
        ("Article", "b"),
        ("Article", "c"),
    ]
    # Named explicitly, the same unsupported file is reported instead of skipped.
    named = load_paths([csv], max_article_bytes=LIMIT, max_articles=50)
    assert failure(named).code == "unsupported_format"


def test_paths_keep_the_given_order_and_files_load_once(tmp_path: Path) -> None:
    second = write(tmp_path / "one" / "b.txt", BODY)
    first = write(tmp_path / "two" / "a.txt", BODY)

    results = load_paths(
        [first, tmp_path / "one", second, first], max_article_bytes=LIMIT, max_articles=50
    )
    assert [item.origin for item in results] == [str(first), str(second)]


def test_repeated_ids_are_made_unique(tmp_path: Path) -> None:
    write(tmp_path / "x" / "story.txt", BODY)
    write(tmp_path / "y" / "story.txt", BODY)
    write(tmp_path / "y" / "story-2.txt", BODY)

    results = load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=50)

    # Sorted walk: x/story.txt, y/story-2.txt, y/story.txt; the repeat skips the taken "-2".
    assert [(item.id, Path(item.origin or "").parent.name) for item in results] == [
        ("story", "x"),
        ("story-2", "y"),
        ("story-3", "y"),
    ]


def test_missing_path_raises_before_anything_is_read(tmp_path: Path) -> None:
    present = write(tmp_path / "a.txt", BODY)
    with pytest.raises(InputError, match="nope"):
        load_paths([present, tmp_path / "nope"], max_article_bytes=LIMIT, max_articles=5)


def test_article_limit_reports_what_was_skipped(tmp_path: Path) -> None:
    for name in "abcde":
        write(tmp_path / f"{name}.txt", BODY)

    results = load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=3)

    assert [item.id for item in results[:3]] == ["a", "b", "c"]
    limit = results[3]
    assert isinstance(limit, IngestFailure) and limit.code == "too_large"
    assert "d.txt" in limit.error
    assert len(results) == 4


def test_article_limit_applies_inside_a_json_list(tmp_path: Path) -> None:
    write(tmp_path / "batch.json", json.dumps([{"text": BODY}] * 5))
    results = load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=2)

    assert [item.id for item in results[:2]] == ["batch-1", "batch-2"]
    assert isinstance(results[2], IngestFailure) and results[2].code == "too_large"
    assert len(results) == 3


def test_exactly_the_limit_is_not_a_failure(tmp_path: Path) -> None:
    for name in "ab":
        write(tmp_path / f"{name}.txt", BODY)
    results = load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=2)
    assert all(isinstance(item, Article) for item in results)


def test_folders_deeper_than_the_limit_are_skipped(tmp_path: Path) -> None:
    deep = tmp_path
    for level in range(MAX_FOLDER_DEPTH + 2):
        deep = deep / f"level{level}"
        write(deep / f"at{level}.txt", BODY)

    ids = [item.id for item in load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=50)]
    assert ids == [f"at{level}" for level in range(MAX_FOLDER_DEPTH)]


def test_symlinked_folder_loops_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)

    results = load_paths([tmp_path], max_article_bytes=LIMIT, max_articles=50)
    assert [item.id for item in results] == ["a"]


def test_failures_do_not_stop_the_batch(tmp_path: Path) -> None:
    write(tmp_path / "1.txt", b"\x00\x00binary")
    write(tmp_path / "2.txt", "")
    write(tmp_path / "3.txt", "x" * 2000)
    write(tmp_path / "4.txt", BODY)

    results = load_paths([tmp_path], max_article_bytes=1000, max_articles=50)
    assert [getattr(item, "code", "ok") for item in results] == [
        "binary_content",
        "empty_article",
        "too_large",
        "ok",
    ]


# --- robustness ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_clean_text_or_are_refused_as_binary(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except BinaryContentError:
        return
    assert all(char in "\n\t" or unicodedata.category(char) != "Cc" for char in text)
    assert not {"\r", "\u200b", "\ufeff", "\u00ad"} & set(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_normalising_twice_changes_nothing_more(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
