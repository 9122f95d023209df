"""Boilerplate removal: the seeds (one with boilerplate, four clean) and hand-written pages."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wiredesk.clean import clean
from wiredesk.schema import CleanResult

DATA = Path(__file__).resolve().parent.parent / "data" / "clean"


def seed(seeds_dir: Path, prefix: str) -> str:
    """The text of the seed whose file name starts with `prefix`."""
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def squash(text: str) -> str:
    """Text with all whitespace runs collapsed, to compare modulo paragraph formatting."""
    return " ".join(text.split())


def paragraphs(result: CleanResult) -> list[str]:
    return result.text.split("\n\n")


def reasons(result: CleanResult) -> list[tuple[str, str]]:
    """(reason, first 30 characters) of each removed block, in order."""
    return [(removed.reason, removed.text[:30]) for removed in result.removed]


def word_counts(*texts: str) -> Counter[str]:
    return Counter(word for text in texts for word in text.split())


# --- seed 001: the article alone ----------------------------------------------------------------


def test_seed_001_comes_out_as_the_article_alone(seeds_dir: Path) -> None:
    result = clean(seed(seeds_dir, "001"), language="de")

    expected = (DATA / "001_expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert result.text == expected


def test_seed_001_expected_output_is_the_seed_from_its_headline_minus_media_and_chrome(
    seeds_dir: Path,
) -> None:
    """The golden file is exactly the seed's lines from the headline on, less five blocks."""
    lines = [line.strip() for line in seed(seeds_dir, "001").splitlines() if line.strip()]
    article = lines[lines.index("Werden „nicht untätig bleiben“") :]
    dropped = [
        line
        for line in article
        if line in ("+", "Kommentare")
        or line.startswith("Zeremonie zum Treffen")  # the caption, before and after "+"
        or line.endswith("(Archivbild).")
    ]
    assert len(dropped) == 5
    expected = (DATA / "001_expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert expected == "\n\n".join(line for line in article if line not in dropped)


def test_seed_001_keeps_headline_subheads_standfirst_and_every_paragraph(seeds_dir: Path) -> None:
    result = clean(seed(seeds_dir, "001"), language="de")
    kept = paragraphs(result)

    assert kept[0] == "Werden „nicht untätig bleiben“"
    assert kept[1] == "Warum Südkorea mit Sorge auf Nordkoreas Allianz mit Russland blickt"
    assert kept[2].startswith("Bald könnten tausende nordkoreanische Soldaten")
    assert "Ukraine-Krieg: Tausende nordkoreanische Soldaten bald in Kampfzone?" in kept
    assert "Südkorea reagiert: Präsident Yoon Suk Yeol sagt „werden nicht untätig bleiben“" in kept
    assert kept[-1].endswith("(bme mit AFP).")
    assert len(kept) == 12
    # Every article paragraph from "Kiew –" on, except the photo caption, is there verbatim.
    body = seed(seeds_dir, "001").split("Kiew – ", 1)[1].split("\n\nKommentare")[0]
    article_blocks = [block for block in body.split("\n\n") if "(Archivbild)" not in block]
    assert squash("\n\n".join(kept)).endswith(squash("Kiew – " + "\n\n".join(article_blocks)))


def test_seed_001_removes_each_piece_of_boilerplate_with_its_reason(seeds_dir: Path) -> None:
    result = clean(seed(seeds_dir, "001"), language="de")

    assert reasons(result) == [
        ("adblock", "Bitte deaktivieren Sie Ihren A"),
        ("commercial", "Für die Finanzierung unseres j"),
        ("adblock", "Klicken Sie oben rechts in Ihr"),
        ("adblock", "Lesen Sie wie gewohnt mit akti"),
        ("list_commercial", "• Jetzt für nur 0,99€ im erste"),
        ("list_commercial", "• Unbegrenzter Zugang zu allen"),
        ("list_commercial", "• Lesen Sie nahezu werbefrei m"),
        ("list_commercial", "• Jederzeit kündbar"),
        ("login", "Sie haben das Produkt bereits "),
        ("caption_repeat", "Zeremonie zum Treffen zwischen"),
        ("lone_symbol", "+"),
        ("caption_repeat", "Zeremonie zum Treffen zwischen"),
        ("photo_credit", "Der russische Präsident Wladim"),
        ("ui_chrome", "Kommentare"),
    ]
    assert result.removed[11].text.endswith("(Juni 2024).")
    assert result.removed[12].text.endswith("(Archivbild).")


def test_seed_001_nothing_disappears_without_a_record(seeds_dir: Path) -> None:
    text = seed(seeds_dir, "001")
    result = clean(text, language="de")

    assert word_counts(result.text, *(r.text for r in result.removed)) == word_counts(text)


@pytest.mark.parametrize("language", [None, "de", "en"])
def test_seed_001_result_does_not_depend_on_the_language_hint(
    seeds_dir: Path, language: str | None
) -> None:
    expected = (DATA / "001_expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert clean(seed(seeds_dir, "001"), language=language).text == expected


# --- the clean seeds lose nothing -----------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "002", "004"])
@pytest.mark.parametrize("language", [None, "de"])
def test_clean_seeds_lose_nothing(seeds_dir: Path, prefix: str, language: str | None) -> None:
    text = seed(seeds_dir, prefix)
    result = clean(text, language=language)

    assert result.removed == []
    assert squash(result.text) == squash(text)
    assert len(paragraphs(result)) == len(text.strip().splitlines())


def test_seed_003_loses_only_its_trailing_byline(seeds_dir: Path) -> None:
    text = seed(seeds_dir, "003")
    result = clean(text, language="de")

    assert [(r.reason, r.text) for r in result.removed] == [("byline", "(V.Blanchet--LPdF)")]
    assert squash(result.text) == squash(text.replace("(V.Blanchet--LPdF)", ""))
    assert paragraphs(result)[0].startswith("Nordkorea sichert Russland Unterstützung")


def test_subheads_of_clean_seeds_survive(seeds_dir: Path) -> None:
    assert "Strategische Bedeutung und internationale Reaktionen" in paragraphs(
        clean(seed(seeds_dir, "002"))
    )
    assert "Internationale Reaktionen erwartet" in paragraphs(clean(seed(seeds_dir, "002")))
    assert "Globale Alarmglocken läuten" in paragraphs(clean(seed(seeds_dir, "004")))
    assert paragraphs(clean(seed(seeds_dir, "000")))[-1].startswith("Quellen für diesen Artikel")


# --- hand-written pages (not from the seeds) -----------------------------------------------------

ENGLISH_PAGE = """\
We use cookies to improve your experience on our site. By continuing to browse, you agree to \
our use of cookies.
Accept all
Manage preferences
Tech giant posts record profits
The company reported quarterly revenue of 90 billion dollars on Thursday, beating the \
expectations of analysts who had predicted a slowdown in demand for its phones and computers \
during the summer months.
Read more: Why chip makers are worried about the new export rules
Photo: Reuters
Shares rose in after-hours trading.
Chief executive Jane Doe said the results showed that the company's strategy of investing in \
services was paying off, and that she expected growth to continue into the next year despite \
the difficult economic climate.
Sign up for our newsletter to get the latest tech news delivered to your inbox every morning.
Share this article
"""

GERMAN_PAGE = """\
Bundestag beschließt neues Pflegegesetz

Der Bundestag hat am Donnerstag mit großer Mehrheit ein neues Gesetz zur Stärkung der Pflege \
beschlossen. Die Koalition sprach von einem wichtigen Schritt, die Opposition kritisierte die \
Finanzierung als unzureichend und kündigte weiteren Widerstand im Bundesrat an.

Foto: dpa

Lesen Sie auch: Pflegekräfte fordern mehr Lohn

Das Gesetz soll im Januar in Kraft treten.

Gesundheitsminister Karl Lauterbach verteidigte die Pläne in der Debatte. Es gehe darum, die \
Versorgung für Millionen Menschen zu sichern, sagte der SPD-Politiker. Kritiker bemängeln \
dagegen, dass die Beiträge für Versicherte weiter steigen könnten.

Newsletter abonnieren: Jetzt kostenlos anmelden und keine Nachricht mehr verpassen!

Mehr zum Thema
"""


def test_english_cookie_banner_teaser_credit_and_newsletter_are_removed() -> None:
    result = clean(ENGLISH_PAGE, language="en")

    assert paragraphs(result) == [
        "Tech giant posts record profits",
        ENGLISH_PAGE.splitlines()[4],
        "Shares rose in after-hours trading.",
        ENGLISH_PAGE.splitlines()[8],
    ]
    assert [r.reason for r in result.removed] == [
        "cookie",
        "ui_chrome",
        "ui_chrome",
        "teaser",
        "photo_credit",
        "newsletter",
        "ui_chrome",
    ]


def test_german_credit_teaser_and_newsletter_prompt_are_removed() -> None:
    result = clean(GERMAN_PAGE, language="de")

    assert [r.text for r in result.removed] == [
        "Foto: dpa",
        "Lesen Sie auch: Pflegekräfte fordern mehr Lohn",
        "Newsletter abonnieren: Jetzt kostenlos anmelden und keine Nachricht mehr verpassen!",
        "Mehr zum Thema",
    ]
    assert [r.reason for r in result.removed] == ["photo_credit", "teaser", "newsletter", "teaser"]
    kept = paragraphs(result)
    assert kept[0] == "Bundestag beschließt neues Pflegegesetz"
    assert "Das Gesetz soll im Januar in Kraft treten." in kept
    assert len(kept) == 4


def test_good_short_paragraph_between_good_paragraphs_is_kept() -> None:
    result = clean(ENGLISH_PAGE)
    assert "Shares rose in after-hours trading." in paragraphs(result)


def test_short_final_sentence_before_ui_chrome_is_kept() -> None:
    text = (
        GERMAN_PAGE.split("\n\n")[1]
        + "\n\nDie Abstimmung im Bundesrat folgt im März.\n\nKommentare\n\nArtikel teilen\n"
    )
    result = clean(text, language="de")

    assert paragraphs(result)[-1] == "Die Abstimmung im Bundesrat folgt im März."
    assert [r.reason for r in result.removed] == ["ui_chrome", "ui_chrome"]


def test_news_about_subscriptions_is_kept_but_an_inline_offer_is_not() -> None:
    text = (
        "Der Streamingdienst Netflix erhöht in Deutschland erneut seine Preise. Wie das "
        "Unternehmen am Dienstag mitteilte, steigen die Kosten für alle Tarife ab dem kommenden "
        "Monat. Betroffen sind sowohl Neukunden als auch Bestandskunden.\n"
        "Ein Standard-Abo kostet künftig 13,99 Euro im Monat, das Premium-Abo 19,99 Euro. "
        "Kunden können jederzeit kündigen.\n"
        "Verbraucherschützer kritisierten die Erhöhung. Viele Haushalte hätten ohnehin mit "
        "steigenden Kosten zu kämpfen, sagte eine Sprecherin der Verbraucherzentrale in Berlin.\n"
        "Jetzt Abo sichern: 3 Monate für 0,99 €\n"
        "Die Konkurrenz von Disney und Amazon hatte ihre Preise bereits im Frühjahr angehoben, um "
        "die hohen Kosten für eigene Serien und Filme auszugleichen, die stark gestiegen sind.\n"
    )
    result = clean(text, language="de")

    assert any(p.startswith("Ein Standard-Abo kostet künftig") for p in paragraphs(result))
    assert [(r.reason, r.text) for r in result.removed] == [
        ("commercial", "Jetzt Abo sichern: 3 Monate für 0,99 €")
    ]


def test_subscription_prose_at_the_top_goes_with_the_banner_around_it() -> None:
    text = (
        "Bitte deaktivieren Sie Ihren Werbeblocker.\n"
        "Unser Journalismus wird durch Werbung und Abonnements finanziert, die Angebote sind "
        "für Leser nur so möglich.\n"
        "Hier klicken und jetzt abonnieren\n\n" + GERMAN_PAGE.split("\n\n", 2)[1]
    )
    result = clean(text, language="de")

    assert paragraphs(result) == [GERMAN_PAGE.split("\n\n")[1]]
    assert [r.reason for r in result.removed] == ["adblock", "commercial", "commercial"]


def test_headline_after_boilerplate_is_kept() -> None:
    text = (
        "Cookie-Einstellungen\nWir verwenden Cookies. Bitte akzeptieren Sie unsere "
        "Datenschutzerklärung.\n" + GERMAN_PAGE
    )
    result = clean(text, language="de")

    assert paragraphs(result)[0] == "Bundestag beschließt neues Pflegegesetz"
    assert [r.reason for r in result.removed][:2] == ["ui_chrome", "cookie"]


def test_caption_repeated_around_a_plus_is_removed_twice() -> None:
    body = GERMAN_PAGE.split("\n\n")[1]
    caption = "Abgeordnete stimmen im Plenarsaal des Bundestags über das Pflegegesetz ab"
    text = f"{caption}\n+\n{caption} (Berlin, 12. März).\n\n{body}"
    result = clean(text, language="de")

    assert result.text == body
    assert [r.reason for r in result.removed] == ["caption_repeat", "lone_symbol", "caption_repeat"]


def test_a_headline_that_starts_the_first_paragraph_is_kept() -> None:
    body = GERMAN_PAGE.split("\n\n")[1]
    text = f"Der Bundestag\n\n{body}"
    assert paragraphs(clean(text))[0] == "Der Bundestag"


def test_a_repeated_paragraph_is_kept_once() -> None:
    body = GERMAN_PAGE.split("\n\n")[1]
    other = GERMAN_PAGE.split("\n\n")[5]
    result = clean(f"{body}\n\n{other}\n\n{body}", language="de")

    assert paragraphs(result) == [body, other]
    assert [r.reason for r in result.removed] == ["repeat"]


def test_bullet_list_of_facts_is_kept_but_an_offer_list_is_not() -> None:
    first, second = GERMAN_PAGE.split("\n\n")[1], GERMAN_PAGE.split("\n\n")[5]
    facts = "• Pflegegrad 2 bis 5 erhalten mehr Geld\n• Angehörige werden entlastet"
    offer = (
        "Digital-Abo: Alle Artikel lesen\n• 4 Wochen gratis testen\n• Danach 9,99 € im Monat\n"
        "• Jederzeit kündbar"
    )
    result = clean(f"{first}\n{facts}\n{second}\n{offer}")

    kept = paragraphs(result)
    assert "• Pflegegrad 2 bis 5 erhalten mehr Geld" in kept
    assert "• Angehörige werden entlastet" in kept
    assert [r.reason for r in result.removed] == ["commercial", *["list_commercial"] * 3]


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        ("Foto: dpa", "photo_credit"),
        ("Bild: picture alliance / AP", "photo_credit"),
        ("© AFP", "photo_credit"),
        ("Photo: Getty Images", "photo_credit"),
        ("Ein Soldat an der Front bei Kursk (Symbolbild).", "photo_credit"),
        ("Kim Jong-un bei einer Parade in Pjöngjang. Foto: KCNA", "photo_credit"),
        ("Lesen Sie auch: Was Kim von Putin will", "teaser"),
        ("Mehr zum Thema:", "teaser"),
        ("Read more: What Kim wants from Putin", "teaser"),
        ("Kommentare", "ui_chrome"),
        ("12 Kommentare", "ui_chrome"),
        ("Artikel teilen", "ui_chrome"),
        ("Share on Facebook", "ui_chrome"),
        ("(dpa)", "byline"),
        ("dpa/AFP", "byline"),
        ("***", "lone_symbol"),
        ("Bitte deaktivieren Sie Ihren Ad-Blocker", "adblock"),
        ("Please disable your ad blocker to continue reading.", "adblock"),
        ("Melden Sie sich an, um weiterzulesen: Passwort vergessen?", "login"),
        ("Sign in to your account to continue.", "login"),
        ("Subscribe now for $1.99 a month and cancel anytime.", "commercial"),
    ],
)
def test_boilerplate_block_between_good_paragraphs_is_removed(block: str, reason: str) -> None:
    first, second = GERMAN_PAGE.split("\n\n")[1], GERMAN_PAGE.split("\n\n")[5]
    result = clean(f"{first}\n\n{block}\n\n{second}")

    assert paragraphs(result) == [first, second]
    assert [(r.reason, r.text) for r in result.removed] == [(reason, block)]


@pytest.mark.parametrize(
    "block",
    [
        "Das Gesetz soll im Januar in Kraft treten.",
        "Kritik kam auch von den Sozialverbänden",
        "Der Streit um das Copyright an den Bildern dauert an.",
        "Wer zahlt für die Pflege?",
    ],
)
def test_ordinary_short_blocks_between_good_paragraphs_are_kept(block: str) -> None:
    first, second = GERMAN_PAGE.split("\n\n")[1], GERMAN_PAGE.split("\n\n")[5]
    assert paragraphs(clean(f"{first}\n\n{block}\n\n{second}")) == [first, block, second]


def test_text_without_any_long_paragraph_is_kept_except_explicit_boilerplate() -> None:
    text = "Kurze Meldung\nDer Zug fällt aus.\nErsatzbusse fahren ab 9 Uhr.\nFoto: dpa\n"
    result = clean(text)

    assert paragraphs(result) == [
        "Kurze Meldung",
        "Der Zug fällt aus.",
        "Ersatzbusse fahren ab 9 Uhr.",
    ]
    assert [r.reason for r in result.removed] == ["photo_credit"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", "\t\n \n"])
def test_empty_text_gives_empty_result(text: str) -> None:
    assert clean(text) == CleanResult(text="", removed=[])


def test_only_boilerplate_gives_empty_text() -> None:
    result = clean("Kommentare\n+\nFoto: dpa\nJetzt Abo testen: 0,99 €\n")
    assert result.text == ""
    assert len(result.removed) == 4


def test_hard_wrapped_paragraphs_are_joined_again() -> None:
    text = (
        "Bundestag beschließt neues Gesetz\n\n"
        "Der Bundestag hat am Donnerstag mit großer Mehrheit ein neues Gesetz zur\n"
        "Stärkung der Pflege beschlossen. Die Koalition sprach von einem wichtigen\n"
        "Schritt, die Opposition kritisierte die Finanzierung als unzureichend und\n"
        "kündigte weiteren Widerstand im Bundesrat an.\n\n"
        "Gesundheitsminister Karl Lauterbach verteidigte die Pläne in der Debatte.\n"
        "Es gehe darum, die Versorgung für Millionen Menschen zu sichern, sagte der\n"
        "SPD-Politiker. Kritiker bemängeln dagegen, dass die Beiträge steigen.\n"
    )
    kept = paragraphs(clean(text))

    assert len(kept) == 3
    assert kept[1].startswith("Der Bundestag hat") and kept[1].endswith("im Bundesrat an.")
    assert "zur Stärkung" in kept[1]
    assert kept[2].endswith("dass die Beiträge steigen.")


def test_one_sentence_per_line_text_is_not_mistaken_for_hard_wrapping() -> None:
    lines = [
        "Der Zug aus Hamburg hatte am Morgen mehr als eine Stunde Verspätung.",
        "Grund war nach Angaben der Bahn eine Störung an einem Stellwerk bei Hannover.",
        "Reisende mussten in überfüllte Regionalzüge umsteigen oder warten.",
        "Die Bahn kündigte an, die Ursache der Störung genau untersuchen zu lassen.",
    ]
    assert paragraphs(clean("\n".join(lines))) == lines


def test_windows_newlines_and_indentation_do_not_matter(seeds_dir: Path) -> None:
    text = seed(seeds_dir, "001")
    crlf = "\r\n".join("   " + line + " \t" for line in text.split("\n"))
    assert clean(crlf).text == clean(text).text


def test_output_paragraphs_are_separated_by_one_blank_line(seeds_dir: Path) -> None:
    result = clean(seed(seeds_dir, "000"))
    assert "\n\n\n" not in result.text
    assert all(p and p == p.strip() and "\n" not in p for p in paragraphs(result))


# --- robustness -----------------------------------------------------------------------------------

LINES = st.sampled_from(
    [
        "Kommentare",
        "+",
        "Foto: dpa",
        "• Jederzeit kündbar",
        "Bitte deaktivieren Sie Ihren Ad-Blocker",
        "Werden „nicht untätig bleiben“",
        "Lesen Sie auch: Kim droht",
        "Der Zug fällt aus.",
        GERMAN_PAGE.split("\n\n")[1],
        GERMAN_PAGE.split("\n\n")[5],
        "",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=25))
def test_every_word_is_either_kept_or_recorded_as_removed(lines: list[str]) -> None:
    text = "\n".join(lines)
    result = clean(text)

    assert word_counts(result.text, *(r.text for r in result.removed)) == word_counts(text)
    assert all(r.reason for r in result.removed)


def _timed(text: str) -> float:
    start = time.perf_counter()
    clean(text)
    return time.perf_counter() - start


def test_one_megabyte_of_articles_is_cleaned_quickly(seeds_dir: Path) -> None:
    articles = "\n\n".join(path.read_text(encoding="utf-8") for path in seeds_dir.glob("*.txt"))
    assert _timed((articles * 100)[:1_000_000]) < 2.0


@pytest.mark.parametrize(
    "text",
    [
        "Wort " * 200_000,  # one 1 MB line
        "(" * 1_000_000,
        "a" * 1_000_000,
        ("x " * 100 + "(Foto: " + "a" * 50 + "\n") * 4_000,
        "Kommentare\nAbo testen\nFoto: dpa\nHallo Welt\n" * 5_000,
        "\n".join("Zeremonie zum Treffen " + "x" * i for i in range(1_500)),
    ],
    ids=["long-line", "parens", "no-spaces", "caption-tails", "short-lines", "prefix-chain"],
)
def test_hostile_input_is_cleaned_in_bounded_time(text: str) -> None:
    assert _timed(text) < 2.0


@pytest.mark.parametrize(
    "quote",
    [
        '"You cannot offer free access to everyone," the minister said on Friday.',
        "„Wir bieten Ihnen Zugang zu allen Angeboten“, sagte der Sprecher am Freitag.",
    ],
)
def test_quoted_speech_that_addresses_someone_is_not_reader_address(quote: str) -> None:
    first, second = GERMAN_PAGE.split("\n\n")[1], GERMAN_PAGE.split("\n\n")[5]
    assert paragraphs(clean(f"{first}\n\n{quote}\n\n{second}")) == [first, quote, second]


ENGLISH_SHORT_PARAGRAPHS = """\
Skip to main content
North Korean troops head to Russia's Kursk region, Pentagon says
By Jane Reporter
About 10,000 North Korean soldiers have been sent to Russia for training and some of them are \
moving closer to Ukraine, the Pentagon said on Monday, raising fears of a wider conflict.
Advertisement
"We are concerned that Russia intends to use these soldiers in combat or to support combat \
operations against Ukrainian forces," a spokesperson told reporters in Washington.
South Korea's president said his country would not stand idly by.
Get our free daily newsletter
Sign up to receive the top stories you need to know right now.
Most Read
Man arrested after dog walks into bank
Storm warning issued for coast
© 2024 Example News. All rights reserved.
"""


def test_page_of_short_paragraphs_is_anchored_by_its_near_good_ones() -> None:
    lines = ENGLISH_SHORT_PARAGRAPHS.splitlines()
    result = clean(ENGLISH_SHORT_PARAGRAPHS, language="en")

    assert paragraphs(result) == [lines[1], lines[2], lines[3], lines[5], lines[6]]
    assert [(r.reason, r.text) for r in result.removed] == [
        ("ui_chrome", "Skip to main content"),
        ("ui_chrome", "Advertisement"),
        ("newsletter", "Get our free daily newsletter"),
        ("newsletter", "Sign up to receive the top stories you need to know right now."),
        ("teaser", "Most Read"),
        ("context", "Man arrested after dog walks into bank"),
        ("context", "Storm warning issued for coast"),
        ("photo_credit", "© 2024 Example News. All rights reserved."),
    ]
