"""Cleaning rules from issue 11: article boundaries, money in news, every source language."""

from __future__ import annotations

import pytest

from wiredesk import clean_page
from wiredesk.clean import clean
from wiredesk.clean_words import guess_language, stopwords, stopwords_for
from wiredesk.schema import CleanResult

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


def removals(result: CleanResult) -> list[tuple[str, str]]:
    """Each removed block's text with its reason, in order."""
    return [(removed.text, removed.reason) for removed in result.removed]


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
    # The form's own lines are comment-form furniture; what follows them is the trailer.
    assert reasons["Schreibe einen Kommentar"] == "comment_form"
    assert reasons["Anna K."] == reasons[comment] == "trailer"


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
    assert paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, ad_1, sentence, ad_2])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        sentence,
    ]


@pytest.mark.parametrize("heading", ["Themen in diesem Artikel", "Schlagwörter", "Tags:"])
def test_a_tag_list_heading_below_the_article_starts_its_trailer(heading: str) -> None:
    teasers = ["Stadtrat", "Energie", "Neue Busse für die Innenstadt", "So wohnt die Stadt 2030"]
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, heading, *teasers, MENU]))
    assert result.text.split("\n\n") == article
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert reasons[heading] in {"trailer", "post_meta"}
    assert {reasons[teaser] for teaser in teasers} == {"trailer"}


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
    assert reasons[comment] == "trailer"
    assert reasons[line] in {"trailer", "comment_form", "share"}


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
    prices += ["Messpreis: 3 Euro", "Preisgarantie bis Ende 2027"]
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


def test_an_article_list_after_a_sub_head_taken_for_a_teaser_is_kept() -> None:
    # "Empfehlungen" reads like a teaser label, but only an offer's wording leads an offer.
    items = [
        "- Informieren Sie sich vor der Reise über die Regeln der Region, in die Sie fahren.",
        "- Nutzen Sie das Einreiseportal des Landes und halten Sie Ihre Unterlagen bereit.",
    ]
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, "Empfehlungen", *items, PARAGRAPH_3])
    kept = clean(text, language="de").text
    assert all(item in kept for item in items)


def test_a_bullet_list_led_by_an_offer_is_still_an_offer() -> None:
    offer = "Jetzt abonnieren und sparen: Ihre Vorteile im Digital-Abo für nur 9,99 Euro im Monat:"
    items = ["- Alle Artikel ohne Werbung", "- Die App für unterwegs"]
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, offer, *items, PARAGRAPH_3])
    result = clean(text, language="de")
    assert not any(item in result.text for item in items)
    assert {r.reason for r in result.removed if r.text in items} == {"list_commercial"}


# --- page furniture: lines a site puts around every article ---------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Aktualisiert: 3. Mai 2024, 15:54 Uhr", "date"),
        ("Dienstag, 14.05.2024", "date"),
        ("Letzte Änderung 14.02.2024", "date"),
        ("Publié le 12 mars 2024 à 08h15", "date"),
        ("martes, 5 de marzo de 2024", "date"),
        ("Teile diesen Beitrag mit Freunden:", "share"),
        ("War dieser Artikel hilfreich?", "share"),
        ("Share this story with a friend", "share"),
        ("Partager cet article", "share"),
        ("Condividi su Facebook", "share"),
        ("Deel dit artikel", "share"),
        ("Udostępnij na Facebooku", "share"),
        ("Keine Kommentare", "comment_form"),
        ("Comments are closed.", "comment_form"),
        ("Nessun commento", "comment_form"),
        ("Tags: Stadtwerke, Fernwärme, Stadtrat", "post_meta"),
        ("Étiquettes : énergie, chauffage urbain", "post_meta"),
        ("This entry was posted in Local news. Bookmark the permalink.", "post_meta"),
        (
            "Dieser Beitrag wurde veröffentlicht in Lokales und verschlagwortet mit Energie.",
            "post_meta",
        ),
        ("« Vorheriger Beitrag", "post_navigation"),
        ("Next post: A new bus line for the old town", "post_navigation"),
        ("Artículo anterior", "post_navigation"),
        ("Alle Rechte vorbehalten. Vervielfältigung nur mit Genehmigung.", "copyright"),
        ("Tous droits réservés", "copyright"),
        ("Wszelkie prawa zastrzeżone", "copyright"),
        ("Proudly powered by WordPress", "copyright"),
        ("Dieser Text steht unter einer Creative-Commons-Lizenz.", "copyright"),
        ("Materiał chroniony prawem autorskim.", "copyright"),
        (
            "Der Beitrag gibt die Meinung des Autors wieder, nicht die der Redaktion.",
            "copyright",
        ),
        ("Les opinions exprimées n'engagent que leurs auteurs.", "copyright"),
        ("Filed under Local politics", "post_meta"),
        ("Some rights reserved.", "copyright"),
        ("Disclaimer: Die Redaktion haftet nicht für verlinkte Seiten.", "copyright"),
        ("Tiempo de lectura: 4 minutos", "reading_time"),
        ("Czas czytania: 3 minuty", "reading_time"),
        ("Temps de lecture : 5 min", "reading_time"),
        ("Quelle: Statistisches Landesamt", "photo_credit"),
        ("Photo by Jane Example on a stock site", "photo_credit"),
        ("Fot. Jan Przykład / Agencja", "photo_credit"),
        ("Rezept drucken", "ui_chrome"),
        ("Pinnen Twittern Senden", "ui_chrome"),
    ],
)
def test_page_furniture_around_an_extracted_article_is_removed(line: str, reason: str) -> None:
    result = clean("\n".join([line, PARAGRAPH_1, PARAGRAPH_2, line, PARAGRAPH_3, line]))
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert {removed.reason for removed in result.removed} == {reason}


@pytest.mark.parametrize(
    "line",
    [
        "Am 3. Mai 2024 beschließt der Stadtrat die neuen Tarife.",
        "Mai 2024: Der Stadtrat beschließt die neuen Tarife",
        "Hotline: +49 30 12-05-2019",
        "Die Stadtwerke teilen mit, dass die Preise stabil bleiben.",
        "Kommentare von Lesern zeigen, dass viele Kunden zufrieden sind.",
    ],
)
def test_news_lines_that_look_like_furniture_are_kept(line: str) -> None:
    assert clean("\n".join([PARAGRAPH_1, line, PARAGRAPH_2])).text.split("\n\n") == [
        PARAGRAPH_1,
        line,
        PARAGRAPH_2,
    ]


def test_furniture_inside_the_article_does_not_break_its_sub_heads() -> None:
    """Dates and share rows are inline: a sub-head above them still leads its paragraph."""
    sub_head = "Was die Kunden zahlen"
    text = "\n".join(
        [PARAGRAPH_1, PARAGRAPH_2, sub_head, "Teilen auf Facebook", "12.05.2024", PARAGRAPH_3]
    )
    assert clean(text).text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2, sub_head, PARAGRAPH_3]


@pytest.mark.parametrize(
    "heading",
    [
        "Diese Artikel könnten Sie auch interessieren",
        "Meistgelesene Artikel",
        "Teilen mit:",
        "Related Topics",
        "Articles en relation",
        "También te puede interesar",
        "Notizie correlate",
        "Meer nieuws",
        "Powiązane artykuły",
    ],
)
def test_a_related_or_share_heading_below_the_article_starts_its_trailer(heading: str) -> None:
    teaser = (
        "Neue Busse für die Innenstadt: Ab dem kommenden Jahr fahren auf drei Linien nur noch "
        "elektrische Busse, die Stadtwerke haben dafür zwanzig Fahrzeuge bestellt."
    )
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, heading, teaser, MENU]))
    assert result.text.split("\n\n") == article
    assert {removed.text: removed.reason for removed in result.removed}[teaser] == "trailer"


@pytest.mark.parametrize(
    "line",
    [
        "When you buy through links on our site, we may earn an affiliate commission.",
        "Join thousands of readers who get our best stories delivered to their inboxes.",
        "Unabhängiger Journalismus kostet Geld: Spenden Sie und unterstützen Sie uns.",
        "Soutenez notre rédaction : faites un don.",
        "ANZEIGE - Heute schon an morgen gedacht? Unser Tipp für Ihre Altersvorsorge.",
        "Die Zeitung gibt es jetzt auch digital! Einfach hier klicken und registrieren!",
    ],
)
def test_affiliate_notes_and_newsletter_prompts_are_commercial(line: str) -> None:
    assert paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, line])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Das Affiliate-Netzwerk der Stiftung wächst weiter.",
        "Quellen und Methoden der Studie werden im Anhang erklärt.",
    ],
)
def test_lines_that_only_resemble_credits_or_offers_are_kept(line: str) -> None:
    text = "\n".join([PARAGRAPH_1, line, PARAGRAPH_2])
    assert clean(text).text.split("\n\n") == [PARAGRAPH_1, line, PARAGRAPH_2]


@pytest.mark.parametrize(
    "line",
    [
        "Die Anwendung ist kostenlos und läuft auf Ihrem Smartphone.",
        "Falls Sie schon registriert sind, können Sie die Einstellung in Ihrem Profil ändern.",
        "Die Firewall der Stadtwerke arbeitet mit einer Whitelist erlaubter Adressen.",
        "Wartezeit am Schalter: 15 – 30 Min",
        "Anmeldung zur Bürgerversammlung: ohne Anmeldung kein Einlass",
    ],
)
def test_one_weak_signal_word_addressed_to_the_reader_is_kept(line: str) -> None:
    text = "\n".join([PARAGRAPH_1, line, PARAGRAPH_2])
    assert clean(text).text.split("\n\n") == [PARAGRAPH_1, line, PARAGRAPH_2]


@pytest.mark.parametrize("line", ["Sign up today.", "Cliquez ici pour en profiter gratuitement."])
def test_a_weak_signal_word_with_an_offer_imperative_is_commercial(line: str) -> None:
    assert paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, line, PARAGRAPH_3])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]


def test_a_recommendations_sub_head_and_its_list_are_kept() -> None:
    items = [
        "- Informieren Sie sich vor der Reise über die Regeln am Zielort.",
        "- Nehmen Sie gültige Reisedokumente für alle Reisenden mit.",
    ]
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, "Empfehlungen", *items, PARAGRAPH_3])
    kept = clean(text).text.split("\n\n")
    assert kept == [PARAGRAPH_1, PARAGRAPH_2, "Empfehlungen", *items, PARAGRAPH_3]


@pytest.mark.parametrize(
    "heading", ["Neueste Kommentare", "Recent comments", "Kategorien", "Archives"]
)
def test_a_sidebar_widget_heading_below_the_article_starts_its_trailer(heading: str) -> None:
    teaser = (
        "Anna K. zu Fernwärme wird nicht teurer: Ich finde die Entscheidung richtig, aber "
        "sie kommt spät, und viele Kunden haben sich lange Sorgen gemacht."
    )
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *article, heading, teaser, MENU])) == article


@pytest.mark.parametrize(
    "line",
    [
        "View this post on Instagram",
        "A post shared by Example (@example)",
        "Siehe auch",
        "Meistkommentiert",
        "Vous avez lu 2 des 5 articles gratuits ce mois-ci.",
        "Die neue Leitstelle am Stadtrand (Quelle: Stadtwerke)",
        "Benachrichtigung aktivieren",
    ],
)
def test_embed_frames_and_see_also_lines_are_removed(line: str) -> None:
    assert paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2, PARAGRAPH_3])) == [
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Neue Busse für die Innenstadt: Ab Januar fahren sie elektrisch. Weiterlesen →",
        "So wohnt die Stadt im Jahr 2030 »",
        "Le tramway arrive enfin dans le quartier nord […]",
    ],
)
def test_a_link_to_another_post_is_a_teaser(line: str) -> None:
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, line]))
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert {removed.text: removed.reason for removed in result.removed}[line] == "teaser"


def test_a_french_quote_closing_with_a_guillemet_is_kept() -> None:
    quote = "« Nous ne baisserons pas les prix cette année, mais l'an prochain »"
    text = "\n".join([PARAGRAPH_1, quote, PARAGRAPH_2])
    assert clean(text).text.split("\n\n") == [PARAGRAPH_1, quote, PARAGRAPH_2]


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
    """A chronicle's sections (a date, a sub-head, short paragraphs) are no teaser list.

    A date-only line is page furniture wherever it stands (`date`); the rest is the article's.
    """
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
    result = clean("\n".join([MENU, *article, MENU]))
    dates = [line for line in sections if line.endswith(".2024")]
    assert result.text.split("\n\n") == [line for line in article if line not in dates]
    assert {
        removed.text: removed.reason for removed in result.removed if removed.text in dates
    } == (dict.fromkeys(dates, "date"))


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
    assert paragraphs("\n".join([MENU, *article, *titles, MENU])) == article
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


# --- signals, second pass ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Dich interessiert vielleicht auch",
        "Das könnte Sie auch interessieren!",
        "Ähnliche Nachrichten",
        "Vous aimerez aussi",
        "Mirá también",
        "Per saperne di più",
        "Inne artykuły autora",
    ],
)
def test_a_related_stories_heading_in_any_language_is_a_teaser(heading: str) -> None:
    """A heading over links to other stories goes; the article around it stays."""
    result = clean("\n".join([PARAGRAPH_1, heading, PARAGRAPH_2, PARAGRAPH_3]))
    assert removals(result) == [(heading, "teaser")]


def test_a_news_line_that_opens_like_a_related_heading_stays() -> None:
    """'Artikel zum Thema ...' as a sentence is news, not a heading."""
    line = "Artikel zum Thema Fernwärme erscheinen ab Montag täglich im Lokalteil."
    text = "\n".join([PARAGRAPH_1, line, PARAGRAPH_2])
    assert paragraphs(text) == [PARAGRAPH_1, line, PARAGRAPH_2]


@pytest.mark.parametrize(
    "byline",
    [
        "von Lena Musterfrau am 12. März 2023, 09:15 Uhr",
        "By Tom Example | April 4, 2022",
        "Par Claire Modèle, le 5 juin 2021",
        "Por Pablo Ejemplo - 14/02/2020",
        "By Staff Writer",
        "von Redaktion Stadtblatt",
    ],
)
def test_a_post_header_byline_with_date_or_desk_goes(byline: str) -> None:
    """The site's author line (a name with the post's date, or the desk) is no article text."""
    result = clean("\n".join([byline, PARAGRAPH_1, PARAGRAPH_2]))
    assert removals(result) == [(byline, "byline")]


@pytest.mark.parametrize("line", ["Von Lena Musterfrau", "Von Lena Musterfrau am Montag in Berlin"])
def test_a_bare_byline_or_a_news_line_naming_an_author_stays(line: str) -> None:
    """Without a date beside it, a name may be the article's own byline: it stays."""
    text = "\n".join([line, PARAGRAPH_1, PARAGRAPH_2])
    assert line in paragraphs(text)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Beitrag teilen", "share"),
        ("Mit Freunden teilen", "share"),
        ("Dir hat der Artikel gefallen? Jetzt teilen...", "share"),
        ("Vous avez aimé cet article ?", "share"),
        ("Hinterlasse jetzt einen Kommentar", "comment_form"),
        ("Para comentar debes iniciar sesión.", "comment_form"),
    ],
)
def test_share_labels_and_comment_prompts_go(line: str, reason: str) -> None:
    """A share button's label, a 'liked it?' question and a comment prompt are furniture."""
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, line]))
    assert (line, reason) in removals(result)


def test_a_news_sentence_about_sharing_stays() -> None:
    """'teilen' in a sentence of the article is news."""
    line = "Bund und Länder wollen die Kosten für die neuen Busse teilen."
    text = "\n".join([PARAGRAPH_1, line, PARAGRAPH_2])
    assert paragraphs(text) == [PARAGRAPH_1, line, PARAGRAPH_2]


@pytest.mark.parametrize(
    "line",
    [
        "Externer Inhalt",
        "Empfohlener redaktioneller Inhalt",
        "Bericht als PDF herunterladen",
        "Télécharger le PDF",
        "Auf einer Seite lesen",
        "Zurück zum Lexikon",
        "Retour à l'accueil",
    ],
)
def test_page_tools_around_the_article_go(line: str) -> None:
    """An embed placeholder, a PDF or one-page button, a link back to the section go."""
    result = clean("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))
    assert removals(result) == [(line, "page_tool")]


@pytest.mark.parametrize(
    "line", ["Zurück zur Normalität", "Das Gutachten der Stadtwerke liegt als PDF vor."]
)
def test_news_lines_like_page_tools_stay(line: str) -> None:
    """A headline 'back to normal' and a sentence mentioning a PDF are news."""
    text = "\n".join([PARAGRAPH_1, line, PARAGRAPH_2])
    assert line in paragraphs(text)


@pytest.mark.parametrize("label", ["Veröffentlicht am:", "Last updated", "Ultima modifica"])
def test_a_date_label_alone_on_its_line_is_a_date(label: str) -> None:
    """The label of a post's date, its date on the next line, is furniture."""
    result = clean("\n".join([label, "12.03.2023", PARAGRAPH_1, PARAGRAPH_2]))
    assert (label, "date") in removals(result)


def test_a_headline_that_opens_with_a_date_word_stays() -> None:
    """'Veröffentlicht' at the head of a news line is news."""
    line = "Veröffentlicht: Stadtwerke legen ihre Kalkulation für Fernwärme offen"
    assert line in paragraphs("\n".join([line, PARAGRAPH_1, PARAGRAPH_2]))


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Stadtwerke senken den Preis für Fernwärme", True),
        ("Start|Ratgeber|Wohnen|Heizkosten sparen", False),
        ("04. Mai 2021, 08:15 | Lokales", False),
    ],
)
def test_only_a_headline_like_line_above_the_region_joins_it(line: str, headline: bool) -> None:
    """A breadcrumb or a dateline laid out with bars is no headline, so it stays outside."""
    scores = [0.0, 0.0, 500.0, 300.0]
    kept = [True, True, True, True]
    flags = [True, clean_page.headline_like(line), True, True]
    region = clean_page.article_region(scores, kept, [False] * 4, kept, flags)
    assert region == ((1, 3) if headline else (2, 3))


@pytest.mark.parametrize(
    "bio",
    [
        "Anna Beispiel ist Redakteurin im Ressort Wirtschaft und lebt in Köln.",
        "Tom Example writes about energy policy and city budgets for the business desk.",
        "Claire Exemple est journaliste au service économie depuis 2015.",
        "Schreibt seit 2011 für die Lokalredaktion, vorher war sie Korrespondentin in Prag.",
    ],
)
def test_an_author_bio_after_the_article_goes(bio: str) -> None:
    """A short note on who the author is, below the article's last paragraph, is its box."""
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, bio]))
    assert removals(result) == [(bio, "author_box")]


def test_a_body_sentence_about_a_persons_job_stays() -> None:
    """A sentence about a person's job between the article's paragraphs is the article's."""
    line = "Maria Muster ist Journalistin beim Lokalradio und hat die Sitzung verfolgt."
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


def test_an_author_bio_under_the_authors_name_goes_before_comments() -> None:
    """Under the author's name, a bio goes even when long readers' comments follow it."""
    bio = "Schreibt seit 2011 für die Lokalredaktion und war vorher Korrespondentin in Prag."
    result = clean("\n".join([PARAGRAPH_1, "Erika Muster", bio, PARAGRAPH_2]))
    assert (bio, "author_box") in removals(result)


def test_titles_under_a_related_stories_heading_inside_the_article_go() -> None:
    """On a whole page, the titles under "Lesen Sie auch" between two paragraphs are links."""
    links = [
        "Hallenbad bleibt bis zum Herbst geschlossen",
        "12.03.2023",
        "Neue Buslinie verbindet die Ortsteile im Norden",
    ]
    body = [PARAGRAPH_1, "Lesen Sie auch", *links, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, "Fernwärme wird nicht teurer", *body, MENU]))
    assert result.text.split("\n\n") == [
        "Fernwärme wird nicht teurer",
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert [reasons[link] for link in links] == ["teaser", "date", "teaser"]


def test_a_sentence_under_a_related_stories_heading_stays() -> None:
    """The article's next sentence below a lone 'Mehr zum Thema' link heading is its own."""
    line = "Die Stadtwerke wollen die neuen Preise im Dezember veröffentlichen."
    body = [PARAGRAPH_1, "Mehr zum Thema", line, PARAGRAPH_2, PARAGRAPH_3]
    assert line in paragraphs("\n".join([MENU, "Fernwärme wird nicht teurer", *body, MENU]))


def test_titles_under_a_related_stories_heading_in_an_extracted_article_go() -> None:
    """Without menus too, a question title under 'Mehr zum Thema' is a link, not the text."""
    link = "Wird das Hallenbad bis zum Herbst wieder geöffnet?"
    text = "\n".join([PARAGRAPH_1, "Mehr zum Thema", link, PARAGRAPH_2])
    assert paragraphs(text) == [PARAGRAPH_1, PARAGRAPH_2]


@pytest.mark.parametrize(
    "credit",
    [
        "dpa/Erika Musterfrau",
        "PAP/ Jan Przykładowy",
        "John Example/Reuters files",
        "(crédito: Maria Exemplo/Agência Exemplo)",
        "(Foto: Stadtwerke/Max Muster (bearbeitet))",
        "Kaupunginvaltuusto kokoontui maanantaina. Kuva: MATTI MEIKÄLÄINEN",
    ],
)
def test_photographer_credits_with_an_agency_or_in_brackets_go(credit: str) -> None:
    """A photographer's credit beside an agency, or a bracketed credit label, is a credit."""
    result = clean("\n".join([PARAGRAPH_1, credit, PARAGRAPH_2]))
    reasons = removals(result)
    assert (credit, "photo_credit") in reasons


def test_a_sentence_naming_agencies_stays() -> None:
    """A sentence that cites two agencies ends with a full stop: it is the article's."""
    line = "Das meldeten am Abend übereinstimmend dpa/AFP."
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


def test_a_stack_of_teasers_above_the_article_is_outside_its_region() -> None:
    """Long teaser titles under a recurring rubric above the headline are no article text."""
    titles = [
        "Der Gemeinderat will die Gebühren für die Müllabfuhr im nächsten Jahr senken",
        "Die neue Umgehungsstraße wird nach den Sommerferien für den Verkehr freigegeben",
        "Das Freibad an der Aue öffnet in diesem Jahr schon am ersten Mai für die Gäste",
    ]
    stack = [line for title in titles for line in ("Lokales", title, "Anna Muster")]
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *stack, *article, MENU]))
    assert result.text.split("\n\n") == article
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert [reasons[title] for title in titles] == ["outside_article"] * 3


def test_a_stack_of_dated_teasers_above_the_article_is_outside_its_region() -> None:
    """A date under each teaser title marks the stack, the first title above its date too."""
    titles = [
        "Der Gemeinderat will die Gebühren für die Müllabfuhr im nächsten Jahr senken",
        "Die neue Umgehungsstraße wird nach den Sommerferien für den Verkehr freigegeben",
        "Das Freibad an der Aue öffnet in diesem Jahr schon am ersten Mai für die Gäste",
    ]
    stack = [line for day, title in enumerate(titles, 1) for line in (title, f"0{day}.03.2023")]
    article = ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *stack, *article, MENU])) == article


# --- the article's end: teaser lists below it --------------------------------------------------


LONG_TEASERS = [
    "Das neue Hallenbad in der Südstadt öffnet im Frühjahr und wird teurer als geplant",
    "Die Busse fahren in den Nächten am Wochenende wieder öfter in die Vororte hinaus",
    "Zwei Schulen im Norden der Stadt werden erweitert und bekommen eine neue Mensa",
]


def test_a_list_of_long_titles_with_a_question_among_them_goes() -> None:
    """A teaser title may ask a question; among plain titles it is one of the list."""
    question = "Wie teuer wird das Parken in der Altstadt für die Anwohner und für ihre Gäste?"
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    titles = [LONG_TEASERS[0], question, *LONG_TEASERS[1:]]
    assert paragraphs("\n".join([MENU, *article, *titles, MENU])) == article


def test_the_heading_right_above_a_teaser_list_goes_with_it() -> None:
    """A short heading with the list right below it and no text of its own heads the list."""
    heading = "Mehr Lokales"
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, heading, *LONG_TEASERS, MENU]))
    assert result.text.split("\n\n") == article
    assert {removed.text: removed.reason for removed in result.removed}[heading] == "teaser"


@pytest.mark.parametrize(
    "marker",
    [
        # 'More about <topic>' and its kin head a list of related links
        ["More about city budgets"],
        ["Mehr zu diesem Thema"],
        ["Populäre Artikel der Woche"],
        ["Veja também"],
        # 'comments are closed' ends the post: what follows is the page's
        ["Comments are closed."],
        ["Para comentar debes registrarte."],
        # a row of share buttons ends the article
        ["Teilen", "Facebook", "Twitter", "E-Mail"],
    ],
)
def test_a_marker_below_most_of_the_text_starts_the_trailer(marker: list[str]) -> None:
    """Below most of the text, a related-links heading, a closed-comments line or a bar of
    share buttons starts the trailer: the prose after it goes with it."""
    teaser = (
        "Neue Busse für die Innenstadt: Ab dem kommenden Jahr fahren auf drei Linien nur noch "
        "elektrische Busse, die Stadtwerke haben dafür zwanzig Fahrzeuge bestellt."
    )
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, *marker, teaser, MENU]))
    assert result.text.split("\n\n") == article
    assert {removed.text: removed.reason for removed in result.removed}[teaser] == "trailer"


def test_a_short_paragraph_five_removed_lines_below_the_article_is_the_footers() -> None:
    """Five removed lines part a footer's small bit of prose from the article above it."""
    extra = (
        "Der Verband der Energieversorger rechnet damit, dass auch andere Stadtwerke in der "
        "Region ihre Preise im kommenden Jahr stabil halten werden. Entscheidend sei, wie sich "
        "die Preise für Gas an den Börsen entwickelten, sagte ein Sprecher am Dienstag."
    )
    footer = (
        "Die Stadtwerke Beispielstadt versorgen seit 1898 die ganze Region mit Strom, Gas und "
        "Wärme, und sie sind für alle ihre Kunden an sieben Tagen in der Woche und rund um die "
        "Uhr für sie da, auch an den Feiertagen."
    )
    gap = [
        "Jetzt Newsletter abonnieren!",
        "Jetzt bestellen",
        "Jetzt Probeabo sichern!",
        "Jetzt Tickets kaufen",
        "Jetzt Angebot sichern!",
        "Jetzt kaufen",
    ]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, extra]
    result = clean("\n".join([MENU, *article, *gap, footer, MENU]))
    assert result.text.split("\n\n") == article
    assert {removed.text: removed.reason for removed in result.removed}[footer] == (
        "outside_article"
    )


def test_a_box_of_related_links_inside_the_article_goes_and_the_article_goes_on() -> None:
    """A "Mehr zum Thema" box of titles between paragraphs is no trailer: the text after it
    stays, the box's titles go."""
    box = [
        "Mehr zum Thema",
        "Neue Busse fahren ab März auf drei Linien",
        "Hallenbad im Süden öffnet nach zwei Jahren wieder",
    ]
    article = [PARAGRAPH_1, PARAGRAPH_2]
    result = clean("\n".join([MENU, HEADLINE, *article, *box, PARAGRAPH_3, MENU]))
    assert result.text.split("\n\n") == [HEADLINE, *article, PARAGRAPH_3]
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert {reasons[line] for line in box} == {"teaser"}


def test_related_titles_with_blurbs_below_the_article_stay_its_trailer() -> None:
    """Below the article, titles with a paragraph after them are teasers, not a box."""
    blurb = (
        "Ab dem kommenden Jahr fahren auf drei Linien nur noch elektrische Busse, die "
        "Stadtwerke haben dafür zwanzig Fahrzeuge bestellt und einen neuen Betriebshof gebaut."
    )
    related = ["Mehr zum Thema", "Neue Busse fahren ab März auf drei Linien", blurb]
    article = [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, HEADLINE, *article, *related, MENU])) == [HEADLINE, *article]


@pytest.mark.parametrize(
    "credit",
    ["Autor: Erika Muster, Landesamt für Statistik, Kamenz", "Author: Tom Example, City Desk"],
)
def test_an_author_credit_below_the_last_paragraph_stays_on_a_whole_page(credit: str) -> None:
    """An "Autor:" line under the last paragraph names who wrote it: it is the article's."""
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert credit in paragraphs("\n".join([MENU, *article, credit, MENU]))


def test_an_embedded_posts_signature_line_below_the_last_paragraph_stays() -> None:
    """The "— Name (@name) date" line of a quoted post closes its quote: the article's."""
    quote = "Heute beginnt der Umbau am Bahnhof, die Busse fahren ab Montag eine neue Route."
    signature = "— Stadtwerke Beispielstadt (@stadtwerke_bsp) 12. März 2024"
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, quote, signature]
    assert signature in paragraphs("\n".join([MENU, *article, MENU]))


def test_the_title_under_a_read_also_label_between_paragraphs_goes() -> None:
    """Under a "Lesen Sie auch" label alone on its line, the next title is its link."""
    title = "Neue Busse fahren ab März auf drei Linien"
    article = [HEADLINE, PARAGRAPH_1, "Lesen Sie auch:", title, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, MENU]))
    assert result.text.split("\n\n") == [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert (title, "teaser") in removals(result)


def test_a_sub_head_under_a_read_also_line_with_its_own_title_stays() -> None:
    """A "Lesen Sie auch: <title>" line holds its link: the heading below it is the article's."""
    teaser = "Lesen Sie auch: Neue Busse fahren ab März auf drei Linien"
    subhead = "Kritik aus der Opposition am Vorstand"
    article = [HEADLINE, PARAGRAPH_1, teaser, subhead, PARAGRAPH_2, PARAGRAPH_3]
    assert subhead in paragraphs("\n".join([MENU, *article, MENU]))


def test_the_title_under_a_section_heading_early_in_the_article_goes() -> None:
    """A related-links heading alone on its line early in the article heads a box: its
    title goes, the article goes on."""
    title = "Neue Busse fahren ab März auf drei Linien"
    article = [HEADLINE, PARAGRAPH_1, "Weitere Themen", title, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *article, MENU])) == [
        HEADLINE,
        PARAGRAPH_1,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]


def test_readers_comments_after_the_article_are_no_box_of_links() -> None:
    """Under "Kommentare", commenters' name lines look like titles: still the trailer."""
    comment = (
        "Ich finde die Entscheidung richtig, aber die Stadtwerke hätten das schon viel früher "
        "ankündigen können. Viele Haushalte haben ihre Abschläge längst selbst erhöht, und "
        "die Opposition hat das im Stadtrat schon im vergangenen Herbst zur Sprache gebracht."
    )
    section = ["Kommentare", "Anna Beispiel aus Nordstadt", "Max Muster am Montag", comment]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *article, *section, MENU])) == article


LEAD_HEAD = ["Von Erika Muster", "12.03.2024", "Artikel teilen", "Jetzt abonnieren und weiterlesen"]


@pytest.mark.parametrize(
    "lead",
    [
        "Die Stadtwerke halten die Preise für Fernwärme stabil, trotz der Kritik im Stadtrat.",
        "Die Preise für die Fernwärme der Stadtwerke bleiben auch im kommenden Jahr, wie sie sind",
    ],
)
def test_the_lead_above_the_region_stays_when_it_shares_the_articles_subject(lead: str) -> None:
    """A standfirst parted from the body by a byline, a date and a paywall line is the article's,
    with or without its full stop."""
    body = [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    page = [MENU, "Fernwärme bleibt so teuer wie bisher", lead, *LEAD_HEAD, *body, MENU]
    assert paragraphs("\n".join(page))[:2] == [lead, PARAGRAPH_1]


def test_a_sentence_on_another_subject_above_the_region_goes() -> None:
    """A teaser's sentence above the article shares no words with it: it stays out."""
    teaser = "Im Tierpark kamen am Wochenende zwei junge Luchse zur Welt, berichtet die Leitung."
    body = [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    page = [MENU, "Luchse im Tierpark", teaser, *LEAD_HEAD, *body, MENU]
    assert teaser not in paragraphs("\n".join(page))


def test_a_lead_ins_list_of_few_word_lines_stays_above_a_newsletter_box() -> None:
    """Entries of a list below a lead-in look like menu lines; in the article they are its own."""
    items = ["Günstiger Gaseinkauf", "Hohe Rücklagen", "Mehr Kunden", "Neue Leitungen"]
    lead_in = "Der Vorstand nennt vier Gründe für die stabilen Preise:"
    box = "Melden Sie sich jetzt für unseren kostenlosen Newsletter an"
    article = [PARAGRAPH_1, lead_in, *items, box, PARAGRAPH_2, PARAGRAPH_3]
    kept = paragraphs("\n".join([MENU, "Fernwärme bleibt so teuer wie bisher", *article, MENU]))
    assert kept[2:7] == [lead_in, *items]


def test_a_long_lead_the_region_leaves_out_above_a_paywall_box_stays() -> None:
    """A lead paragraph parted from a long body by an offer box is the article's all the same."""
    lead = (
        "Die Stadtwerke halten die Preise für Fernwärme im kommenden Jahr stabil. Im Stadtrat "
        "gibt es dafür Zustimmung, die Opposition verlangt aber, dass die Kalkulation der "
        "Stadtwerke offengelegt wird, damit die Kunden den Preis nachvollziehen können."
    )
    box = [
        "Jetzt abonnieren und weiterlesen",
        "Alle Artikel für nur 1 Euro im ersten Monat lesen",
        "Jetzt kostenlos testen",
        "Bereits Abonnent? Hier anmelden",
        "Jetzt Newsletter abonnieren",
        "Jederzeit kündbar",
        "Werbung",
    ]
    body = [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3] * 4  # repeats go, but make the body long
    page = [MENU, "Fernwärme bleibt so teuer wie bisher", lead, *box, *body, MENU]
    assert paragraphs("\n".join(page))[:2] == [lead, PARAGRAPH_1]


def test_a_lead_ins_list_of_few_word_lines_after_the_last_paragraph_stays() -> None:
    """The region takes in the whole list below a lead-in, menu-like entries and all."""
    items = ["Günstiger Gaseinkauf", "Hohe Rücklagen", "Mehr Kunden", "Neue Leitungen"]
    lead_in = "Der Vorstand nennt vier Gründe für die stabilen Preise:"
    box = "Jetzt unseren Newsletter abonnieren und nichts verpassen"
    article = ["Fernwärme bleibt so teuer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, lead_in, *items]
    kept = paragraphs("\n".join([MENU, *article, box, MENU]))
    assert kept[4:] == [lead_in, *items]


def test_more_on_this_subject_heads_teasers() -> None:
    """'Mehr zu diesem Thema:' announces links to other articles, not the article's own list."""
    line = "Mehr zu diesem Thema:"
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, line]))
    assert (line, "teaser") in removals(result)


@pytest.mark.parametrize(
    "line",
    [
        "Follow The Town Courier on Twitter @TownCourier and on Facebook @TownCourierNews.",
        "Ya puedes unirte: Únete a nuestro canal de Telegram desde tu celular.",
        "Wir bei WhatsApp",
        "You can keep up with me on Instagram: @example_writer",
    ],
)
def test_a_call_to_follow_the_site_on_a_social_network_goes(line: str) -> None:
    """A site's call to follow it or join its channel is a share prompt, not the article."""
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, line]))
    assert (line, "share") in removals(result)


def test_news_of_someone_asking_to_be_followed_on_a_network_stays() -> None:
    """'follow the police on Twitter' in a sentence is news, not the site's own prompt."""
    line = "The fire brigade asked residents to follow the police on Twitter for updates."
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


@pytest.mark.parametrize(
    "line", ["Politicians like Johnson on Twitter called it a disgrace.", "Datenleck bei Facebook"]
)
def test_news_naming_a_social_network_stays(line: str) -> None:
    """A comparison ('like X on Twitter') or a sub-head about a network is news."""
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


def test_the_authors_sign_off_below_the_article_on_a_whole_page_is_kept() -> None:
    """A last line in the author's voice (ich, euch) closes the article; a teaser's title in
    the same place names a thing and stays outside."""
    sign_off = "Ich wünsche euch allen ein schönes Wochenende und bis bald"
    teaser = "Stadtwerke planen ein neues Kraftwerk am Hafen"
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2]
    for line, kept in [(sign_off, True), (teaser, False)]:
        text = "\n".join([MENU, *article, line, "Weiterführende Links", MENU])
        assert paragraphs(text) == ([*article, line] if kept else article)


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Update | Stadtwerke frieren die Preise ein", True),
        ("Wirtschaft | Energie | Fernwärme bleibt so teuer", False),
        ("Lokales | Stadtwerke", False),
    ],
)
def test_a_rubric_and_a_bar_before_the_title_may_still_be_the_headline(
    line: str, headline: bool
) -> None:
    """'Rubric | Title' is a headline; more bars make a breadcrumb, a short tail a dateline."""
    assert clean_page.headline_like(line) is headline


def test_the_headline_above_a_date_and_a_label_joins_the_region() -> None:
    """Between the headline and the text stand widgets and labels (a date, a one-word tab)."""
    scores = [0.0, -5.0, 0.0, 500.0, 300.0]
    kept = [True, False, True, True, True]
    passable = [False, True, True, False, False]
    region = clean_page.article_region(scores, kept, [False] * 5, kept, kept, passable)
    assert region == (0, 4)
    assert clean_page.article_region(scores, kept, [False] * 5, kept, kept) == (2, 4)


def test_a_headline_above_its_date_and_share_row_on_a_whole_page_is_kept() -> None:
    headline = "Update | Stadtwerke frieren die Preise ein"
    text = "\n".join([MENU, headline, "12. März 2024", "Teilen", PARAGRAPH_1, PARAGRAPH_2, MENU])
    assert paragraphs(text) == [headline, PARAGRAPH_1, PARAGRAPH_2]


def test_a_menu_ends_the_titles_under_a_related_stories_heading() -> None:
    """Far below 'Lesen Sie auch', past a menu, a headline is the article's, not a link."""
    text = "\n".join(["Lesen Sie auch", MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3])
    assert paragraphs(text)[:2] == [HEADLINE, PARAGRAPH_1]


@pytest.mark.parametrize("line", ["Viele Grüße, Jana", "Bis dann, eure Redaktion"])
def test_a_greeting_or_a_teams_signature_below_the_article_on_a_whole_page_is_kept(
    line: str,
) -> None:
    """A greeting or the signing team after a comma closes the post; 'Die Redaktion' alone
    (a menu's link) does not."""
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2]
    text = "\n".join([MENU, *article, line, "Weiterführende Links", MENU])
    assert paragraphs(text) == [*article, line]
    text = "\n".join([MENU, *article, "Die Redaktion", "Weiterführende Links", MENU])
    assert paragraphs(text) == article


@pytest.mark.parametrize(
    "between", [["Von Anna Beispiel", "12. März 2024"], ["Wirtschaft", "Foto", "12. März 2024"]]
)
def test_a_headline_above_a_byline_or_labels_is_kept_and_the_labels_go(
    between: list[str],
) -> None:
    """The headline joins the article across a bare byline, a rubric, a "Foto" tab and a
    date, even where the context rules dropped it; the labels between them go."""
    headline = "Stadtwerke frieren die Preise für Fernwärme ein"
    text = "\n".join([MENU, headline, *between, PARAGRAPH_1, PARAGRAPH_2, MENU])
    assert paragraphs(text) == [headline, PARAGRAPH_1, PARAGRAPH_2]


def test_a_dropped_line_above_the_region_is_its_headline_only_past_widgets() -> None:
    """A line the context rules dropped, with no signal of its own, is taken as the headline
    only when widgets or labels part it from the text; right above the text it stays out."""
    scores = [-20.0, -5.0, 500.0, 300.0]
    kept = [False, False, True, True]
    items = [True, False, True, True]
    passable = [False, True, False, False]
    assert clean_page.article_region(scores, kept, [False] * 4, items, items, passable) == (0, 3)
    flags = [True, True, True]
    region = clean_page.article_region(
        [-20.0, 500.0, 300.0], [False, True, True], [False] * 3, flags, flags, [False] * 3
    )
    assert region == (1, 2)


@pytest.mark.parametrize(
    ("line", "voice"),
    [
        ("I hope you found these tips useful", True),
        ("Wir sehen uns beim nächsten Treffen", True),
        ("Nowe przepisy dla kierowców i pieszych od stycznia", False),
        ("Kraków i Gdańsk w rankingu miast", False),
    ],
)
def test_the_authors_voice_is_a_pronoun_not_a_conjunction(line: str, voice: bool) -> None:
    """A lower-case 'i' is 'and' in Polish: only a capital 'I' is the English pronoun."""
    from wiredesk.clean_words import PERSONAL_VOICE

    assert bool(PERSONAL_VOICE.search(line)) is voice


@pytest.mark.parametrize("smiley", [":)", "=)", ";-)", "^^"])
def test_a_smiley_on_its_own_line_after_a_paragraph_is_text(smiley: str) -> None:
    """A blogger's smiley under a paragraph is theirs, not a widget's lone symbol."""
    article = [PARAGRAPH_1, smiley, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, "Fernwärme bleibt so teuer", *article, MENU]))[1:] == article
    extracted = "\n".join([PARAGRAPH_1, PARAGRAPH_2, smiley, "Ähnliche Beiträge"])
    assert paragraphs(extracted) == [PARAGRAPH_1, PARAGRAPH_2, smiley]


def test_a_widget_symbol_is_still_a_lone_symbol() -> None:
    """A gallery's '+' or a divider has no letter and no smiley's shape: it goes."""
    result = clean("\n".join([PARAGRAPH_1, "+", "***", PARAGRAPH_2]))
    assert [(r.text, r.reason) for r in result.removed] == [
        ("+", "lone_symbol"),
        ("***", "lone_symbol"),
    ]


def test_the_paragraph_after_a_long_box_of_related_links_stays() -> None:
    """A box of related links between paragraphs parts no footer from the article: the short
    paragraph below it is the article's, however many titles the box lists."""
    box = [
        "Mehr zum Thema",
        "Gaspreise sinken im dritten Quartal deutlich",
        "Wie Stadtwerke ihre Tarife kalkulieren",
        "Verbraucherzentrale rät zum Vergleich der Anbieter",
        "Neue Fernwärmeleitung im Norden der Stadt fertig",
    ]
    fourth = (
        "Für Mieter ändert sich damit zunächst wenig. Die Vermieter müssen die Kosten für die "
        "Heizung weiterhin mit der jährlichen Abrechnung umlegen, und die Vorauszahlungen "
        "bleiben nach Auskunft des Mieterbunds in den meisten Fällen so hoch wie bisher."
    )
    final = (
        "Die Stadtwerke wollen ihre Kalkulation im Frühjahr im Stadtrat vorstellen. Bis dahin "
        "soll auch klar sein, wie viel das neue Wärmenetz im Norden der Stadt kosten wird und "
        "wer die Kosten für den Anschluss der Häuser tragen muss."
    )
    article = [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, fourth]
    page = "\n".join([MENU, "Fernwärme bleibt so teuer", *article, *box, final, MENU])
    assert paragraphs(page)[1:] == [*article, final]


def test_a_few_words_between_the_article_s_sentences_in_the_region_stay() -> None:
    """An example or a label of a few words, a sentence of the article right above or below
    it, is the article's inside its region, though it looks like a menu entry."""
    question = "Wann sagt man im Deutschen wurde und wann war, wenn man von einem Raub erzählt?"
    example = "Ich wurde ausgeraubt"
    follow_up = "Mein Lehrbuch nennt diesen Satz als Beispiel, aber warum steht dort nicht war?"
    middle = [question, example, follow_up]
    page = [MENU, "Frage zum Passiv", PARAGRAPH_1, "Jetzt abonnieren und weiterlesen", *middle]
    page += ["Jetzt kostenlos testen", PARAGRAPH_2, PARAGRAPH_3, MENU]
    assert paragraphs("\n".join(page)) == [
        "Frage zum Passiv",
        PARAGRAPH_1,
        *middle,
        PARAGRAPH_2,
        PARAGRAPH_3,
    ]


def test_a_menu_entry_between_short_lines_in_the_region_still_goes() -> None:
    """Between a sidebar's dated lines inside the region, with no paragraph of prose next to
    it, a line of a few words is not taken back."""
    lines = ["Sommerfest am 12. Juli", "Gewinnspiel", "Flohmarkt am 3. August"]
    page = [MENU, "Fernwärme bleibt so teuer", PARAGRAPH_1, "Jetzt abonnieren und weiterlesen"]
    page += [*lines, "Jetzt kostenlos testen", PARAGRAPH_2, PARAGRAPH_3, MENU]
    kept = paragraphs("\n".join(page))
    assert "Sommerfest am 12. Juli" in kept
    assert "Gewinnspiel" not in kept


def test_a_sentence_broken_over_two_lines_in_the_region_stays_whole() -> None:
    """A line of prose that stops on a function word ('an die') is the first half of the
    sentence the next line ends: inside the region it is the article's, as that line is."""
    broken = "Die Stadtwerke bitten alle Kunden, ihre Fragen zum Tarif bis Ende März an die"
    rest = "Verbraucherzentrale der Stadt zu schicken."
    page = [MENU, "Fernwärme bleibt so teuer", PARAGRAPH_1, "Jetzt abonnieren und weiterlesen"]
    page += [broken, rest, "Jetzt kostenlos testen", PARAGRAPH_2, PARAGRAPH_3, MENU]
    assert [broken, rest] == [
        line for line in paragraphs("\n".join(page)) if line in (broken, rest)
    ]


def test_a_headline_above_a_sentence_in_the_region_is_not_a_broken_sentence() -> None:
    """A title that ends on a content word is no half of a sentence: the rule leaves it."""
    title = "Stadtwerke wollen die Preise für Fernwärme im kommenden Jahr nicht weiter erhöhen"
    rest = "Die Verbraucherzentrale rät zum Vergleich."
    page = [MENU, "Fernwärme bleibt so teuer", PARAGRAPH_1, "Jetzt abonnieren und weiterlesen"]
    page += [title, rest, "Jetzt kostenlos testen", PARAGRAPH_2, PARAGRAPH_3, MENU]
    assert title not in paragraphs("\n".join(page))


def test_the_steps_of_a_how_to_that_name_what_to_click_stay() -> None:
    """'Klicken Sie auf »Speichern«' names a button of the program the article explains: a
    step of a how-to, not an offer's call to click, though an offer word may be its label."""
    steps = [
        "- Öffnen Sie die Oberfläche des Routers.",
        "- Klicken Sie auf » WLAN – Gastzugang anzeigen « – das Fenster Gastzugang öffnet sich.",
        "- Klicken Sie die Verbindung mit der rechten Maustaste an – ein Menü öffnet sich.",
        "- Klicken Sie nun auf » Speichern «",
    ]
    assert paragraphs("\n".join([PARAGRAPH_1, "So geht es:", *steps, PARAGRAPH_2]))[2:-1] == steps


def test_a_call_to_click_for_an_offer_is_still_commercial() -> None:
    """Without a named button, 'Klicken Sie hier' and an offer word are an ad's call."""
    line = "Klicken Sie hier und sichern Sie sich Ihr Angebot."
    result = clean("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))
    assert (line, "commercial") in removals(result)


def test_a_chronicle_of_dated_entries_below_the_text_is_no_teaser_list() -> None:
    """A date line (month and year) between a chronicle's entries is no title: two entries
    and a date are no run of three bare titles of other articles."""
    chronicle = [
        "März 2014",
        "Lesung in der Stadtbibliothek am Markt",
        "Gäste aus dem Nachbarort lesen mit",
        "September 2013/2014",
        "Auftritt beim Sommerfest im Park",
        "April 2013",
        "Premiere unseres ersten Programms im Theater am Ring, mit Musik von Freunden der Stadt",
    ]
    article = [PARAGRAPH_1, PARAGRAPH_2, "Auswahl unserer Auftritte", *chronicle]
    kept = paragraphs("\n".join([MENU, "Unsere Geschichte", *article, MENU]))
    entries = [line for line in chronicle if not line[-1].isdigit()]
    assert [line for line in kept if line in chronicle] == entries


def test_a_list_below_the_article_s_own_lead_in_naming_a_newsletter_stays() -> None:
    """'Themen für den nächsten Newsletter:' leads in to the article's list (a club's
    minutes); it talks about a newsletter, not to the reader as an offer does."""
    lead_in = "Themen für den nächsten Newsletter:"
    items = [
        "- Bericht vom Sommerfest im Park",
        "- Termine der Regionalgruppen",
        "- Neue Mitglieder",
    ]
    kept = paragraphs("\n".join([PARAGRAPH_1, lead_in, *items, PARAGRAPH_2]))
    assert kept[-4:-1] == items


def test_an_offer_s_list_led_by_a_sentence_to_the_reader_still_goes() -> None:
    """'Mit unserem Newsletter erhalten Sie:' talks to the reader: its list is the offer's."""
    lead_in = "Mit unserem Newsletter erhalten Sie:"
    items = ["- Die wichtigsten Nachrichten am Morgen", "- Hintergründe aus der Region"]
    result = clean("\n".join([PARAGRAPH_1, lead_in, *items, PARAGRAPH_2]))
    reasons = {removed.text: removed.reason for removed in result.removed}
    assert [reasons.get(item) for item in items] == ["list_commercial"] * 2


def test_a_list_of_quantities_below_the_article_is_no_list_of_teasers() -> None:
    """'18 g Fett' is a heading of three words, but a title needs three words of letters."""
    lead_in = "Die Nährwerte für eine Portion:"
    rows = ["420 kcal", "12 g Eiweiß", "18 g Fett", "55 g Kohlenhydrate"]
    article = ["Fernwärme bleibt so teuer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, lead_in, *rows]
    assert paragraphs("\n".join([MENU, *article, MENU]))[4:] == [lead_in, *rows]


def test_a_table_of_figures_right_below_the_article_is_the_articles() -> None:
    """A spec sheet's rows follow the prose (a label, then its figure): the region goes on
    to the table's last row with a figure, however many of them there are."""
    rows = ["Technische Daten", "Zylinder", "4", "Leistung in kW", "132", "Hubraum in ccm"]
    rows += ["1.598", "Verbrauch in Liter", "1,6", "Leergewicht in kg", "1.965", "Getriebe"]
    article = ["Fernwärme bleibt so teuer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    kept = paragraphs("\n".join([MENU, *article, *rows, MENU]))
    assert kept == article + rows[:-1]


def test_a_contact_box_right_below_the_article_is_no_table() -> None:
    """An address with a phone number and an e-mail address is the site's, not a table."""
    rows = ["Pressekontakt", "Erika Muster", "Tel. +49 30 1234 567", "E-Mail: presse@example.org"]
    rows += ["Musterstraße 5", "12345 Musterstadt", "Fax 030 1234 568"]
    article = ["Fernwärme bleibt so teuer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *article, *rows, MENU])) == article


def test_a_table_of_labels_and_short_values_below_the_article_is_the_articles() -> None:
    """'Farbe: grün' is a table's row though it holds no figure, and '+120 °C' is a
    temperature, not a phone number."""
    rows = ["Farbe: grün", "Material: rostfreier Edelstahl", "Gewicht: 250 g"]
    rows += ["Temperaturbereich: -40 bis +120 °C", "Lieferbar: 125 ml, 450 ml"]
    article = ["Fernwärme bleibt so teuer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    assert paragraphs("\n".join([MENU, *article, *rows, MENU])) == article + rows


def test_a_ranked_list_or_page_numbers_below_the_article_are_no_table() -> None:
    """'1', '2.' number a list of other stories or the pages as much as a table's rows."""
    ranked = ["Meistgelesen heute", "1", "Stadtrat beschließt neue Parkgebühren", "2"]
    ranked += ["Feuerwehr rettet Katze aus Baum", "3", "Neues Hallenbad öffnet im Mai", "4"]
    ranked += ["Bäckerei schließt nach 80 Jahren"]
    pages = ["1", "2", "3", "4", "5", "Weiter"]
    article = ["Fernwärme bleibt so teuer", PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    for rows in (ranked, pages):
        assert paragraphs("\n".join([MENU, *article, *rows, MENU])) == article


RECIPE_TEXT = [
    "Zuerst die Butter mit dem Zucker schaumig rühren, dann die Eier nacheinander unterrühren "
    "und das Mehl mit dem Backpulver nach und nach dazugeben, bis ein glatter Teig entsteht.",
    "Die Äpfel schälen, in dünne Spalten schneiden und mit Zimt mischen. Den Teig in die Form "
    "streichen, die Äpfel darauf verteilen und den Kuchen im vorgeheizten Ofen goldbraun backen.",
]
RECIPE_SHEET = [
    "Für den Teig:",
    "200 g",
    "Mehl",
    "150 g",
    "Butter oder Margarine",
    "3",
    "Eier",
    "1 Päckchen Backpulver",
    "Für den Belag:",
    "4",
    "Äpfel, je ca. 150 g",
    "Zimt",
]
RECIPE_CHROME = ["Rezept merken", "Nährwerte pro Stück", "kcal", "310", "Backzeit ca. 45 Minuten"]


def test_a_data_sheet_above_the_article_text_is_the_articles() -> None:
    """A recipe's ingredient list (lead-ins, short lines, many with a quantity) stands above its
    text, apart from it by chrome lines: the region takes it in, and what lies between."""
    page = [MENU, "Apfelkuchen vom Blech", *RECIPE_SHEET, *RECIPE_CHROME, *RECIPE_TEXT, MENU]
    kept = paragraphs("\n".join(page))
    assert kept[: len(RECIPE_SHEET)] == RECIPE_SHEET
    assert "Backzeit ca. 45 Minuten" in kept
    assert kept[-2:] == RECIPE_TEXT


def test_a_product_sheet_of_key_value_lines_above_the_text_is_the_articles() -> None:
    """'Key: value' lines and labels with their values above a product's text are its facts."""
    sheet = ["Lieferzeit: 3 - 5 Tage", "Gewicht: 1,2 kg", "Farbe:", "Blau", "Maße: 40 x 30 cm"]
    page = [MENU, "Wanderrucksack Alpin", *sheet, "In den Warenkorb", *RECIPE_TEXT, MENU]
    assert paragraphs("\n".join(page))[: len(sheet)] == sheet


def test_a_data_sheet_parted_from_the_text_by_boilerplate_stays_out() -> None:
    """A newsletter box between the sheet and the text parts the page: the sheet is another
    part's (a sidebar, a shop widget), not the article's."""
    box = "Jetzt unseren Newsletter abonnieren und nichts verpassen"
    page = [MENU, *RECIPE_SHEET, box, "Apfelkuchen vom Blech", *RECIPE_TEXT, MENU]
    kept = paragraphs("\n".join(page))
    assert not set(RECIPE_SHEET) & set(kept)


def test_a_list_of_figures_without_lead_ins_or_keys_above_the_text_stays_out() -> None:
    """Counted categories or archive links above the text have figures but no lead-in nor
    key: they are the page's, not a data sheet."""
    archive = ["Politik (12)", "Sport (40)", "Archiv 2023", "Archiv 2022", "Archiv 2021"]
    page = [MENU, *archive, "Apfelkuchen vom Blech", *RECIPE_TEXT, MENU]
    kept = paragraphs("\n".join(page))
    assert not set(archive) & set(kept)


BULLET_MENU = "\n".join(
    f"* {entry}"
    for entry in [
        "Startseite",
        "Politik",
        "Wirtschaft",
        "Sport",
        "Kultur",
        "Wissen",
        "Reisen",
        "Digital",
        "Gesundheit",
        "Familie",
        "Video",
    ]
)


def test_a_menu_rendered_as_a_bullet_list_makes_the_text_a_whole_page() -> None:
    """Text browsers and html-to-text tools lay a menu out as a bullet list ("* Politik"): a
    long run of such entries around the text is the page's navigation, and the teaser below
    the article goes with the page's other parts."""
    teaser = "Neue Radwege für die Innenstadt geplant"
    page = [BULLET_MENU, "Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2]
    kept = paragraphs("\n".join([*page, BULLET_MENU, teaser, BULLET_MENU]))
    assert kept == ["Fernwärme wird nicht teurer", PARAGRAPH_1, PARAGRAPH_2]


def test_a_long_bullet_list_below_a_lead_in_is_the_articles_not_a_menu() -> None:
    """A run of short bullet items below a lead-in ("Betroffen sind:") is the article's own
    list, even at its end: the text stays an extracted article and keeps all of it."""
    lead_in = "Betroffen sind die folgenden Stadtteile:"
    districts = ["Altstadt", "Neustadt", "Südstadt", "Nordend", "Westend", "Ostpark"]
    items = [f"* {name}" for name in [*districts, "Hafen", "Bahnhofsviertel", "Kleefeld"]]
    items += ["* Am Berg", "* Lindenhof"]
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, lead_in, *items])
    assert paragraphs(text) == [PARAGRAPH_1, PARAGRAPH_2, lead_in, *items]


def test_an_html_tables_rows_above_the_text_are_a_data_sheet() -> None:
    """Ingest lays out an HTML table as "| cell | cell |" rows: an ingredient table above a
    recipe's text is its data sheet, even on a page whose menu made it a whole page."""
    table = [
        "| Für den Teig: |  |",
        "| 250 g | Mehl |",
        "| 125 g | Butter |",
        "| 1 | Ei |",
        "| 1 Prise | Salz |",
    ]
    page = [MENU, "Apfelkuchen vom Blech", *table, *RECIPE_TEXT, MENU]
    kept = paragraphs("\n".join(page))
    assert kept[: len(table)] == table
    assert kept[-2:] == RECIPE_TEXT


def test_a_note_under_a_name_line_below_the_article_goes() -> None:
    """Below the last long paragraph, a sentence that opens with the name alone on the line
    above it is a box about that name; the same sentence without the name line stays."""
    note = "Paula Beispiel studierte Geografie und fährt am Wochenende gern mit dem Rad."
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, "Paula Beispiel", note]))
    assert (note, "author_box") in removals(result)
    assert note in paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, note]))


@pytest.mark.parametrize(
    "bio",
    [
        "Jane Example is the co-founder of a small studio for maps and writes its newsletter.",
        "Karl Beispiel ist Gründer einer Agentur für Stadtmarketing in Leipzig.",
    ],
)
def test_a_founders_bio_after_the_article_goes(bio: str) -> None:
    """A blog's or a company's author is its founder or consultant: the note below the
    article's last paragraph is the author box all the same."""
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, bio]))
    assert removals(result) == [(bio, "author_box")]


def test_a_link_to_the_previous_post_with_its_long_title_goes() -> None:
    """The link to the neighbouring post carries that post's title on its line, however long
    the title: it is post navigation, not the article's last paragraph."""
    link = (
        "Vorheriger Beitrag"
        "Ortsgeschichte: Wie die alte Mühle am Bach zum Museum wurde, warum der Verein dafür "
        "zehn Jahre lang Spenden sammelte und was die Besucher im Sommer dort erwartet"
    )
    assert len(link) > 150
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, link]))
    assert (link, "post_navigation") in [(r.text, r.reason) for r in result.removed]


@pytest.mark.parametrize(
    "note",
    [
        "Gefällt Ihnen unser kleines Magazin? Dann erzählen Sie Ihren Freunden davon.",
        "Tell us what you think of our new website and help us make it better.",
    ],
)
def test_the_sites_note_on_its_own_media_below_the_article_goes(note: str) -> None:
    """Below the last long paragraph, the site speaking of its own media is its box."""
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, note]))
    assert removals(result) == [(note, "site_note")]


def test_a_quote_about_our_newsroom_or_a_note_above_the_text_stays() -> None:
    """A source's quote that names "unsere Redaktion", or such a line above a long paragraph,
    is the article's."""
    quote = "„Unsere Redaktion wurde vorher nicht gefragt“, sagte die Chefredakteurin am Abend."
    assert quote in paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, quote]))
    line = "Die Stadtwerke stellen ihr Angebot vor, wie unsere Zeitung berichtete."
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


def test_the_sites_newsletter_offer_below_the_article_goes_but_a_po_box_stays() -> None:
    """Below the last long paragraph, an offer of the news by mail is the site's; a post-office
    box with its number is an address."""
    offer = "Die wichtigsten Nachrichten aus dem Kiez jeden Freitag direkt in dein Postfach!"
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, offer]))
    assert (offer, "newsletter") in removals(result)
    address = "Stadtwerke Beispielstadt, Postfach 1234, 12345 Beispielstadt."
    assert address in paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, address]))


def test_an_appeal_for_support_below_the_article_goes_but_news_of_support_stays() -> None:
    """Below the last long paragraph, an appeal to the reader for support is the site's; a
    sentence that reports who supported whom is news."""
    appeal = "Hat dir der Text gefallen? Unterstütze unser kleines Team schon mit drei Euro!"
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, appeal]))
    assert appeal not in result.text
    news = "Der Umbau wurde vom Land mit 40.000 Euro unterstützt."
    assert news in paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, news]))


def test_a_link_to_a_site_by_its_address_below_the_article_goes_on_a_whole_page() -> None:
    """On a whole page, a line below the last long paragraph that links to a site by its
    address ("Mehr Rezepte auf beispielkueche.de") is the site's teaser."""
    link = "Mehr Rezepte auf beispielkueche.de"
    last = "Die Kalkulation soll im Herbst vorgestellt werden, teilte ein Sprecher mit."
    text = "\n".join([MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, link, last, MENU])
    result = clean(text)
    assert (link, "teaser") in removals(result)
    assert last in result.text


def test_a_contact_box_below_the_article_goes_as_a_whole() -> None:
    """Below the last long paragraph, a contact heading starts the press office's box: the
    heading, the name and the organisation's note go."""
    box = [
        "Pressekontakt",
        "Erika Beispiel",
        "Die Stadtwerke Beispielstadt versorgen rund 80.000 Haushalte mit Strom und Wärme.",
    ]
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, *box]))
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2]
    assert {r.reason for r in result.removed if r.text == box[2]} == {"contact_box"}


def test_an_info_box_below_the_article_goes_on_a_whole_page() -> None:
    """On a whole page, a heading such as "Weitere Informationen" below the last long
    paragraph starts a box of further links: it and what follows go."""
    box = [
        "Weitere Informationen",
        "Die Tarife und alle Formulare stehen im Kundenportal der Stadtwerke bereit.",
    ]
    result = clean("\n".join([MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, *box, MENU]))
    assert result.text.split("\n\n") == [HEADLINE, PARAGRAPH_1, PARAGRAPH_2]
    assert {r.reason for r in result.removed if r.text in box} == {"info_box"}


def test_a_heading_over_more_of_the_site_below_the_article_goes() -> None:
    """Below the last long paragraph, a heading over links to more of the site ("Weitere
    Inhalte zu Fernwärme") goes; a sentence that opens with such words stays."""
    heading = "Weitere Inhalte zu Fernwärme"
    result = clean("\n".join([PARAGRAPH_1, PARAGRAPH_2, heading]))
    assert (heading, "teaser") in removals(result)
    sentence = "Mehr zu den Tarifen will der Vorstand im Herbst sagen."
    assert sentence in paragraphs("\n".join([PARAGRAPH_1, PARAGRAPH_2, sentence]))


def test_cells_of_a_row_laid_out_with_runs_of_spaces_are_judged_apart() -> None:
    """Html-to-text tools put a bar's or a table row's cells on one line with runs of spaces
    between them, where a browser's copy puts each on its own line: each cell is judged as
    that line, so a meta bar's buttons go as they do when the page is copied from a browser."""
    bar = "14.03.2024 | 09:30     Kommentieren     Mehr zum Thema"
    headline = "Fernwärme wird nicht teurer"
    for text in (
        "\n".join([PARAGRAPH_1, bar, PARAGRAPH_2]),
        "\n".join([MENU, headline, bar, PARAGRAPH_1, PARAGRAPH_2, MENU]),
    ):
        kept = clean(text).text
        assert "Kommentieren" not in kept
        assert "Mehr zum Thema" not in kept
        assert PARAGRAPH_1 in kept
        assert PARAGRAPH_2 in kept


def test_a_row_of_many_cells_stays_one_line() -> None:
    """A results table's row has many cells that mean something only together: it is not
    parted into its cells, and stays in the article as one line."""
    row = "3.     Muster, Anna     1994     TV Musterstadt     12,84     sec."
    kept = paragraphs("\n".join([PARAGRAPH_1, row, PARAGRAPH_2]))
    assert kept == [PARAGRAPH_1, row, PARAGRAPH_2]


def test_a_bar_of_buttons_on_one_line_is_chrome() -> None:
    """A text browser lays a row of share and footer links out on one line ("Teilen Drucken
    Facebook Twitter ..."), more words than a single button's line: a line made mostly of
    different widget words is chrome all the same, while a headline naming a few is not."""
    bar = "Artikel teilen auf Facebook Twitter WhatsApp per E-Mail Drucken"
    footer = "Impressum | Datenschutz | Kontakt | AGB | Cookie-Einstellungen"
    headline = "Stadtwerke: Fernwärme wird nicht teurer, Kunden können aufatmen"
    kept = paragraphs("\n".join([headline, PARAGRAPH_1, bar, PARAGRAPH_2, footer]))
    assert kept == [headline, PARAGRAPH_1, PARAGRAPH_2]


def test_a_bullet_list_of_titles_below_a_whole_page_article_is_a_teaser_list() -> None:
    """Text browsers render a list of links to other stories as bullet items ("* Title"),
    where a browser's copy has bare title lines: below the article they go as teasers, while
    a list of "Key: value" items is data, not titles, and stays."""
    titles = [f"* {title}" for title, _ in TEASERS]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    result = clean("\n".join([MENU, *article, *titles]))
    assert result.text.split("\n\n") == article
    assert {removed.reason for removed in result.removed if removed.text in titles} == {"teaser"}
    facts = ["* Bauherr: Stadtwerke Musterstadt", "* Baubeginn: Frühjahr 2025"]
    facts += ["* Kosten: rund vier Millionen Euro", "* Leitung: neue Trasse am Ring"]
    assert paragraphs("\n".join([MENU, *article, *facts])) == [*article, *facts]


# --- review round: news sentences that look like a site's boxes stay ---------------------------


@pytest.mark.parametrize(
    "closing",
    [
        ["Contact with the crew was lost at 3 p.m.", "Rescue teams reached the site later."],
        ["Kontakt zur Besatzung gab es zuletzt am Abend.", "Die Suche dauert an."],
        ["The company did not immediately respond to a request for comment sent by email."],
        ["The mayor announced the decision in the council's newsletter on Friday."],
        ["Will Donald Trump sign the bill?"],
        ["Will the opposition support the plan?"],
        ["Residents can report potholes through our app, the mayor said in the statement."],
    ],
)
def test_a_news_sentence_after_the_last_paragraph_that_names_contact_mail_or_support_stays(
    closing: list[str],
) -> None:
    """Below the last long paragraph, a sentence of news that starts with "Contact", names a
    newsletter or an email, asks a question about support or quotes a source on "our app"
    is the article's: the site's boxes are headings, offers and appeals to the reader."""
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, *closing])
    assert paragraphs(text) == [PARAGRAPH_1, PARAGRAPH_2, *closing]


def test_a_sub_head_repeated_by_its_paragraph_below_the_last_long_paragraph_stays() -> None:
    """A title-case sub-head ("New Rules") whose paragraph opens with the same words is no
    author's name over a bio."""
    sub_head = "New Rules"
    closing = "New Rules will apply from Monday, the council said."
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, sub_head, closing])
    assert closing in paragraphs(text)


def test_sentences_parted_by_runs_of_spaces_stay_one_paragraph() -> None:
    """Justified text or a PDF's copy parts sentences by runs of spaces: they are prose, not a
    row of cells, and stay one paragraph as written."""
    line = "The vote was 7 to 4.    Two members abstained.    The mayor welcomed it."
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


def test_ten_short_bullet_items_between_paragraphs_of_an_article_stay() -> None:
    """A long bullet list between an extracted article's paragraphs, with no lead-in ending
    in a colon, is the article's list, not a text browser's menu."""
    intro = "Betroffen sind unter anderem diese Ortsteile."
    towns = ["Altstadt", "Neustadt", "Südstadt", "Nordend", "Westend", "Ostpark", "Hafen"]
    items = [f"* {town}" for town in [*towns, "Kleefeld", "Lindenhof", "Bahnhofsviertel"]]
    text = "\n".join([PARAGRAPH_1, intro, *items, PARAGRAPH_2])
    assert paragraphs(text) == [PARAGRAPH_1, intro, *items, PARAGRAPH_2]


# --- round 5: a how-to's pictures and steps --------------------------------------------------


@pytest.mark.parametrize(
    "widget", ["Zum Vergrößern bitte anklicken", "Click to enlarge", "Bild anzeigen", "Foto"]
)
def test_a_pictures_buttons_are_chrome_inside_the_article(widget: str) -> None:
    """A picture's own buttons ("click to enlarge", "show picture") under every step of a
    how-to are chrome, removed as such, and the context rules look through them."""
    step = "Danach das Gerät neu starten"
    text = "\n".join([PARAGRAPH_1, widget, step, widget, PARAGRAPH_2])
    result = clean(text)
    assert result.text.split("\n\n") == [PARAGRAPH_1, step, PARAGRAPH_2]
    assert (widget, "ui_chrome") in removals(result)


HOW_TO_STEPS = [
    "Öffnen Sie die Liste der installierten Programme über das Startmenü des Rechners.",
    "Wählen Sie in der Liste der installierten Programme den Eintrag des Updates aus.",
]
HOW_TO_CLOSING = (
    "So wird das Update bei jedem Neustart des Rechners nicht wieder von selbst installiert, "
    "und die Einstellung bleibt, bis Sie sie selbst wieder ändern."
)
SIDEBAR = ["Neueste Beiträge:", "Neue Drucker im Test", "So sichern Sie Ihr Netzwerk"]


def test_a_how_tos_click_step_on_a_whole_page_is_no_menu_entry() -> None:
    """A short step that names the button to click ("Klicken Sie auf »Entfernen«") is the
    how-to's, however few its words: a menu's entry names no button in quotes."""
    click = "Klicken Sie auf »Entfernen«"
    link = "Offizielle Beschreibung des Herstellers »"
    article = [*HOW_TO_STEPS, click, "Bild vergrößern", HOW_TO_CLOSING]
    text = "\n".join([MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, link, *article, *SIDEBAR, MENU])
    kept = paragraphs(text)
    assert kept[-4:] == [*HOW_TO_STEPS, click, HOW_TO_CLOSING]


HOW_TO_LONG_STEP = (
    "Klicken Sie das Update in der Liste der verfügbaren Updates mit der rechten Maustaste an "
    "und wählen Sie im Menü den Eintrag zum Ausblenden"
)


def _how_to_page(lead_in: str) -> str:
    """A whole page with a how-to whose last steps follow a lead-in below its last paragraph."""
    link = "Offizielle Beschreibung des Herstellers »"
    widget = "Bild vergrößern"
    how_to = [*HOW_TO_STEPS, widget, HOW_TO_CLOSING, lead_in, HOW_TO_LONG_STEP, "Fertig", widget]
    return "\n".join([MENU, HEADLINE, PARAGRAPH_1, PARAGRAPH_2, link, *how_to, *SIDEBAR, MENU])


def test_a_lead_in_sentence_below_a_how_to_on_a_whole_page_brings_its_steps() -> None:
    """A sentence that ends in a colon right below the article's last paragraph ("…, gehen
    Sie so vor:") announces the article's list: it and its items are the article's, and an
    item may be a long step without its full stop."""
    lead_in = "Damit es nicht wieder installiert wird, gehen Sie so vor:"
    kept = paragraphs(_how_to_page(lead_in))
    assert kept[-4:] == [HOW_TO_CLOSING, lead_in, HOW_TO_LONG_STEP, "Fertig"]
    assert not set(SIDEBAR) & set(kept)


def test_a_label_with_a_colon_below_the_article_on_a_whole_page_brings_no_long_lines() -> None:
    """A label of a word or two with a colon ("Unser Versprechen:") is no sentence that
    announces the article's list: a box's long lines below it stay out."""
    kept = paragraphs(_how_to_page("Unser Versprechen:"))
    assert kept[-1] == HOW_TO_CLOSING


# --- a post's frame: dateline, post, share bar -------------------------------------------------

POST = ["„Hast du den Schlüssel?“", "– „Welchen Schlüssel?“", "– „Schon gut.“"]
POST_SIDEBAR = (
    "Dieses Blog sammelt seit vielen Jahren kleine Beobachtungen aus dem Alltag in der Stadt, "
    "die uns beim Warten auf den Bus, beim Einkaufen oder in der Kneipe begegnet sind."
)
POST_HEADLINE = "Das Gespräch an der Haltestelle"
SHARE_BAR = ["Teilen mit:", "Facebook", "Twitter", "Gefällt mir:"]


@pytest.mark.parametrize(
    "dateline",
    ["3. Mai 2021 at 18:20 (Notizen)", "Posted 3. Mai 2021 by Anna Beispiel", "03.05.2021"],
)
def test_a_short_post_between_its_dateline_and_share_bar_outweighs_a_sidebar(
    dateline: str,
) -> None:
    """A blog post of three short lines between its dateline and its share bar, then the
    related-posts heading and the comment form, is the article; the sidebar's longer text
    below the comment form is not, though it is worth more to the region."""
    trailer = ["Ähnliche Beiträge", "Kommentar verfassen", "Über dieses Blog", POST_SIDEBAR]
    page = [MENU, "Notizbuch", POST_HEADLINE, dateline, *POST, *SHARE_BAR, *trailer, MENU]
    result = clean("\n".join(page))
    assert result.text.split("\n\n") == [POST_HEADLINE, *POST]
    assert (POST_SIDEBAR, "trailer") in removals(result)


def test_a_share_bar_under_the_dateline_above_the_article_frames_nothing() -> None:
    """News pages put the share bar between the byline and the text: the lines between the
    dateline and the bar are labels (a rubric), the article follows the bar and stays."""
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    page = [MENU, "3. Mai 2021", "Energie, Stadtwerke", *SHARE_BAR, *article, MENU]
    assert paragraphs("\n".join(page)) == article


def test_a_dateline_below_the_article_frames_nothing() -> None:
    """The article's text above the dateline and the share bar: the line between them (the
    author's name) is no post of its own."""
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    closing = ["3. Mai 2021", "Anna Beispiel", *SHARE_BAR, "Ähnliche Beiträge"]
    result = clean("\n".join([MENU, *article, *closing, MENU]))
    assert result.text.split("\n\n") == article


def test_a_teasers_date_and_title_above_a_share_bar_frame_nothing() -> None:
    """A list of teasers (a date and a title, again and again) above the page's share bar:
    the last teaser's date has other dates right above it, so it is no post's dateline."""
    teasers = []
    for day, title in [(1, "Neue Radwege im Süden"), (2, "Ein Fest am Hafen"), (3, "Der Markt")]:
        teasers += [f"0{day}.05.2021", title]
    page = [MENU, *teasers, *SHARE_BAR, "Ähnliche Beiträge", POST_SIDEBAR, MENU]
    result = clean("\n".join(page))
    assert not any(title in result.text for title in ("Ein Fest am Hafen", "Der Markt"))


@pytest.mark.parametrize(
    "byline",
    [
        "Posted 3. Mai 2021 by Anna Beispiel",
        "Veröffentlicht am 12. März 2023 von lena_m",
        "Posted on April 4, 2022 by Tom Example",
        "12.03.2023, 09:15 von stadtleser",
        "Publié le 5 juin 2021 par Claire Modèle",
    ],
)
def test_a_post_header_with_the_date_before_the_author_goes(byline: str) -> None:
    """A blog's post header names the date first, then the author (a user name in small
    letters too): it is the site's, as the author-first form is."""
    result = clean("\n".join([byline, PARAGRAPH_1, PARAGRAPH_2]))
    assert removals(result) == [(byline, "byline")]


@pytest.mark.parametrize(
    "line",
    ["Seit 2019 von der Stadt betrieben", "Am Montag von Anna Beispiel eröffnet"],
)
def test_a_news_line_with_a_year_or_a_day_before_von_stays(line: str) -> None:
    """Before "von", only a date (a day and a month, or a full numeric date) makes a header;
    a year alone or a weekday with more words is a news line."""
    assert line in paragraphs("\n".join([PARAGRAPH_1, line, PARAGRAPH_2]))


@pytest.mark.parametrize("box", [["Lesen Sie auch"], ["Ähnliche Beiträge"]])
def test_a_box_of_related_links_under_a_share_bar_above_the_article_frames_nothing(
    box: list[str],
) -> None:
    """A line between the dateline and the share bar, then a box of related links and the
    article's paragraphs: the box heads no trailer, the article below it stays whole."""
    titles = ["Neue Radwege für die Innenstadt geplant", "Ein Fest am Hafen für alle Familien"]
    article = [PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3]
    page = [MENU, HEADLINE, "3. Mai 2021", "Die Preise bleiben stabil", *SHARE_BAR]
    result = clean("\n".join([*page, *box, *titles, *article, MENU]))
    for paragraph in article:
        assert paragraph in result.text


# --- author boxes under a heading ----------------------------------------------------------------


def test_an_author_box_under_its_heading_goes_even_above_more_text() -> None:
    """An "Autoreninfo" / name / bio is the author box wherever it stands, also between the
    article and a second long text (a teaser, an interview below it)."""
    box = [
        "Autoreninfo",
        "Erika Beispiel",
        "Erika Beispiel leitet das Ressort Wirtschaft und schreibt über Energiepolitik.",
    ]
    text = "\n".join([PARAGRAPH_1, *box, PARAGRAPH_2])
    assert paragraphs(text) == [PARAGRAPH_1, PARAGRAPH_2]
    assert [reason for _, reason in removals(clean(text))] == ["author_box"] * 3


def test_an_author_box_with_a_subjectless_note_goes() -> None:
    """The note may leave out the name the line above gives ("AUTOR" / "Dr. Jan Muster" /
    "ist Partner der Kanzlei ...")."""
    box = ["AUTOR", "Dr. Jan Muster", "ist Partner einer Kanzlei in Bremen und berät Vereine."]
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, *box, PARAGRAPH_1.replace("Stadt", "Gemeinde")])
    assert not set(box) & set(paragraphs(text))


def test_under_a_byline_heading_the_articles_first_paragraph_stays() -> None:
    """An "Autor" / a name above the article is a byline: the heading and the name go, the
    paragraph under them is no note on a person and stays."""
    first = "Der Gemeinderat hat am Montag über den neuen Radweg entschieden."
    text = "\n".join(["Autor", "Jan Muster", first, PARAGRAPH_1, PARAGRAPH_2])
    assert paragraphs(text) == [first, PARAGRAPH_1, PARAGRAPH_2]


def test_an_interviews_zur_person_box_and_a_sentence_on_an_author_stay() -> None:
    """A "Zur Person" box introduces an interview's guest; a sentence that mentions an author is
    no heading."""
    guest = "Zur Person"
    bio = "Anna Muster ist Ärztin und leitet seit 2019 die Klinik für Innere Medizin."
    mention = "Der Autor des Gutachtens ist Professor in Kiel."
    text = "\n".join([guest, bio, PARAGRAPH_1, mention, PARAGRAPH_2])
    kept = paragraphs(text)
    assert bio in kept and mention in kept and PARAGRAPH_1 in kept


# --- titles under a heading over links to more of the site -------------------------------------


def test_titles_under_a_more_from_the_site_heading_go() -> None:
    """Below the article, "Mehr zur Energiewende" and the titles under it are links to more
    of the site: the titles go with the heading."""
    titles = ["Neue Fähre für die Nordsee startet im Mai", "So wird das Wetter am Wochenende"]
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, "Mehr zur Energiewende", *titles])
    result = clean(text)
    assert result.text.split("\n\n") == [PARAGRAPH_1, PARAGRAPH_2]
    assert [reason for _, reason in removals(result)] == ["teaser"] * 3


def test_a_two_word_sub_head_ends_the_titles_under_a_more_heading() -> None:
    """A sub-head of two words ("Weiterführende Links") after the titles starts the
    article's own box: it stays."""
    title = "Neue Fähre für die Nordsee startet im Mai"
    text = "\n".join(
        [PARAGRAPH_1, PARAGRAPH_2, "Mehr zur Energiewende", title, "Weiterführende Quellen"]
    )
    kept = paragraphs(text)
    assert title not in kept
    assert "Weiterführende Quellen" in kept


# --- the lead picture's credit ----------------------------------------------------------------


@pytest.mark.parametrize(
    "credit",
    [
        "Beitragsbild: Erika Beispiel",
        "Titelbild via Pixabay.",
        "Featured image by Jane Example/Example Agency.",
        "Header Image: A ferry leaves the harbour at dawn.",
    ],
)
def test_the_lead_pictures_credit_goes(credit: str) -> None:
    """A blog names the source of its post's lead picture ("Beitragsbild", "Titelbild",
    "Featured image") on a line of its own: a photo credit."""
    result = clean("\n".join([PARAGRAPH_1, credit, PARAGRAPH_2]))
    assert (credit, "photo_credit") in removals(result)


def test_a_sentence_about_a_cover_picture_stays() -> None:
    """A sentence that talks about a magazine's cover picture is no credit line."""
    sentence = "Das Titelbild zeigt den Bürgermeister vor dem neuen Rathaus."
    assert sentence in paragraphs("\n".join([PARAGRAPH_1, sentence, PARAGRAPH_2]))


# --- a comment section's count heading in the singular -------------------------------------------


@pytest.mark.parametrize(
    "heading", ["1 reply on “A Quiet Week at the Harbour”", "1 Kommentar zu „Neue Radwege“"]
)
def test_a_comment_sections_heading_with_one_comment_starts_the_trailer(heading: str) -> None:
    """A "1 reply on …" line heads the readers' comments as "12 replies on …" does: it and
    the comment under it go."""
    comment = "Anna says: Thanks for this report, the new ferry is long overdue in our town."
    text = "\n".join([PARAGRAPH_1, PARAGRAPH_2, heading, comment])
    assert paragraphs(text) == [PARAGRAPH_1, PARAGRAPH_2]


def test_an_author_box_whose_note_says_what_the_author_works_on_goes() -> None:
    """A note "Erika Beispiel beschäftigt sich mit …" under "Über den Autor" and her name is the
    box's note on her."""
    box = [
        "Über den Autor",
        "Erika Beispiel",
        "Erika Beispiel beschäftigt sich mit Verkehrspolitik und dem Nahverkehr der Region.",
    ]
    text = "\n".join([PARAGRAPH_1, *box, PARAGRAPH_2])
    assert paragraphs(text) == [PARAGRAPH_1, PARAGRAPH_2]


# --- round 5: signal rules that misfired on the article's own lines ------------------------------


def test_a_list_of_records_with_a_recurring_field_below_the_text_is_no_teaser_list() -> None:
    """Records of labelled fields (a club's runs: "Lauf: …", "Strecke: 10 km", …) repeat a
    field's line in each record, as teaser groups repeat a rubric; a label and its value is
    no teaser's rubric, so the records stay as the article's data."""
    records = [
        line
        for number, (route, place) in enumerate(
            [
                ("Altstadt", "Rathaus am Markt"),
                ("Hafen", "Fähranleger an der Weser"),
                ("Stadtpark", "Musikpavillon im Park"),
                ("Bahnhof", "Brunnen vor dem Bahnhof"),
            ],
            start=1,
        )
        for line in (
            f"Lauf: {route}",
            "Strecke: 10 km",
            f"Treffpunkt: {place}",
            f"Start: {number + 8} Uhr",
            f"Hinweis: Bitte {number * 10} Minuten vor dem Start da sein.",
            f"Ziel: {route}",
        )
    ]
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, PARAGRAPH_3, *records]
    assert paragraphs("\n".join([MENU, *article, MENU])) == article
    assert clean_page.teaser_mark("Strecke: 10 km", prose=False) is None
    assert clean_page.teaser_mark("Mehr", prose=False) == "mehr"


def test_the_line_below_a_lead_in_s_list_at_the_article_s_end_is_no_far_footer() -> None:
    """A schedule and an address under lead-ins end the article ("So sieht der Zeitplan
    aus:", "Anfahrt:"); their short lines are the article's list, so the closing line below
    them is not far from the text."""
    lead_in = "So sieht der Zeitplan für den Tag aus:"
    schedule = ["Einlass 10:00 Uhr", "Beginn 11:00 Uhr", "Ende 18:30 Uhr", "Anfahrt:"]
    address = ["Stadthalle", "Am Markt 1", "12345 Musterstadt"]
    closing = "Wir freuen uns auf euch!"
    article = [HEADLINE, PARAGRAPH_1, PARAGRAPH_2, lead_in, *schedule, *address, closing]
    assert paragraphs("\n".join([MENU, *article, MENU])) == article
