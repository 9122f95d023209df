"""Words the cleaner judges blocks by: stopwords for every source language, boilerplate vocabulary.

Stopword lists come from jusText (it ships lists for most registered source languages); German
and English keep the short hand-made lists the cleaner was tuned on, and Chinese and Japanese,
which jusText lacks and which are not written with spaces, get lists of function characters.
When no language is given, the list that covers most of the text's words is used.

Below them, the boilerplate vocabulary (de, en, fr, es, it, nl, pl): UI words, offer, consent,
login and newsletter wording, teasers, credits, bylines, comment forms and trailer headings.
"""

from __future__ import annotations

import functools
import re

import justext


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string (easier to read and edit)."""
    return frozenset(words.split())


STOPWORDS_DE = word_set(
    """
    ab aber alle allen aller alles als also am an auch auf aus bei beim bereits bis bzw da dabei
    damit dann daran darauf darüber das dass davon dazu dem den denn der des dich die dies diese
    diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines er es etwa
    euch für gegen habe haben hat hatte hatten her hier hin hinter ich ihm ihn ihnen ihr ihre
    ihrem ihren ihrer ihres im immer in ins ist ja jedoch jener jetzt kann kein keine keinem
    keinen keiner können könnte könnten man mehr mich mir mit muss müssen nach neben nein nicht
    noch nun nur ob oder ohne schon sehr sein seine seinem seinen seiner seines seit selbst sich
    sie sind so soll sollen sollte sondern sowie trotz um und uns unser unsere unter viel viele
    vom von vor war waren was weil weiter wenn wer werden wegen wie wieder will wir wird wo wollen
    wurde wurden würde würden während zu zudem zum zur zwischen worden
    """
)
STOPWORDS_EN = word_set(
    """
    a about after again against all also an and any are as at be been before being between both
    but by can could did do does during each few for from further had has have he her here his
    how i if in into is it its just me more most must my no nor not of off on once only or other
    our out over own same she should so some such than that the their them then there these they
    this those through to too under up very was we were what when where which who whom why will
    with would you your said says
    """
)
# Function characters of Chinese and Japanese prose (particles, copulas, common auxiliaries):
# these scripts have no spaces, so each character counts as a word.
STOPWORDS_ZH = frozenset("的了是在和有也就都而及与着或被把对从向这那个们上中为以于之其")
STOPWORDS_JA = frozenset("のにはをがでともへやからまでよりですますたいるしてれこそあ")
CJK_LANGUAGES = frozenset({"zh", "ja"})

# ISO 639-1 codes of jusText's lists (the registered source languages, and a few more).
_JUSTEXT_NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "cs": "Czech",
    "da": "Danish",
    "el": "Greek",
    "es": "Spanish",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hu": "Hungarian",
    "it": "Italian",
    "ko": "Korean",
    "nl": "Dutch",
    "no": "Norwegian_Bokmal",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
}
LANGUAGES = frozenset({"de", "en", *_JUSTEXT_NAMES, *CJK_LANGUAGES})
_SAMPLE_WORDS = 1500  # enough words to tell languages apart by their stopwords
_WORD = re.compile(r"\w+(?:-\w+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@functools.cache
def stopwords(language: str) -> frozenset[str]:
    """The stopword list of one language code ("de", "fr", ...); empty for an unknown one."""
    if language == "de":
        return STOPWORDS_DE
    if language == "en":
        return STOPWORDS_EN
    if language == "zh":
        return STOPWORDS_ZH
    if language == "ja":
        return STOPWORDS_JA
    name = _JUSTEXT_NAMES.get(language)
    if name is None:
        return frozenset()
    # jusText's lists hold some words with punctuation attached ("auf."): keep bare words.
    return frozenset(word for word in justext.get_stoplist(name) if _WORD.fullmatch(word))


def stopwords_for(text: str, language: str | None) -> tuple[frozenset[str], bool]:
    """The stopwords to judge `text` by, and whether it is counted per character (CJK).

    German or English text whose language is not given uses both hand-made lists, as the
    cleaner always has: English quotes and names are common in German news and the reverse.
    """
    given = (language or "").lower()[:2]
    code = given or guess_language(text)
    if code in CJK_LANGUAGES:
        return stopwords(code), True
    if code in ("de", "en") and given:
        return stopwords(code), False
    if code in ("de", "en") or code not in LANGUAGES:
        return STOPWORDS_DE | STOPWORDS_EN, False
    return stopwords(code), False


@functools.cache
def _full_list(code: str) -> frozenset[str]:
    """jusText's whole list for a code, German and English included (for comparing languages)."""
    name = {"de": "German", "en": "English"}.get(code) or _JUSTEXT_NAMES[code]
    return frozenset(word for word in justext.get_stoplist(name) if _WORD.fullmatch(word))


def guess_language(text: str) -> str:
    """The language whose stopwords cover most of the text's first words (German on a tie)."""
    sample = text[: _SAMPLE_WORDS * 12]
    cjk = len(_CJK.findall(sample))
    if cjk * 3 > len(sample):
        kana = sum(1 for char in sample if "\u3040" <= char <= "\u30ff")
        return "ja" if kana * 10 > cjk else "zh"
    words = _WORD.findall(sample.lower())[:_SAMPLE_WORDS]
    best, best_count = "de", -1
    for code in ("de", "en", *sorted(_JUSTEXT_NAMES)):
        listed = _full_list(code)
        count = sum(1 for word in words if word in listed)
        if count > best_count:
            best, best_count = code, count
    return best


_CJK_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]|[^\W\d_]+(?:-\w+)*|\d+")


def words(text: str, *, cjk: bool) -> list[str]:
    """The lower-cased words of a block; in Chinese or Japanese text each character is one."""
    return (_CJK_TOKEN if cjk else _WORD).findall(text.lower())


# --- boilerplate vocabulary ----------------------------------------------------------------

# Words that make up navigation and widget chrome ("Kommentare", "Artikel teilen", "Share"),
# a picture's and a gallery's buttons included ("Zum Vergrößern bitte anklicken", "Click to
# enlarge", "Bild anzeigen", "Bild schließen"): a how-to or a recipe repeats them under every
# step's picture, and they are as much the article's furniture as a photo credit is.
UI_WORDS = word_set(
    """
    kommentare kommentar kommentieren comments comment teilen share shares drucken print merken
    speichern save anzeige werbung advertisement advertising ad ads sponsored gesponsert weiter
    zurück back next previous home startseite menü menu suche search login logout anmelden
    abmelden registrieren newsletter facebook twitter whatsapp e-mail email mail linkedin telegram
    instagram pinterest reddit xing threads bluesky link kopieren copy top nach oben video videos
    bildergalerie galerie gallery bilder fotos photos impressum datenschutz agb kontakt contact
    cookies cookie-einstellungen einstellungen settings abonnieren subscribe folgen follow like
    tweet this x schließen close öffnen open vergrößern enlarge play abspielen audio anhören listen
    vorlesen lesezeit min minuten minute minutes read lesen loading laden akzeptieren accept
    ablehnen reject zustimmen manage preferences alle all mehr more anzeigen show hide ausblenden
    artikel article zum zur to the und and on auf via per bei mit with skip main content
    navigation inhalt hauptinhalt springen jump übersicht overview
    commentaires commentaire partager imprimer publicité fermer rechercher connexion accueil
    suivant précédent s'abonner abonnez-vous lire écouter
    comentarios comentario compartir imprimir publicidad cerrar buscar inicio siguiente anterior
    suscríbete leer escuchar
    commenti commento condividi stampa pubblicità chiudi cerca successivo precedente abbonati
    leggi ascolta
    reacties reactie delen printen advertentie sluiten zoeken volgende vorige abonneren lees
    komentarze komentarz udostępnij drukuj reklama zamknij szukaj następny poprzedni subskrybuj
    czytaj podziel się
    senden send pinnen pin twittern tweeten weiterempfehlen tumblr messenger
    stumbleupon viber flattr skype sms pdf version herunterladen download rezept recipe
    liken lade benachrichtigung benachrichtigungen notifications inhaltsverzeichnis sommaire
    inhoudsopgave aktivieren deaktivieren antworten reply répondre responder rispondi beantwoorden
    reageer odpowiedz
    bild foto image photo anklicken klicken click bitte please
    """
)
# Durations: chrome as a reading time ("5 Min."), not as a range ("15 – 30 Min").
UI_DURATION = word_set("min minuten minute minutes")
# UI words that are also ordinary function words: a block of only these is not chrome.
UI_FILLER = word_set(
    "mehr more weiter nach zum zur to the this und and alle all artikel on auf via per bei mit with"
    " main się version rezept recipe bitte please"
)

# Explicit boilerplate vocabulary: (category, weight, pattern). Strong signals weigh 2.
VOCABULARY: tuple[tuple[str, int, str], ...] = (
    ("adblock", 2, r"ad[- ]?blocker\w*|ad[- ]?block\b|adblock\w*|werbe-?block\w*"),
    # a whitelist is also a moderation or security term: it needs an ad blocker beside it
    ("adblock", 1, r"deaktivier\w*|disable\w*|whitelist\w*"),
    ("cookie", 2, r"cookies?\b|cookie-\w+|consent\w*"),
    (
        "cookie",
        1,
        r"datenschutz\w*|privacy|einwilligung\w*|akzeptier\w*|accept\b|tracking\b"
        r"|einstellungen\b|zustimm\w*|consentement|confidentialité|privacidad|consentimiento"
        r"|consenso|riservatezza|toestemming|prywatności|zgod[aęy]",
    ),
    (
        "newsletter",
        2,
        r"newsletter\w*|inbox(?:es)?\b|posteingang\w*|enter your e-?mail|e-?mail-adresse eingeben"
        r"|(?:delivered|straight) to your inbox|per e-?mail (?:erhalten|informiert|benachrichtigt)",
    ),
    (
        "newsletter",
        1,
        r"e-?mail-?adresse\w*|e-?mail address\w*|sign(?:ing)? up\b|adresse e-?mail"
        r"|correo electrónico|indirizzo e-?mail|e-?mailadres|adres e-?mail",
    ),
    (
        "login",
        2,
        r"einloggen|ausloggen|loggen|log(?:ging)? (?:in|out)\b|sign in\b|login\b|logout\b"
        r"|passwort\w*|password\w*|se connecter|mot de passe|iniciar sesión|contraseña|accedi"
        r"|inloggen|wachtwoord|zaloguj\w*|hasło|captcha",
    ),
    (
        "login",
        1,
        r"registrier\w*|anmeld\w*|register\b|konto\b|account\b|benutzerkonto\w*|connexion"
        r"|inscri\w+|regístrate|registrati|registreren|zarejestruj\w*|cuenta|compte",
    ),
    (
        "commercial",
        2,
        r"abonnier\w*|abonnement\w*|\w*abos?\b|abo-\w+|kündbar\w*|probemonat\w*|testmonat\w*"
        r"|subscri\w+|free trial|cancel anytime|gesponsert|sponsored|werbefrei\w*|ad-free"
        r"|weiter(?:zu)?lesen|read more|continue reading"
        # an advertisement's label in front of its text ("ANZEIGE - ...")
        r"|^(?:anzeige|werbung|advertisement|sponsored|publicité|publicidad|pubblicità"
        r"|advertentie|reklama)\s*[-–:|]"
        r"|jetzt (?:testen|abonnieren|anmelden|registrieren|lesen|sichern|bestellen|kaufen"
        r"|entdecken|freischalten)"
        # es, fr, it, nl, pl
        r"|abonnez-vous|s'abonner|abonnement\w*|suscr[ií]\w+|hazte (?:miembro|socio)"
        r"|cancela cuando quieras|essai gratuit|prueba gratis|prova gratuita|gratis proberen"
        r"|abbonati|abbonamento|abonneer\w*|prenumerat\w+|subskryp\w+|lire la suite|leer más"
        r"|leggi (?:tutto|di più)|lees verder|czytaj dalej|en illimité|sin límites"
        # a metered paywall's count of free articles
        r"|(?:free|kostenlose[n]?|gratis|darmow\w+) (?:articles?|artikel\w*|artykuł\w*)"
        r"|(?:articles?|artículos|articoli|artikelen) (?:gratuit[so]?|gratuiti|gratis)"
        # appeals for support of the site
        r"|unterstützen sie (?:uns\b(?! dabei)|unsere[nm]? (?:arbeit|journalismus)|diese form)"
        r"|support (?:us|our (?:work|journalism)|independent journalism)|wesprzyj nas"
        r"|soutenez[- ](?:nous|notre)|apóyanos|apoya (?:nuestro|el) periodismo|sostienici"
        r"|steun ons|become a (?:patron|member|supporter)"
        r"|werde(?:n sie)? (?:mitglied|unterstützer)"
        # affiliate notes
        r"|affiliate[- ]?(?:links?|commissions?|partner\w*|provision\w*)|partnerlinks?"
        r"|provision vom händler|ggf\. eine provision"
        r"|(?:earn|receive)s? (?:a |an )?(?:small )?(?:affiliate )?commission"
        r"|liens? affiliés?|enlaces? de afiliados?|link affiliat\w*|linki? afiliacyjn\w*",
    ),
    (
        "commercial",
        1,
        r"gratis|kostenlos\w*|testen\b|premium\w*|exklusiv\w*|unbegrenzt\w*|unlimited"
        r"|zugang\b|access\b|angebot\w*|offer\w*|werbung\w*|werbe(?:partner|kunden|anzeige)\w*"
        r"|anzeigen?\b|advertis\w+|produkt\w*|gekauft|kaufen|purchase\w*|banner\w*|browser\w*"
        r"|button\w*|klick\w*|click\w*|freischalt\w*|unlock\w*|jederzeit|anytime"
        r"|offres?|oferta|offert[ae]|aanbieding\w*|promo\w*|gratuit\w*|gratuito|za darmo"
        r"|illimité|ilimitado|illimitato|exclusiv[oa]s?|exclusi(?:f|ve)s?|esclusiv[oi]"
        r"|spende\w*|donat\w+|darowizn\w*|faire un don|donación|donazione|doneer\w*",
    ),
)
CATEGORIES = ("adblock", "cookie", "newsletter", "login", "commercial")
VOCABULARY_GROUPS = {
    f"v{index}": (category, weight) for index, (category, weight, _) in enumerate(VOCABULARY)
}
VOCABULARY_PATTERN = re.compile(
    "|".join(rf"(?P<v{index}>\b(?:{pattern}))" for index, (_, _, pattern) in enumerate(VOCABULARY)),
    re.IGNORECASE,
)
PRICE = re.compile(
    r"\d+[.,]\d{2}\s?(?:€|\$|£)|(?:€|\$|£)\s?\d+(?:[.,]\d{2})?|\d+[.,]\d{2}\s?(?:euro|eur|chf)\b",
    re.IGNORECASE,
)
# Offer imperatives to the reader: "Klicken Sie", and at a sentence start "Sign up",
# "Abonnez-vous", "Suscríbete", "Iscriviti", "Meld je aan", "Zapisz się".
_IMPERATIVE = (
    r"\b(?i:bitte|klicken|lesen|testen|sichern|melden|registrieren|abonnieren|aktivieren"
    r"|deaktivieren|aktualisieren|loggen|laden|teilen|folgen|schalten|entdecken|probieren"
    r"|holen|wählen|akzeptieren|besuchen|nutzen|spenden)\s+Sie\b"
    r"|(?:^|[.!?:]\s+)(?i:please|subscribe|sign|click|tap|join|get|try|register|log|download"
    r"|follow|share|support|become|start|unlock|enjoy|disable|turn|accept|enter|don't"
    r"|abonnez-vous|inscrivez-vous|cliquez|connectez-vous|acceptez|désactivez|suscríbete"
    r"|regístrate|haz clic|inicia sesión|acepta|desactiva|iscriviti|abbonati|clicca|accedi"
    r"|accetta|disattiva|abonneer|meld je aan|klik|accepteer|zapisz się|kliknij|zaloguj się"
    r"|zaakceptuj|wyłącz|subskrybuj|melde dich|hol dir|abonniere|registriere dich"
    r"|sichere dir|teste)(?![\w-])"
    r"|\b(?i:hier klicken|click here|cliquez ici|haz clic aquí|clicca qui|klik hier"
    r"|kliknij tutaj)\b"
)
IMPERATIVE = re.compile(_IMPERATIVE)
# A step of a how-to: click a named button or menu entry, or with the right mouse button.
_CLICK_VERB = r"\b(?i:klicken|click|cliquez|haz clic|clicca|klik|kliknij)\b"
CLICK_VERB = re.compile(_CLICK_VERB)
CLICK_STEP = re.compile(
    _CLICK_VERB + r"[^.!?]{0,120}?"
    r"(?:[»«„“\"]|(?i:mit der (?:rechten|linken) maustaste|right[- ]click|rechtsklick))"
    r"|\b(?i:right[- ]click|rechtsklick)",
)
# Reader address: an imperative, capitalised "Ihr/Ihnen" mid-sentence, "you".
ADDRESS = re.compile(
    _IMPERATIVE + r"|(?<=[\w,] )(?:Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres|Ihnen)\b"
    r"|\b(?:[Yy]ou|[Yy]our)\b"
    # the other languages' "you" (informal German is the voice of many blogs' own prose)
    r"|\b(?i:vous|votre|vos|usted(?:es)?|tus?"
    r"|tuo|tua|tuoi|vostr[oaie]|uw|jouw|twój|twoje|twoja|ciebie|cię)\b",
)
# Quoted speech, which may address its listener ("Sie", "you") without addressing the reader.
QUOTED = re.compile(
    r"„[^“”\"]{0,400}[“”\"]|\"[^\"]{0,400}\"|“[^”]{0,400}”|»[^«]{0,400}«|«[^»]{0,400}»"
)

TEASER = re.compile(
    r"^[\W_]{0,3}(?:lesen sie (?:auch|mehr|hier|dazu|weiter)|auch interessant"
    r"|ebenfalls interessant|mehr zu(?:m| diesem) thema|mehr dazu|zum thema|weitere artikel"
    r"|lesetipp"
    r"|das könnte sie (?:auch )?interessieren|unsere empfehlung(?:en)?|meistgelesen"
    r"|empfehlungen (?:der redaktion|für sie|für dich)|redaktionsempfehlung(?:en)?"
    r"|read (?:more|also|next)|also read|see also|related(?: articles?| stories| coverage)?"
    r"|more on (?:this|that)|recommended(?: for you)?|you (?:may|might) also like"
    r"|most read|top stories|more stories|more from|related posts|latest (?:news|stories|posts)"
    r"|further reading|view comments|schon gelesen|auch auf|passend zum thema|weitere beiträge"
    r"|ähnliche (?:beiträge|artikel)|verwandte artikel|neueste (?:artikel|beiträge)"
    r"|vorschau auf den nächsten artikel|siehe auch|auch lesen"
    r"|meist-? ?(?:diskutiert|kommentiert)\w*"
    r"|most (?:discussed|commented|shared)|les plus commentés|más comentad[oa]s|più commentati"
    r"|meest besproken|najczęściej komentowane|dowiedz się więcej|przeczytaj (?:też|także|również)"
    # es, fr, it, nl, pl
    r"|lea(?: también| más| además)?|lee (?:también|más)|ve[ar] también|mir[ae]|puedes ver"
    r"|(?:también )?(?:le|te) puede interesar|(?:noticias|notas|artículos) relacionad[ao]s"
    r"|contenido relacionado|lo más (?:leído|visto)|temas relacionados"
    r"|(?:à )?lire aussi|(?:à )?voir aussi|sur le même sujet|articles similaires|les plus lus"
    r"|leggi anche|vedi anche|(?:ti )?potrebbe (?:anche )?interessarti|articoli correlati"
    r"|più letti|lees ook|bekijk ook|meer over|gerelateerde artikelen|meest gelezen"
    r"|czytaj (?:też|także|również)|zobacz (?:też|także|również)|polecamy|podobne artykuły"
    r"|najczęściej czytane"
    # headings over related stories: "also", "similar", "most read", "more on the topic"
    r"|lies (?:auch|mehr)|(?:das )?interessiert (?:dich|sie) (?:vielleicht )?auch"
    r"|(?:dich|sie) interessier(?:t|en) (?:vielleicht )?auch|(?:artikel|beiträge) zum thema"
    r"|weitere (?:inhalte|artikel|beiträge|meldungen|nachrichten) zum thema"
    r"|ähnliche (?:nachrichten|meldungen|themen)|verwandte (?:links|themen|beiträge)"
    r"|(?:die )?meist ?gelesenen? (?:artikel|beiträge|nachrichten|meldungen)|viel gelesen"
    r"|(?:beliebte|populäre) (?:artikel|beiträge)|top[- ]?themen"
    r"|you may also be interested in|more on this (?:topic|story)|related (?:links|reading)"
    r"|vous aimerez (?:peut-être )?aussi|(?:à )?lire également|pour approfondir"
    r"|articles (?:correspondants|les plus lus)|dans la même rubrique"
    r"|mirá también|(?:también )?te podría interesar|más sobre (?:este|el) tema"
    r"|per saperne di più|ti potrebbe (?:anche )?piacere|potrebbe piacerti anche"
    r"|ook interessant|meer lezen|meer over dit onderwerp"
    r"|inne artykuły(?: autora)?|polecane artykuły|zobacz więcej|czytaj więcej)"
    r"\b\s*(?:[:»›>|–—?!…-]|\.\.\.|$)",
    re.IGNORECASE,
)
# A smiley alone on its line (":)", "=)", ";-)", "^^"): the writer's, in a blog post or a
# forum's; it has no letter, but it is no widget's symbol ("+", "|", "***").
EMOTICON = re.compile(r"^(?:(?:[:;=][-'^]?[()\[\]|/\\*]+|[()]+[-']?[:;=]|\^_?\^)\s*)+$")
TEASER_ARROW = re.compile(r"^[►▶➤→⇒]\s*")
# A link to another post: it ends with an arrow, a cut mark or a "read more" (a closing
# French quote mark "»" is not an arrow: the caller checks that no quote opened).
TEASER_END = re.compile(
    r"(?:\s[»→›]|\s>>|\[(?:…|\.\.\.)\]|\(mehr\)|\s(?i:weiterlesen|read more|mehr lesen"
    r"|lire la suite|leer más|leggi tutto|lees verder|czytaj dalej)\s*(?:[»→›…]|\.\.\.)*)\s*$"
)
CREDIT_START = re.compile(
    r"^\(?(?:foto|fotos|bild|bilder|bildquelle|bildnachweis|bildrechte|photo|photos|image|images"
    r"|picture|credit|credits|grafik|illustration|fot|zdjęcie|crédits? photos?|crédito|créditos"
    r"|kuva|(?:beitrags|titel|header|aufmacher|artikel|cover)(?:bild|foto)"
    r"|(?:featured|header|cover|lead) (?:image|photo)"
    r"|quelle|source|fuente|fonte|źródło|bron)\s*(?:\([^()]{0,40}\))?\s*[.:]\s*\S"
    r"|^(?:(?:beitrags|titel|header|aufmacher|artikel|cover)(?:bild|foto)"
    r"|(?:featured|header|cover|lead) (?:image|photo)) (?:by|von|via)\s"
    r"|^(?:photo(?:graph)?|foto|bild|image|picture)s? (?:by|von|de|di|door)\s",
    re.IGNORECASE,
)
CREDIT_ANYWHERE = re.compile(
    r"©|^\(c\)\s|^copyright\b|\bcopyright\s*(?:\(c\)|\d{4})|\bgetty images\b"
    r"|\bpicture[ -]alliance\b|\bimago images\b|\bap photo\b|\bafp photo\b|\breuters/"
    r"|\bshutterstock\b|\bistock(?:photo)?\b|\bdpa-?bildfunk\b|\(c\)\s+[\w .-]{1,40}$",
    re.IGNORECASE,
)
CAPTION_END = re.compile(
    r"\((?:archiv|symbol)?(?:bild|foto)(?:quelle|nachweis)?(?:\s*:[^()]{0,60})?\)\W*$"
    r"|\((?:archiv|illustration|montage|screenshot|file(?: photo)?|stock photo|photo)\)\W*$"
    r"|\((?:quelle|source|fuente|fonte|źródło|bron)\s*:[^()]{1,60}\)\W*$"
    r"|\b(?:foto|bild|photo|image|credit|kuva)\s*:\s*(?:[^.!?:()]|\.(?!\s))(?:[^.!?:()]|\.(?!\s)){0,59}$",
    re.IGNORECASE,
)
AGENCY = r"(?:dpa|afp|ap|reuters|kna|epd|sid|apa|ddp|dts|afx|ots|ansa|efe|ria|tass|xinhua|pap|epa)"
# A photographer's credit with the agency before or after the name ("dpa/Jan Muster",
# "Jane Doe/Reuters files"), a short line of its own under a picture.
AGENCY_CREDIT = re.compile(
    rf"^{AGENCY}\s*/\s*[^\W\d_]|[^\W\d_]\s*/\s*{AGENCY}(?:\s+files?)?$", re.IGNORECASE
)
# An author's or agency's initials in brackets ("(V.Blanchet--LPdF)"); never figures, which
# make it a note ("( + 300 Minuten Wartezeit )"). Credit lines ("With reporting from ...",
# "Mit Material von ...") name who wrote the article: they are part of it.
BYLINE = re.compile(
    rf"^\((?=[^()]*[^\W\d_])[^()\d]{{1,60}}\)$|^{AGENCY}(?:\s*[/,&]\s*{AGENCY})*\.?$",
    re.IGNORECASE,
)

# An author line with the post's date beside the name ("von Anna Beispiel am 3. Mai 2024",
# "By Jane Doe | March 3, 2024"): the site's post header, not the article. A bare name
# ("By Jane Reporter") may be the article's own byline and is left to the other rules.
DATED_BYLINE = re.compile(
    r"^(?i:von|by|par|por|di|door|przez)\s+"
    r"(?:(?:Dr\.|Prof\.|[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.-]*)\s*){1,4}"
    r"(?:[,|·•–—/-]\s*|(?i:am|on|le|el|il|op|dnia)\s+)(?P<date>.+)$"
)
# The same with the date first ("Posted 3. Mai 2024 by Anna", "Veröffentlicht am 3. Mai 2024
# von anna_b"): a blog's post header; the author may go by a user name in small letters.
DATE_FIRST_BYLINE = re.compile(
    r"^(?P<date>.+?)\s+(?i:von|by|par|por|di|door|przez)\s+(?:[\w'’.@-]+\s*){1,4}[\s—–-]*$"
)
# A bare author line ("By Jane Reporter", "Von Anna Beispiel"): between the headline and the
# article's text, as a date or a share row may be.
NAME_BYLINE = re.compile(
    r"^(?i:von|by|par|por|di|door|przez)\s+"
    r"(?:(?:Dr\.|Prof\.|[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.-]*)\s*){1,4}$"
)
# An author line naming the site's desk, not a person ("By Staff Writer", "von Redaktion X").
DESK_BYLINE = re.compile(
    r"^(?:von|by|par|por|di|door|przez)\s+(?:the\s+|la\s+)?(?:redaktion|staff|editorial staff"
    r"|rédaction|redacción|redazione|redactie|redakcja)\b[\w .-]{0,30}$",
    re.IGNORECASE,
)

# Where the article ends and its trailer begins: the comment section, related articles, the
# author box. A comment form is unmistakable wherever it stands after the article text; the
# others also open sections inside articles, so they end it only once most text is behind.
COMMENT_FORM = re.compile(
    r"schreibe(?:n sie)? einen kommentar|kommentar (?:schreiben|verfassen|abgeben)"
    r"|hinterlasse(?:n sie)? einen kommentar|e-mail-adresse wird nicht veröffentlicht"
    r"|leave a (?:reply|comment)|post a comment|add a comment|join the discussion"
    r"|email address will not be published|akismet"
    r"|hinterlasse(?:n sie)? eine antwort|kommentar hinzufügen|write a comment|jetzt kommentieren"
    r"|laisser un commentaire|laissez un commentaire|ne sera pas publiée"
    r"|deja un comentario|deja una respuesta|no será publicada|no se publicará"
    r"|lascia un commento|non sarà pubblicato|laat een reactie achter|wordt niet gepubliceerd"
    r"|dodaj komentarz|zostaw komentarz|nie zostanie opublikowany"
    r"|antwort abbrechen|cancel reply|gib hier (?:deinen|ihren) kommentar ein"
    r"|schreib einen kommentar|you must be logged in to post a comment"
    r"|um (?:einen )?kommentare? (?:zu )?(?:schreiben|verfassen)"
    r"|réagir à cet article|ajouter un commentaire|añadir (?:un )?comentario"
    r"|escribe (?:un|tu) comentario|aggiungi (?:un )?commento|scrivi (?:un )?commento"
    r"|plaats een reactie|schrijf een reactie|napisz komentarz"
    r"|^\d+ (?:antwort(?:en)?|kommentare?|gedanken?|responses?|thoughts?|comments?|repl(?:y|ies)"
    r"|réponses?|commentaires?|respuestas?|comentarios?|risposte|risposta|commenti|commento"
    r"|reacties|reactie|komentarzy?) (?:zu|to|on|à|sur|a|en|su"
    r"|op|do)\b",
    re.IGNORECASE,
)
# The heading of the readers' comments: their names and dates look like a box's titles.
COMMENTS_HEADING = re.compile(
    r"^[\W_]{0,3}(?:\d+\s+)?(?:kommentare?|comments?|commentaires?|comentarios?|commenti"
    r"|reacties|reactions?|réactions?|komentarze?|leserkommentare|responses|replies|antworten)\b",
    re.IGNORECASE,
)
TRAILER_HEADING = re.compile(
    r"^[\W_]{0,3}(?:\d+\s+)?(?:kommentare|comments|commentaires|comentarios|commenti|reacties"
    r"|komentarze|ähnliche (?:beiträge|artikel|themen)|verwandte (?:beiträge|artikel|themen)"
    r"|neueste (?:beiträge|artikel)|weitere (?:aktuelle )?(?:beiträge|artikel|themen)|mehr themen"
    r"|top-themen|empfohlene (?:beiträge|artikel)|lesen sie auch|auch lesen"
    r"|(?:das|dies(?:es|er)?)(?: thema| artikel)? könnte (?:dich|sie) auch interessieren"
    r"|beiträge aus dem forum|keine kommentare|schon gelesen|auch interessant"
    r"|more on this|recommended (?:for you|articles|posts|stories)|further reading"
    r"|trending (?:now|stories|articles)|popular (?:posts|articles|stories)"
    r"|mehr zum thema|über den autor|meist ?gelesen(?:e[n]?)?|(?:für dich|für sie) empfohlen"
    r"|empfohlen für (?:dich|sie)|beliebteste (?:artikel|beiträge)|die neuesten (?:meldungen"
    r"|artikel|beiträge)|latest (?:articles|news|stories)|most popular|dans la même rubrique"
    r"|les plus lus|lo más leído|più letti|meest gelezen|najczęściej czytane"
    r"|zum autor|zur autorin|über die autorin|beitrag teilen|artikel teilen"
    r"|related (?:posts|articles|stories)|more (?:stories|articles|news)|about the author"
    r"|share this(?: article| post)?"
    r"|you (?:may|might) also like|recent posts|latest posts|articles similaires"
    r"|à propos de l'auteur|sur le même sujet|artículos relacionados|noticias relacionadas"
    r"|sobre el autor|articoli correlati|sull'autore|gerelateerde artikelen|over de auteur"
    r"|podobne artykuły|o autorze|teilen sie dies mit|diesen (?:artikel|beitrag) teilen"
    r"|themen (?:in|zu) diese[mr] (?:artikel|beitrag|seite)|schlagw(?:ö|o)rte?r?|tags|topics"
    r"|weitere (?:news|meldungen|nachrichten)|mehr aus (?:dem|der) ressort"
    # the end of a blog post: its share and like blocks
    r"|teilen mit|sharen mit|teile dies|share this|like this|gefällt mir"
    # related-article lists (plural headings; a single "read also" link is a teaser)
    r"|(?:diese|weitere) (?:artikel|beiträge) könnten (?:dich|sie) (?:auch |ebenfalls )?"
    r"interessieren|beliebte (?:beiträge|artikel)|meist ?gelesene(?:n)? (?:beiträge|artikel)"
    r"|weitere interessante (?:themen|artikel|beiträge)|weiterführende links|verwandte themen"
    r"|aktuelle (?:beiträge|artikel|berichte) aus (?:dieser|der) (?:kategorie|rubrik)"
    r"|mehr aus (?:der|dem|diese[rm]) (?:sendung|kategorie|rubrik|reihe)"
    r"|related(?: topics| content| news)?|explore further|latest on|(?:read|up) next"
    r"|more (?:from|in|on) (?:this|the|our) (?:author|section|topic|category)"
    r"|what to read next|keep reading|recommended|popular now|trending"
    r"|articles (?:en relation|liés|connexes)|sur le même (?:thème|sujet)|pour aller plus loin"
    r"|ces articles (?:peuvent|pourraient) vous intéresser|à (?:lire|voir|écouter) aussi"
    r"|nos derniers articles|(?:también )?te puede(?:n)? interesar|más noticias|otras noticias"
    r"|lo más visto|te recomendamos|contenido relacionado|notizie correlate|altre notizie"
    r"|(?:ti )?potrebbe(?:ro)? (?:anche )?interessarti|potrebbe piacerti anche|meer nieuws"
    r"|ook interessant|meer over dit onderwerp|aanbevolen|więcej artykułów|powiązane artykuły"
    r"|zobacz (?:też|także|również)|polecane|temas relacionados"
    # a section's heading of related links: "More about <topic>", "Veja também"
    r"|more about|mehr zu diesem thema|populäre (?:artikel|beiträge)|veja também"
    r"|meist-? ?(?:diskutiert|kommentiert)\w*|most (?:discussed|commented|shared)"
    # a blog's sidebar widgets below the post
    r"|(?:neueste|letzte) kommentare|recent comments|commentaires récents|comentarios recientes"
    r"|commenti recenti|recente reacties|ostatnie komentarze"
    r"|(?:kategorien|categories|catégories|categorías|categorie|kategorie|archive|archives"
    r"|archivos|archivi|archief|archiwum)$)\b[^.!?]{0,30}$",
    re.IGNORECASE,
)

# --- page furniture: lines that are never an article's, whatever stands around them --------

# Date-only lines (a dateline, "Aktualisiert: 03.04.2020, 15:54 Uhr"): every word is one of
# these, a number, or an ordinal; month names and weekdays in the seven boilerplate languages.
DATE_MONTHS = word_set(
    """
    januar jänner februar märz mrz april mai juni juli august september oktober november dezember
    jan feb mär apr jun jul aug sep sept okt nov dez
    january february march may june july october december mar oct dec
    janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre
    janv févr avr juil déc
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre ene abr ago dic
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug ott
    januari februari maart mei augustus
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada
    grudnia styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik
    listopad grudzień sty lut kwi cze lip sie wrz paź lis gru
    """
)
DATE_WORDS = DATE_MONTHS | word_set(
    """
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thurs fri sat sun
    lundi mardi mercredi jeudi vendredi samedi dimanche
    lunes martes miércoles jueves viernes sábado domingo
    lunedì martedì mercoledì giovedì venerdì sabato domenica
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    poniedziałek wtorek środa czwartek piątek sobota niedziela
    am um uhr den der vom the of at on pm h le à el de del il op om dnia r godz
    aktualisiert update updated veröffentlicht published posted erstellt stand zuletzt last
    geändert modified publié mis jour créé modifié publicado actualizado pubblicato aggiornato
    gepubliceerd bijgewerkt opublikowano aktualizacja zaktualizowano datum date fecha data
    publiziert publikacja publication publicación pubblicazione publicatie letzte änderung
    verfügbar bis created
    cet cest mez mesz gmt utc
    """
)
# A date's label standing alone on its line, its date on the next ("Veröffentlicht am:").
DATE_LABEL = re.compile(
    r"^[\W_]{0,3}(?:(?:veröffentlicht|aktualisiert|erstellt|zuletzt aktualisiert)(?: am)?"
    r"|veröffentlichung(?:sdatum)?|erscheinungsdatum|published(?: on)?|release date"
    r"|(?:last )?updated(?: on)?|last modified|publié(?: le)?|mis à jour(?: le)?"
    r"|date de publication|publicado(?: el)?|actualizado(?: el)?|fecha de publicación"
    r"|pubblicato(?: il)?|aggiornato(?: il)?|ultima modifica|data di pubblicazione"
    r"|gepubliceerd(?: op)?|bijgewerkt(?: op)?|laatst bijgewerkt|opublikowano"
    r"|zaktualizowano|data publikacji)\s*:?\s*$",
    re.IGNORECASE,
)
# What makes such a line a date, not a count or a phone number: a month, a clock time, a full
# numeric date.
DATE_SHAPE = re.compile(
    r"\d:\d\d|(?<![\d+-])[0-3]?\d[./-][0-3]?\d[./-](?:19|20)?\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b"
)
DATE_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:st|nd|rd|th|h\d*)?")

# A reading-time line ("Lesezeit: 3 Min.", "4 min read", "Ten tekst przeczytasz w 2 minuty").
READING_TIME = re.compile(
    r"^[\W_]{0,3}(?:(?:geschätzte )?lesezeit|reading time|read time|temps de lecture"
    r"|tiempo (?:estimado )?de lectura|tempo (?:di )?lettura|leestijd|czas czytania"
    r"|ten tekst przeczytasz)\b[^.!?]{0,40}$|^[\W_]{0,3}\d+\s*(?:min(?:ute)?s?\.?|minuten)"
    r"\s+(?:read|lesezeit|lesen|de lecture|de lectura|di lettura|leestijd|czytania)\W*$",
    re.IGNORECASE,
)
# Share, like, follow and feedback prompts ("Teilen mit:", "War dieser Artikel hilfreich?").
SHARE_PROMPT = re.compile(
    r"^[\W_]{0,3}(?:teilen(?: sie)? (?:mit|dies|diese[nsr]?|den|das|auf|via|per)\b"
    r"|teile (?:dies|mich|diese[nsr]?|den)\b|sharen mit|jetzt teilen|weiterempfehlen"
    r"|(?:diese[nsr]?|den|die|das) (?:artikel|beitrag|seite|geschichte|story|inhalt)"
    r"(?: mit (?:anderen|freunden))? (?:teilen|empfehlen|drucken|versenden|verschicken)"
    r"|(?:diese[nsr]? |den )?(?:artikel|beitrag|seite) (?:per e-?mail )?(?:empfehlen|versenden"
    r"|verschicken|drucken)|empfiehl (?:dies|uns|diese)|folge(?:n sie)? uns|gefällt mir"
    r"|(?:hat|gefällt) (?:ihnen|dir) (?:dieser|der) (?:artikel|beitrag)"
    r"|(?:war|ist) (?:der|dieser) (?:artikel|beitrag|text) (?:hilfreich|nützlich|lesenswert)"
    r"|fanden sie (?:den|diesen) (?:artikel|beitrag) (?:hilfreich|nützlich)"
    r"|möchten sie (?:den|diesen) (?:artikel|beitrag) teilen|(?:was denkst du|was meinen sie)\W*$"
    r"|(?:artikel |beitrag )?bewerten\s*:"
    r"|share (?:this|it|on|via|with|by)\b|like this|like it\b|be sociable|follow (?:us|me)\b"
    r"|(?:was|is) this (?:article|post|page|story) (?:helpful|useful)|did you (?:find|like) this"
    r"|rate this|tweet this|e-?mail this|print this|spread the word|tell a friend"
    r"|partager (?:cet article|sur|par|la page)|partagez|suivez-nous"
    r"|cet article vous a-t-il|imprimer (?:cet article|la page)|envoyer à un ami"
    r"|compartir (?:en|este|esta|el artículo|la noticia)|comparte|síguenos"
    r"|¿?(?:te|le) ha (?:resultado|parecido) útil|imprimir (?:artículo|noticia)"
    r"|condividi (?:su|questo|questa|l'articolo)|seguici|questo articolo (?:ti|le) è"
    r"|stampa (?:l'articolo|questo)|invia (?:a un amico|per e-?mail)"
    r"|deel (?:dit|op|via)\b|delen via|volg ons|was dit (?:artikel|bericht) (?:nuttig|handig)"
    r"|udostępnij(?: na| artykuł| ten| wpis)?\b|obserwuj nas|czy ten artykuł był"
    r"|poleć (?:znajomym|artykuł)"
    # a share button's own label: a share verb, at most its object before it ("Beitrag teilen")
    r"|(?:(?:(?:diese[nsr]? |den |this |cet |este |questo |dit )?(?:artikel|beitrag|news|seite"
    r"|story|post|page|article|noticia|artículo|articolo|bericht|wpis)|mit freunden|jetzt)\s+)?"
    r"(?:teilen|share|partager|compartir|condividi|delen|udostępnij)\s*[:!.…]*$"
    # "liked the article? share it": a question to the reader about the post
    r"|(?:(?:dir|ihnen) hat (?:der|dieser) (?:artikel|beitrag) gefallen|(?:der )?(?:artikel"
    r"|beitrag) gefallen|enjoyed (?:this|the) (?:article|post)|liked (?:this|the) (?:article|post)"
    r"|vous avez aimé cet article|(?:te|le) gustó (?:este|el) artículo|ti è piaciuto"
    r" (?:questo|l')\s?articolo|podobał ci się (?:ten )?(?:artykuł|wpis))\s*\?"
    # the frame of an embedded social post
    r"|view this post on instagram|sieh dir diesen beitrag auf instagram an|a post shared by"
    r"|ein beitrag geteilt von|voir cette publication sur instagram"
    r"|ver esta publicación en instagram|visualizza questo post su instagram"
    r"|bekijk dit bericht op instagram|wyświetl ten post na instagramie)",
    re.IGNORECASE,
)
# A site's own call to follow it on a social network or join its channel ("Follow The Gleaner
# on Twitter", "Únete a nuestro canal de Telegram", "Wir bei WhatsApp"). The followed party is
# "us", "me" or a name (capitalised), never "them": "follow the police on Twitter" is news, and
# so are "like Trump on Twitter" and "Datenleck bei Facebook".
_NETWORK = r"(?:facebook|twitter|instagram|youtube|telegram|whatsapp|tiktok|linkedin|threads)"
SOCIAL_FOLLOW = re.compile(
    r"(?i:\b(?:follow|keep up with|join|find))\s+(?:(?i:us|me)|(?:the |The )?[A-Z][\w.-]*"
    r"(?:\s+[A-Z][\w.-]*){0,3})\s+(?i:on|via)\s+(?i:" + _NETWORK + r")\b"
    r"|(?i:\b(?:folge|folgt|folgen sie)\s+(?:uns|mir)\s+(?:auf|bei)\s+" + _NETWORK + r")\b"
    r"|(?i:\b(?:unser(?:em|en)?|nuestro|notre|il nostro|ons|nasz)\s+(?:kanal|canal|chaîne"
    r"|canale|kanaal|kanał)\s+(?:\w+\s+)?" + _NETWORK + r")\b"
    r"|(?i:\b(?:únete|unete|rejoignez-nous|unisciti|dołącz do nas|word lid)\b)"
    r"|(?i:^(?:wir|uns|besuchen sie uns|finden sie uns)\b[^.!?]{0,30}\bbei\s+" + _NETWORK + r"\W*$)"
)
# A post's meta line: its tags and categories, "posted in ... Bookmark the permalink".
POST_META = re.compile(
    r"^[\W_]{0,3}(?:tags|tagged(?: with)?|getaggt(?: mit)?|schlagw[öo]rte?r?|stichw[öo]rte?r?"
    r"|themen|kategorien?|categor(?:y|ies)|rubriken?|filed under|posted in|abgelegt unter"
    r"|étiquettes|mots[- ]clés|catégories?|etiquetas|categorías?|argomenti|categori[ae]"
    r"|trefwoorden|categorie(?:ën)?|tagi|kategori[ae]|tematy)\s*:"
    r"|^[\W_]{0,3}(?:filed under|posted in|abgelegt unter|tagged with|getaggt mit)\s[^.!?]{1,80}$"
    r"|this entry was posted|bookmark the permalink|\bpermanent ?link\b"
    r"|(?:dieser|der) (?:eintrag|beitrag|artikel) wurde (?:[^.!?]{0,60} )?(?:veröffentlicht"
    r"|abgelegt|gepostet) (?:in|unter)\b|\bund (?:verschlagwortet|getaggt|gekennzeichnet) mit\b"
    r"|\b(?:veröffentlicht|erstellt) [^.!?]{0,60} und abgelegt unter\b"
    r"|ce (?:billet|article) a été publié dans|esta entrada (?:fue publicada|se publicó) en"
    r"|questa voce è stata pubblicata in|dit (?:bericht|item) is geplaatst in"
    r"|ten wpis został opublikowany w",
    re.IGNORECASE,
)
# Links to the neighbouring posts ("« Vorheriger Beitrag", "Next article: ...").
POST_NAVIGATION = re.compile(
    r"^[\W_]{0,3}(?:(?:vorherige[rs]?|nächste[rs]?|ältere|neuere) (?:beitrag|beiträge|artikel"
    r"|eintrag|einträge|post)|beitrags-?navigation|artikel-?navigation"
    r"|(?:previous|next|older|newer) (?:post|posts|article|articles|entry|entries|story)"
    r"|post navigation|(?:article|billet)s? (?:précédent|suivant)|navigation des articles"
    r"|(?:entrada|artículo|publicación) (?:anterior|siguiente)|navegación de entradas"
    r"|(?:articolo|post) (?:precedente|successivo)|navigazione articoli"
    r"|(?:vorig|volgend)e? (?:artikel|bericht)|berichtnavigatie"
    r"|(?:poprzedni|następny) (?:artykuł|wpis|post)|nawigacja wpisu)"
    r"|^[\W_]{0,3}(?:vorheriges?|nächstes?|previous|next)\W*$",
    re.IGNORECASE,
)
# A page's tools around the article, as whole lines: a placeholder for embedded content, a
# "download as PDF" or "read on one page" button, a link back to the site's section.
PAGE_TOOL = re.compile(
    r"^[\W_]{0,3}(?:(?:empfohlener (?:redaktioneller )?|externer )inhalt|external content"
    r"|contenu externe|contenido externo|contenuto esterno|externe inhoud|treść zewnętrzna"
    r"|(?:[\w-]+ ){0,2}als pdf(?: herunterladen| downloaden)?|(?:download|télécharger|descargar"
    r"|scarica|pobierz)(?: (?:as|als|en|le|el|il|w formacie))? pdf"
    r"|(?:artikel )?auf einer seite lesen|(?:read|view) (?:on|as) (?:one|a single) page"
    r"|(?:zurück zu[mr]?|back to|retour (?:à|au|aux)|volver a|torna a|terug naar|powrót do)"
    r" (?:l[ae] |l'|el |the )?(?:übersicht|startseite|lexikon|newsroom|blog|liste|suche"
    r"|home|homepage|top|seitenanfang|anfang|overview|accueil|portada|inicio|elenco"
    r"|overzicht|strony głównej|listy))\W*$",
    re.IGNORECASE,
)
# Rights, licence and site-credit lines of a page's footer.
COPYRIGHT = re.compile(
    r"alle rechte vorbehalten|all rights reserved|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati|alle rechten voorbehouden"
    r"|wszelkie prawa zastrzeżone|vervielfältigung nur mit|nachdruck nur mit"
    r"|reproduction interdite|prohibida (?:su|la) reproducción|riproduzione riservata"
    r"|some rights reserved|einige rechte vorbehalten|certains droits réservés"
    r"|algunos derechos reservados|alcuni diritti riservati"
    r"|^[\W_]*(?:disclaimer|haftungsausschluss)\b"
    r"|trotz sorgfältiger (?:inhaltlicher )?kontrolle|keine haftung für (?:die )?inhalte externer"
    r"|chroniony prawem autorskim|zasady przedruk\w*|auteursrechtelijk beschermd"
    r"|gibt (?:nur )?die meinung (?:des|der) autor(?:s|in) wieder|n'engagent que (?:leurs?|son|ses)"
    r"|do(?:es)? not necessarily (?:reflect|represent) the (?:views|opinions?)"
    r"|(?:spiegel[nt]|entspreche[nt]) nicht (?:unbedingt |notwendigerweise )?(?:die|der) meinung"
    r"|no (?:reflejan?|representan?) necesariamente"
    r"|non (?:riflettono|rappresentano) necessariamente"
    r"|use of this (?:web ?)?site constitutes acceptance"
    r"|(?:unter|under|sous|bajo|sotto|onder|na) (?:\w+ ){0,3}(?:creative[- ]commons|cc[- ]by)"
    r"|creative[- ]commons[- ](?:[\w.]+[- ]){0,6}(?:lizenz|license|licence|licencia|licenza"
    r"|licentie|licencj)|^[\W_]*(?:proudly )?powered by|^[\W_]*(?:\w+ )?(?:theme|design(?:ed)?"
    r"|template) (?:by|von)\b|bloggen auf wordpress"
    r"|^[\W_]*(?:propulsé par|fourni par|con tecnología de|realizzato con|mogelijk gemaakt door)"
    r"|^[\W_]*th[eè]me [^.]{0,30}\. (?:powered by|fourni par|con la tecnología de)",
    re.IGNORECASE,
)
# Lines of a comment section that do not open it ("Keine Kommentare", "Pingback von ...").
COMMENT_PROMPT = re.compile(
    r"^[\W_]{0,3}(?:(?:bisher |noch )?keine kommentare|no (?:comments|responses?)\b"
    r"|comments are closed|kommentare (?:sind )?(?:geschlossen|deaktiviert)"
    r"|kommentarfunktion (?:ist )?(?:geschlossen|deaktiviert)|comments? by\b|pingback|trackback"
    r"|kommentieren sie (?:hier|jetzt|diesen)|diskussion zu diesem artikel|vos réactions"
    r"|aucun commentaire|commentaires? fermés|sin comentarios|comentarios cerrados"
    r"|nessun commento|commenti chiusi|geen reacties|reacties (?:zijn )?gesloten"
    r"|brak komentarzy|komentarze (?:są )?zamknięte|diskutieren sie mit|mitdiskutieren"
    r"|rejoignez la discussion|(?:participa|únete) (?:en|a) la conversación"
    r"|partecipa alla discussione|doe mee (?:aan|met) de discussie|dołącz do dyskusji"
    r"|hinterlasse(?:n sie)? jetzt einen kommentar|publier un commentaire"
    r"|para comentar (?:debes|tienes que|necesitas)|per commentare (?:devi|è necessario))",
    re.IGNORECASE,
)

# An author box's bio: a name followed at once by a journalist's role (or a blog's or a
# company's author's: "Jane Example is the co-founder of ...") or a "writes about/for"
# phrase ("Anna Beispiel ist Redakteurin im Ressort Wirtschaft.", "X writes about ...",
# "X est journaliste à ..."), or the subjectless German form ("Schreibt seit 2008 für ...").
# clean_notes.drop_author_bios only removes it after the article's last long paragraph,
# where it is the box.
_BIO_NAME = r"(?:[A-ZÀ-ÝŁŚŻŹĆ][\w'’.-]+\s+){1,3}"
_BIO_ROLE = (
    r"(?:is|ist|est|es|è|jest|was|war)\s+(?:(?:a|an|the|ein|eine|un|une|uno|una|een|de|der|die"
    r"|la|le|il|lo|el)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:reporter|writer|editor|journalist|correspondent|columnist|contributor|author|professor"
    r"|redakteur|autor|korrespondent|kolumnist|volontär|journaliste|rédact|correspondant"
    r"|chroniqueu|periodista|redactor|corresponsal|columnista|giornalista|redattor"
    r"|corrispondente|verslaggever|redacteur|dziennikar|redaktor|publicyst|felietonist"
    # a blog's or a company's author: its founder, a consultant, a team's head
    r"|co-?founder|founder|gründer|fondat|fundador|oprichter|założyciel|consultant|berater"
    r"|head of)\w*"
)
_BIO_VERB = (
    r"(?:writes|covers|reports|schreibt|berichtet|écrit|escribe|scrive|schrijft|pisze)\s+"
    r"(?:about|on|for|from|über|für|seit|aus|sur|pour|sobre|para|di|per|su|over|voor|o|dla)\b"
)
AUTHOR_BIO = re.compile(
    rf"^{_BIO_NAME}(?i:{_BIO_ROLE}|{_BIO_VERB})|^(?i:schreibt|writes|arbeitet)\s+(?i:seit|für|über"
    r"|about|for|als)\b"
)
# The name alone on its line, as an author box shows it above the bio ("Anna Beispiel").
NAME_LINE = re.compile(r"^(?:[A-ZÀ-ÝŁŚŻŹĆ][\w'’.-]+\s){1,3}[A-ZÀ-ÝŁŚŻŹĆ][\w'’-]+$")
# The heading of an author box, its words alone on a line ("Über den Autor", "Autoreninfo",
# "Die Autorin", "About the author", "Autor*in"); "Zur Person" is left out: an interview
# introduces its guest so. See clean_notes.drop_author_headed_boxes.
AUTHOR_HEADING = re.compile(
    r"^(?:über (?:den|die) autor(?:in)?(?:\s*/\s*(?:die )?autorin)?|autor(?:en|innen)info\w*"
    r"|autor\*in|autor:in|(?:der |die )?autor(?:in)?|about the author|author|the author"
    r"|l'auteur|auteur|el autor|autore|o autorze)\b",
    re.IGNORECASE,
)
# A bio's opening verb when the box leaves out the name ("Schreibt seit 2008 für ...").
BIO_SUBJECTLESS = frozenset({"schreibt", "writes", "arbeitet"})
# The author's own voice: a first or second person pronoun (de, en, fr, es, it, nl, pl). A
# blog's or a column's last line speaks so to its readers ("ich wünsche euch ..."); a
# trailer's first line (a rubric, a teaser's title, a prompt) names things instead.
# English "I" only as a capital: a lower-case "i" is "and" in Polish and Catalan, and
# Italian's plural article.
PERSONAL_VOICE = re.compile(
    r"\b(?:(?i:ich|wir|euch|ihr|uns|mir|man|we|you|je|nous|vous|yo|nosotros|vosotros"
    r"|io|noi|voi|ik|wij|jullie|ja|my|wy)|I)\b"
)
# A sign-off under a post: a greeting ("Liebe Grüße", "Cheers") or the team that signs it
# after a comma or a possessive ("…, Die Redaktion", "Euer Team"; "Die Redaktion" alone is a
# menu's link).
SIGN_OFF = re.compile(
    r"^(?:(?:liebe|viele|herzliche|beste|sonnige) grüße|(?:best|kind) regards|cheers|bis bald"
    r"|bis zum nächsten mal|à bientôt|hasta pronto|a presto)\b"
    r"|(?:(?:^|,\s*)(?:euer|eure|ihr|ihre|dein|deine|your|votre|vuestro)|,\s*(?:die|the|la|el|il))\s+"
    r"(?:redaktion|team|editors|rédaction|redacción|equipo|redazione)\W*$",
    re.IGNORECASE,
)
# The site speaking of itself: "our" with one of its media ("unsere Website", "our
# newsletter", "nuestra redacción", "unser Angebot"). Below the article's last long paragraph
# such a note is the site's box (a donation appeal, a feedback prompt, a link to its blog).
SITE_NOTE = re.compile(
    r"\b(?:unser\w*|our|notre|nos|nuestr[oa]s?|nostr[oaie]|nasz\w*|onze|ons)\s+(?:\w+\s+)?"
    r"(?:website|webseite|seite|site|sitio|blog|newsletter\w*|magazin\w*|portal|app|podcast"
    r"|redaktion|rédaction|redacción|redazione|redactie|redakcj\w*|berichterstattung"
    r"|journalism\w*|journalisme|periodismo|giornalismo|kanal|channel|archiv\w*|angebot\w*)\b",
    re.IGNORECASE,
)
# The site's offer to write to the reader, or to be written to: its newsletter, the news
# "in your inbox", "per E-Mail" (a post-office box with its number is an address).
MAIL_NOTE = re.compile(
    r"newsletter|postfach(?!\s*\d)|inbox|boîte (?:mail|de réception)|bandeja de entrada"
    r"|\b(?:per|by|via|par|por|tramite) (?:e-?mail|correo)\b",
    re.IGNORECASE,
)
# An appeal for the reader's support or donation ("Unterstütze uns!", "Support our work?");
# the site's only when it speaks to the reader (see `ADDRESS`) or names itself (`SUPPORT_US`).
SUPPORT_APPEAL = re.compile(
    r"\b(?:unterstütz\w*|support\w*|spende\w*|donat(?:e|es|ed|ing|ions?)|soutenez|soutenir"
    r"|apoy\w*|donar|donaci\w+|donazion\w+|sostien\w*|sostene\w*|wesprzyj\w*|wspier\w*"
    r"|steun\w*)\b",
    re.IGNORECASE,
)
# The reader mid-sentence ("erhalten Sie", "für Dich"), or what is theirs ("Ihre Vorteile").
READER = re.compile(r"(?<=\w )(?:Sie|Du|Dir|Dich|Euch)\b|\b(?:Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihnen)\b")
# The reader addressed informally ("in dein Postfach"), as a site's own boxes do.
INFORMAL = re.compile(r"\b(?:dein\w*|dich|dir|euch|euer|eure[mnrs]?)\b", re.IGNORECASE)
# The site itself, as the one who asks ("Unterstütze uns", "Support our work").
US = re.compile(
    r"\b(?:uns|unser\w*|us|our|nous|notre|nos|nosotros|nuestr\w+|noi|ci|nostr\w+|nas|nasz\w*"
    r"|ons|onze)\b",
    re.IGNORECASE,
)
# Reported speech: a source speaks of "our app" or "unsere Redaktion", not the site.
REPORTED = re.compile(
    r"\b(?:said|says|told|according to|sagte|sagt|sagten|erklärte|betonte|teilte|laut"
    r"|zufolge|dijo|afirmó|según|a déclaré|selon|ha detto|secondo|powiedział\w*|zei|volgens)\b",
    re.IGNORECASE,
)
# What a note on a person says right after the name: who they are, what they did or do.
BIO_VERB = re.compile(
    r"(?:\([^)]{1,40}\)\s+)?(?:ist|war|hat|studierte|arbeitet\w*|lebt\w*|schreibt|leitet\w*"
    r"|beschäftigt sich|wurde|is|was|has|studied|works|worked|lives|writes|leads|joined|est|a"
    r"|étudie|es|fue|trabaja|vive|è|ha|lavora|jest|był[a]?|pracuje|werkt|woont|schrijft)\b"
)
# The appeal names the site right after its verb ("Support our journalism", "Unterstütze
# unser Team"); "der Remote Support ... unsere Probleme" is no appeal.
SUPPORT_US = re.compile(SUPPORT_APPEAL.pattern + r"(?:\W+\w+){0,2}?\W+" + US.pattern, re.IGNORECASE)
# A web address on a line ("Mehr auf beispiel.de", "www.beispiel.at"), not a file name or
# a longer path's part.
WEB_ADDRESS = re.compile(
    r"\b(?:www\.)?[\w-]+\.(?:de|com|at|ch|org|net|fr|es|it|pl|nl|eu|info|io|be)\b(?![.\w/-])",
    re.IGNORECASE,
)
# The heading of a contact box ("Ansprechpartnerin", "Pressekontakt", "So erreichen Sie
# uns", "Media contact"): below the article, the press office's or the site's address.
CONTACT_HEADING = re.compile(
    r"^(?:ansprechpartner\w*|pressesprecher\w*|pressekontakt|kontakt|contact|medienkontakt"
    r"|so erreichen sie uns|press contact|media contact|contacto|contatto|kontakt dla mediów)\b",
    re.IGNORECASE,
)
# The heading of a box on the site or of further information below the article ("Über uns",
# "About us", "Weitere Informationen", "More information").
INFO_HEADING = re.compile(
    r"^(?:über uns|about us|wer wir sind|who we are|à propos|qui sommes-nous|quiénes somos"
    r"|chi siamo|o nas|over ons|weitere informationen|mehr informationen|weitere infos"
    r"|mehr infos|more information|further information|plus d'informations|más información"
    r"|maggiori informazioni|meer informatie|więcej informacji)\b",
    re.IGNORECASE,
)
# A heading over links to more of the site ("Mehr aus der Sendung", "Weitere Inhalte zu
# Preisen", "More from the desk", "Más sobre el tema").
MORE_HEADING = re.compile(
    r"^(?:(?:noch )?mehr|more|más|altr[oi]|więcej|meer|weitere)\s+"
    r"(?:zu[mr]?|aus|on|from|about|sobre|over|artikel|beiträge"
    r"|nachrichten|news|stories|themen|inhalte|articles|artículos)\b",
    re.IGNORECASE,
)
