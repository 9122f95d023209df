"""Cleaning rules from issue 11: article boundaries, money in news, every source language."""

from __future__ import annotations

import pytest

from wiredesk import clean_page
from wiredesk.clean import clean
from wiredesk.clean_words import guess_language, stopwords, stopwords_for

PARAGRAPH_1 = (
    "Die Stadtwerke haben am Montag angekündigt, dass sie die Preise für Fernwärme im kommenden "
    "Jahr nicht erhöhen werden. Der Vorstand begründete das mit gesunkenen Kosten beim Einkauf "
    "von Gas und mit den Rücklagen, die in den vergangenen Jahren gebildet worden seien."
)
PARAGRAPH_2 = (
    "Im Stadtrat stieß die Entscheidung auf Zustimmung. Die Opposition forderte allerdings, "
    "dass die Stadtwerke ihre Kalkulation offenlegen, damit die Kunden nachvollziehen können, "
    "wie sich der Preis in den nächsten Jahren entwickeln wird."
)
PARAGRAPH_3 = (
    "Nach Angaben der Verbraucherzentrale zahlt ein durchschnittlicher Haushalt in der Stadt "
    "derzeit rund 1.450 Euro im Jahr für Fernwärme. Das ist etwas weniger als im Landesschnitt, "
    "aber deutlich mehr als noch vor drei Jahren, als es rund 980 Euro waren."
)
MENU = "\n".join(
    [
        "Startseite",
        "Politik",
        "Wirtschaft",
        "Sport",
        "Kultur",
        "Wissen",
        "Reisen",
        "Auto",
        "Digital",
        "Gesundheit",
        "Familie",
        "Video",
        "Podcasts",
        "Archiv",
    ]
)


def paragraphs(text: str) -> list[str]:
    return clean(text).text.split("\n\n")


# --- boundaries: the body keeps its short lines --------------------------------------------------


def test_final_paragraph_between_an_ad_and_share_buttons_is_kept() -> None:
    final = "Die Entscheidung gilt zunächst bis Ende 2026."
    text = "\n".join(
        [PARAGRAPH_1, PARAGRAPH_2, "Anzeige", final, "Teilen auf Facebook", "Teilen auf X"]
    )
    result = clean(text)
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2, final]
    assert [removed.reason for removed in result.removed] == ["ui_chrome"] * 3


@pytest.mark.parametrize(
    "line",
    [
        "Additional reporting by Anna Meier; Editing by Tom Brown",
        "Mitarbeit: Jonas Weber",
        "Mit Material von dpa und Reuters",
        "With reporting from Anna Meier in Berlin",
        "Bis nächste Woche, eure Lena",
    ],
)
def test_credit_and_sign_off_after_the_last_paragraph_are_kept(line: str) -> None:
    assert paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, line])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        line,
    ]


def test_list_items_table_rows_and_sub_heads_inside_the_body_are_kept() -> None:
    body = [
        PARAGRAPH_1,
        "Die wichtigsten Zahlen",
        "| Jahr | Preis je MWh |",
        "| 2024 | 118 Euro |",
        "- Grundpreis bleibt gleich",
        "- Arbeitspreis sinkt leicht",
        PARAGRAPH_2,
    ]
    assert paragraphs("\n".join(body)) == body


def test_a_comment_form_after_the_article_on_a_whole_page_is_removed_as_a_whole() -> None:
    comment = (
        "Ich finde die Entscheidung richtig, aber die Stadtwerke hätten das schon letztes Jahr "
        "ankündigen können. Viele Haushalte haben sich große Sorgen gemacht und wussten nicht, "
        "wie sie die Rechnung bezahlen sollen, wenn die Preise wieder steigen."
    )
    text = "\n".join(
        [
            MENU,
            "Fernwärme wird nicht teurer",
            PARAGRAPH_1,
            PARAGRAPH_2,
            PARAGRAPH_3,
            "Schreibe einen Kommentar",
            "Deine E-Mail-Adresse wird nicht veröffentlicht.",
            "Anna K.",
            comment,
            MENU,
        ]
    )
    result = clean(text)
    assert result.text.split("\n\n") == [
        "Fernwärme wird nicht teurer",
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert reasons["Schreibe einen Kommentar"] == "trailer"
    assert reasons[comment] == "trailer"


def test_a_related_articles_heading_inside_the_article_does_not_end_it() -> None:
    """Only the teaser line goes: the article goes on below it, on a page or extracted."""
    body = [PARAGRAPH_1, "Mehr zum Thema", PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join(body)) == [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    page = [MENU, "Fernwärme wird nicht teurer", *body, MENU]
    assert paragraphs("\n".join(page)) == [
        "Fernwärme wird nicht teurer",
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]


# --- money in news is news ---------------------------------------------------------------------


def test_a_price_in_a_news_paragraph_is_kept() -> None:
    news = (
        "The company's revenue rose 11 percent to $41.1 billion, and the board approved a "
        "dividend of $0.55 a share, or about $600 million in all, payable in March."
    )
    assert news in paragraphs("\n".join([PARAGRAPH_1, news, PARAGRAPH_2]))


def test_a_price_with_offer_language_is_still_commercial() -> None:
    offer = "Alle Artikel lesen – 9,99 € im Monat, jederzeit kündbar"
    result = clean("\n".join([PARAGRAPH_1, offer, PARAGRAPH_2]))
    assert offer not in result.text
    assert [removed.reason for removed in result.removed] == ["commercial"]


# --- every source language ----------------------------------------------------------------------


FRENCH = (
    "Le gouvernement a annoncé mardi que les prix de l'énergie ne seront pas augmentés cette "
    "année. Selon le ministre, cette décision a été prise après de longues discussions avec les "
    "fournisseurs, qui ont accepté de limiter leurs marges pendant l'hiver."
)
FRENCH_2 = (
    "Les associations de consommateurs ont salué une mesure attendue depuis longtemps, mais "
    "elles demandent que le dispositif soit prolongé au-delà de l'hiver pour les ménages les "
    "plus modestes, qui consacrent une part importante de leur budget au chauffage."
)


def test_french_boilerplate_is_removed_and_french_prose_kept() -> None:
    text = "\n".join(
        [
            FRENCH,
            "À lire aussi : Les prix du gaz en baisse",
            FRENCH_2,
            "Abonnez-vous à notre newsletter et recevez l'essentiel de l'actualité",
        ]
    )
    result = clean(text)
    assert result.text.split("\n\n") == [FRENCH, FRENCH_2]
    assert [removed.reason for removed in result.removed] == ["teaser", "newsletter"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (FRENCH, "fr"),
        (PARAGRAPH_1, "de"),
        ("El gobierno anunció el martes que los precios de la energía no subirán este año.", "es"),
        ("Il governo ha annunciato martedì che i prezzi dell'energia non aumenteranno.", "it"),
        ("De regering heeft dinsdag aangekondigd dat de energieprijzen niet zullen stijgen.", "nl"),
        ("Rząd ogłosił we wtorek, że ceny energii nie wzrosną w tym roku.", "pl"),
        ("政府周二宣布，今年的能源价格不会上涨。", "zh"),
        ("政府は火曜日に、今年はエネルギー価格を上げないと発表した。", "ja"),
    ],
)
def test_the_language_of_a_text_is_guessed_from_its_stopwords(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "code",
    [
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "ru",
        "pl",
        "uk",
        "zh",
        "ja",
        "ko",
        "ar",
        "tr",
        "sv",
        "fi",
        "da",
        "cs",
        "en",
    ],
)
def test_every_registered_source_language_has_stopwords(code: str) -> None:
    assert len(stopwords(code)) >= 20


def test_a_given_language_picks_its_list_and_chinese_is_counted_per_character() -> None:
    assert stopwords_for("texte", "fr") == (stopwords("fr"), False)
    assert stopwords_for("文本", "zh") == (stopwords("zh"), True)


def test_a_short_text_far_below_the_article_on_a_whole_page_is_removed() -> None:
    footer = (
        "Sofern nicht anders angegeben, stehen alle Inhalte dieser Website unter einer "
        "freien Lizenz und dürfen mit Nennung der Quelle weiterverwendet werden."
    )
    teasers = [f"Lesen Sie auch: Stadtrat tagt zum {day}. Mal" for day in range(1, 13)]
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    text = "\n".join([MENU, *article, *teasers, MENU, footer])
    result = clean(text)
    assert result.text.split("\n\n") == [
        "Fernwärme wird nicht teurer",
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]
    assert {removed.text: removed.reason for removed in result.removed}[footer] == "outside_article"


def test_the_same_footer_text_right_after_an_extracted_article_is_kept() -> None:
    """Without menus the text is an extracted article: its last line is not cut as a footer."""
    last = "Die Stadtwerke wollen die neuen Preise im Dezember veröffentlichen."
    assert paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, last])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        last,
    ]


def test_news_about_subscriptions_as_the_last_paragraph_of_an_extracted_article_is_kept() -> None:
    last = "Die Zahl der Abonnements stieg im dritten Quartal auf 2,1 Millionen, ein Plus von 8 %."
    assert paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, last])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        last,
    ]


def test_a_long_list_of_short_lines_between_paragraphs_does_not_make_a_whole_page() -> None:
    """Menus frame a page's article; a list inside an extracted article is the article's."""
    services = ["Fernwärme", "Strom", "Erdgas", "Trinkwasser", "Abwasser", "Bäder"]
    services += ["Busse", "Parkhäuser", "Glasfaser", "Ladesäulen", "Hafen", "Messe", "Eisbahn"]
    text = "\n".join([PARAGRAPH_1, *services, PARAGRAPH_2, PARAGRAPH_3])
    assert paragraphs(text) == [PARAGRAPH_1, *services, PARAGRAPH_2, PARAGRAPH_3]


def test_a_longer_sentence_between_two_ads_in_an_extracted_article_is_kept() -> None:
    """Near-good prose is the article's between ads, as a shorter sentence is."""
    sentence = (
        "Der Beschluss gilt zunächst für zwei Jahre, danach will der Stadtrat neu beraten, "
        "wie es mit den Preisen für die Kunden weitergehen soll."
    )
    ad_1 = "Jetzt abonnieren: Lesen Sie alle Artikel 30 Tage gratis im Probeabo!"
    ad_2 = "Melden Sie sich jetzt für unseren kostenlosen Newsletter an!"
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, ad_1, sentence, ad_2]))
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2, sentence]


@pytest.mark.parametrize("heading", ["Themen in diesem Artikel", "Schlagwörter", "Tags:"])
def test_a_tag_list_heading_below_the_article_starts_its_trailer(heading: str) -> None:
    teasers = ["Stadtrat", "Energie", "Neue Busse für die Innenstadt", "So wohnt die Stadt 2030"]
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, heading, *teasers, MENU]))
    assert result.text.split("\n\n") == article
    assert {removed.text: removed.reason for removed in result.removed}[heading] == "trailer"


def test_a_menu_of_nine_lines_between_paragraphs_of_a_whole_page_is_navigation() -> None:
    menu = ["Bund", "Land", "Kreis", "Stadt", "Dorf", "Markt", "Hafen", "Messe", "Zoo"]
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article[:2], *menu, *article[2:], MENU]))
    kept = result.text.split("\n\n")
    assert [block for block in kept if block in article] == article
    reasons = {removed.text: removed.reason for removed in result.removed}
    # The menu's last line is spared: right above a paragraph it may be a headline.
    assert {reasons[line] for line in menu[:-1]} == {"navigation"}


@pytest.mark.parametrize(
    "line", ["Hinterlasse eine Antwort", "Kommentar hinzufügen", "Teilen Sie dies mit:"]
)
def test_a_comment_or_share_line_after_the_article_starts_its_trailer(line: str) -> None:
    comment = (
        "Ich finde die Entscheidung richtig, aber die Stadtwerke hätten das auch früher "
        "sagen können, dann hätten sich viele Kunden weniger Sorgen gemacht."
    )
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, line, comment, MENU]))
    assert result.text.split("\n\n") == article
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert reasons[line] == reasons[comment] == "trailer"


@pytest.mark.parametrize("line", ["Zurück zur Übersicht", "Back to overview"])
def test_a_back_to_the_overview_link_is_ui_chrome(line: str) -> None:
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, line]))
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2]
    assert {removed.text: removed.reason for removed in result.removed}[line] == "ui_chrome"


# --- the article's region on a whole page -------------------------------------------------------


HEADLINE = "Fernwärme wird nicht teurer"


def test_a_teaser_above_the_article_parted_from_it_by_a_menu_is_outside_the_article() -> None:
    teaser = "Regie, Kritik und alle Termine."
    text = "\n".join([MENU, "Neu im Kino", teaser, MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, MENU])
    result = clean(text)
    assert result.text.split("\n\n") == [HEADLINE, PARAGRAPH_1, PARAGRAPH_2]
    assert {removed.text: removed.reason for removed in result.removed}[teaser] == (
        "outside_article"
    )


def test_every_item_of_a_list_inside_the_article_before_an_ad_is_kept() -> None:
    """Inside the article's region, short lines without a signal are its own (a price list)."""
    prices = ["Die neuen Preise:", "Grundpreis: 12 Euro", "Arbeitspreis: 9,8 Cent"]
    prices += ["Messpreis: 3 Euro", "Stand: 1. Januar"]
    ad = "Jetzt abonnieren: Lesen Sie alle Artikel 30 Tage gratis im Probeabo!"
    article = [HEADLINE, PARAGRAPH_1, *prices]
    result = clean("\n".join([MENU, *article, ad, PARAGRAPH_2, PARAGRAPH_3, MENU]))
    assert result.text.split("\n\n") == [*article, PARAGRAPH_2, PARAGRAPH_3]
    assert [removed.reason for removed in result.removed if removed.text == ad] == ["commercial"]


def test_a_paragraph_between_two_ads_inside_the_article_on_a_whole_page_is_kept() -> None:
    """The context rules drop it (boilerplate on both sides); the article's region keeps it."""
    sentence = (
        "Der Beschluss gilt zunächst für zwei Jahre, danach will der Stadtrat neu beraten, "
        "wie es mit den Preisen für die Kunden weitergehen soll."
    )
    ad_1 = "Jetzt abonnieren: Lesen Sie alle Artikel 30 Tage gratis im Probeabo!"
    ad_2 = "Melden Sie sich jetzt für unseren kostenlosen Newsletter an!"
    article = [HEADLINE, PARAGRAPH_1, ad_1, sentence, ad_2, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, MENU]))
    assert result.text.split("\n\n") == [HEADLINE, PARAGRAPH_1, sentence, PARAGRAPH_2, PARAGRAPH_3]
    assert [removed.reason for removed in result.removed if removed.text in (ad_1, ad_2)] == [
        "commercial",
        "newsletter",
    ]


def test_a_story_in_one_sentence_paragraphs_under_a_long_menu_keeps_every_sentence() -> None:
    sentences = [
        "Die Stadtwerke erhöhen die Preise für Fernwärme im kommenden Jahr nicht.",
        "Das hat der Vorstand am Montag im Stadtrat angekündigt.",
        "Gründe seien gesunkene Kosten beim Einkauf von Gas und hohe Rücklagen.",
        "Die Opposition verlangt, dass die Stadtwerke ihre Kalkulation offenlegen.",
        "Der Stadtrat will im Dezember erneut über die Preise beraten.",
    ]
    assert paragraphs("\n".join([MENU, MENU, HEADLINE, *sentences, MENU])) == [
        HEADLINE,
        *sentences,
    ]


def test_a_last_sentence_between_an_ad_and_share_buttons_is_kept_and_related_links_go() -> None:
    last = "Der Stadtrat stimmt am Donnerstag ab."
    related = ["Busse fahren öfter", "Neues Hallenbad eröffnet"]
    share = ["Teilen auf Facebook", "Teilen auf X"]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, "Anzeige", last]
    text = "\n".join([MENU, *article, *share, "Ähnliche Artikel", *related, MENU])
    result = clean(text)
    assert result.text.split("\n\n") == [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, last]
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert {reasons[line] for line in related} == {"trailer"}


def test_the_region_is_the_run_of_blocks_worth_most() -> None:
    """A menu's cost parts a sidebar from the article; a teaser worth little stays outside."""
    kinds = [clean_page.KEPT_TEXT, *[clean_page.MENU] * 5, clean_page.KEPT_TEXT]
    kinds += [clean_page.KEPT_LINE, clean_page.KEPT_TEXT, clean_page.INLINE, clean_page.KEPT_TEXT]
    lengths = [60, *[10] * 5, 300, 30, 500, 20, 400]
    scores = [clean_page.score(kind, length) for kind, length in zip(kinds, lengths, strict=True)]
    kept = [kind.startswith(("text", "line")) for kind in kinds]
    assert clean_page.article_region(scores, kept, [False] * len(kinds), kept) == (6, 10)


def test_a_second_run_worth_a_share_of_the_first_joins_the_region() -> None:
    """An article parted by a gallery of removed lines is one article."""
    scores = [400.0, -50.0, -50.0, 200.0, -40.0, 10.0]
    kept = [True, False, False, True, False, True]
    assert clean_page.article_region(scores, kept, [False] * 6, kept) == (0, 3)


def test_the_region_takes_in_the_headline_above_and_a_lead_in_list_below() -> None:
    scores = [0.0, 0.0, 500.0, 0.0, 0.0, 0.0]
    kept = [True, True, True, True, False, True]
    items = [True, True, True, True, True, False]
    assert clean_page.article_region(scores, kept, [False] * 6, items) == (1, 2)
    lead_in = [False, False, True, False, False, False]
    assert clean_page.article_region(scores, kept, lead_in, items) == (1, 4)


def test_a_list_after_a_lead_in_at_the_end_of_the_article_on_a_whole_page_is_kept() -> None:
    lines = ["Die Preise gelten für diese Stadtteile:", "Altstadt, Neustadt und Hafen"]
    lines += ["Nordviertel (ab 1. März)", "Südstadt (ab 1. Juli)"]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, *lines]
    assert paragraphs("\n".join([MENU, *article, MENU])) == article


@pytest.mark.parametrize(
    "credit", ["Mitarbeit: Jonas Weber", "Additional reporting by Anna Meier in Berlin"]
)
def test_a_credit_line_below_the_article_on_a_whole_page_is_kept_and_a_link_heading_goes(
    credit: str,
) -> None:
    text = "\n".join(
        [MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, credit, "Weiterführende Links", MENU]
    )
    assert paragraphs(text) == [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, credit]


def test_no_region_without_a_block_worth_anything() -> None:
    kept = [False, True, False]
    assert clean_page.article_region([-5.0, 0.0, -40.0], kept, [False] * 3, kept) is None


TEASERS = [
    ("Neues Hallenbad öffnet im Frühjahr", "Die Bauarbeiten liegen im Zeitplan, sagt die Stadt."),
    ("Busse fahren nachts wieder öfter", "Der Verkehrsverbund reagiert auf viele Beschwerden."),
    ("Zwei Schulen werden erweitert", "Der Stadtrat gibt dafür zwölf Millionen Euro frei."),
    ("Markthalle sucht neue Betreiber", "Der bisherige Pächter hört zum Jahresende auf."),
]


@pytest.mark.parametrize("marked", [True, False])
def test_a_list_of_related_articles_below_a_whole_page_article_goes_as_teasers(
    marked: bool,
) -> None:
    """Groups of a rubric, a title, a blurb and a date; or only of a title and a blurb."""
    groups = [
        line
        for number, (title, blurb) in enumerate(TEASERS, start=1)
        for line in (
            ("Stadt", title, blurb, f"{number + 10}.03.2024") if marked else (title, blurb)
        )
    ]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, *groups, MENU]))
    assert result.text.split("\n\n") == article
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert "teaser" in {reasons[title] for title, _ in TEASERS}


@pytest.mark.parametrize(("dated", "long"), [(False, True), (True, True), (False, False)])
def test_an_article_of_sub_heads_and_short_paragraphs_on_a_whole_page_keeps_all(
    dated: bool, long: bool
) -> None:
    """A chronicle's sections (a date, a sub-head, short paragraphs) are no teaser list."""
    sections = [
        line
        for number, (title, blurb) in enumerate(TEASERS, start=1)
        for line in (
            *([f"{number + 10}.03.2024"] if dated else []),
            title,
            blurb,
            *([f"{blurb} {PARAGRAPH_2}"] if long else []),
        )
    ]
    article = [HEADLINE, PARAGRAPH_1, *sections, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *article, MENU])) == article


def test_a_chain_of_the_same_line_with_titles_below_the_text_is_a_teaser_list() -> None:
    marks = [None, None, "mehr", None, None, "mehr", None, None, "mehr", None]
    titles = [False, False, False, True, False, False, True, False, False, True]
    titles[1] = True
    kept = [True, *[True] * 9]
    lengths = [2000, *[80] * 9]
    assert clean_page.teaser_lists(marks, titles, kept, lengths) == [(2, 10 - 1)]
    assert clean_page.teaser_lists(marks, titles, kept, [100, *[80] * 9]) == []


def test_a_list_of_bare_titles_below_a_whole_page_article_goes_and_a_faq_stays() -> None:
    titles = [title for title, _ in TEASERS]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, *titles, MENU]))
    assert result.text.split("\n\n") == article
    answer = "Das haben die Stadtwerke am Montag im Stadtrat gesagt, wie die Sprecherin erklärte."
    faq = [
        line
        for question in ("Wer zahlt weniger?", "Ab wann gilt das?", "Was kostet es?")
        for line in (question, f"{question[:-1]}: {answer}")
    ]
    assert paragraphs("\n".join([MENU, *article, *faq, MENU])) == [*article, *faq]


@pytest.mark.parametrize(
    ("text", "title", "shape"),
    [
        ("Neues Hallenbad öffnet im Frühjahr", True, "t"),
        ("Wer zahlt weniger?", True, "q"),
        ("Stadion     Stadion an der Weser", True, "x"),
        ("12.03.2024", False, "d"),
        ("Stadt", False, "m"),
        ("Der Verkehrsverbund reagiert auf viele Beschwerden.", False, "b"),
    ],
)
def test_a_lines_part_in_a_teaser_group(text: str, title: bool, shape: str) -> None:
    prose = text.endswith(".")
    assert clean_page.teaser_shape(text, title=title, prose=prose) == shape
