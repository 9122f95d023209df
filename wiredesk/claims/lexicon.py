"""The lexicons behind the measures: people events, events for things, kinds of things with their
English and German words, in one place so they can grow without touching the rules.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """The whitespace-separated words of a lexicon written as one string."""
    return text.split()


# People events: what happened to the people counted. Order breaks ties at equal distance.
PEOPLE_EVENTS: dict[str, tuple[str, str]] = {
    "deaths": (
        r"\b(?:died|dies|dead|deaths?|killed|killing|kills|death\s+toll|toll|fatalities|drowned|"
        r"fatally|lives|perished|culled|slaughtered|put\s+down)\b",
        r"\btote[nr]?\b|todesopfer|ums\s+leben|getötet|gestorben|starben|sterben|tödlich|"
        r"gekeult|geschlachtet|verendet|keulung|toten\b",
    ),
    "injured": (r"\b(?:injured|injuries|wounded|hurt|injuring)\b", r"verletzt|verwundet"),
    "missing": (r"\b(?:missing|unaccounted)\b", r"vermisst"),
    "buried": (r"\b(?:buried|trapped)\b", r"verschüttet"),
    "hospitalised": (
        r"\b(?:hospitals?|hospitali[sz]ed|hospitali[sz]ation|admitted|treated|treatment|"
        r"treating|patients|(?:critical|serious|stable)\s+condition)\b",
        r"krankenhaus|krankenhäuser|klinik|behandelt|eingeliefert|patienten",
    ),
    "evacuated": (
        r"\b(?:evacuated|evacuation|evacuees|moved\s+out|fled|ordered\s+out|forced\s+from|"
        r"(?:leave|left|abandon|abandoned|flee|fleeing)\s+(?:their|the\s+area|the\s+town|"
        r"the\s+city|home)|forced\s+to\s+leave)",
        r"evakuiert|evakuierung|in\s+sicherheit|geräumt|aus\s+(?:ihren|den)\s+(?:häusern|wohnungen)|"
        r"(?:häuser|wohnungen|heime|dörfer|ort|stadt|gebiet)\s+verlassen|verließen|flohen|"
        r"geflüchtet|flüchten",
    ),
    "displaced": (r"\b(?:displaced|homeless)\b", r"obdachlos|vertrieben"),
    "sheltered": (
        r"\b(?:shelters?|sports\s+halls?|emergency\s+accommodation|relief\s+camps?)\b",
        r"notunterk|turnhalle|sammelunterk",
    ),
    "arrested": (
        r"\b(?:arrested|arrests?|detained|detentions?|custody)\b",
        r"festgenommen|festnahmen?|verhaftet|gewahrsam|\bfest\b",
    ),
    "seized": (r"\b(?:seized|kidnapped|abducted|taken\s+hostage)\b", r"entführt|verschleppt"),
    "freed": (r"\b(?:freed|released|release)\b", r"freigelassen|freigekommen|befreit"),
    "held": (
        r"\b(?:held|hold|holds|holding|hostages?|captives?|captivity|in\s+the\s+hands\s+of)\b",
        r"geiseln?|festgehalten|in\s+der\s+gewalt|gefangen",
    ),
    "rescued": (r"\b(?:rescued|saved|pulled)\b", r"gerettet|rettete|retteten"),
    "aboard": (
        r"\b(?:on\s+board|aboard|carrying|carried)\b",
        r"an\s+bord|saßen\s+im|befanden\s+sich\s+im",
    ),
    "bodies": (r"(?!x)x", r"(?!x)x"),  # only carried by the noun: "nine bodies recovered"
    "ill": (
        r"\b(?:fell\s+ill|sickened|infected|poisoned|infections?)\b",
        r"erkrankt|vergiftet|infiziert|infektion",
    ),
    "stranded": (r"\b(?:stranded)\b", r"gestrandet|saßen\s+fest|sitzen\s+fest|festsaßen"),
    "affected": (r"\baffected\b", r"betroffen"),
    "participants": (
        r"\b(?:took\s+part|taking\s+part|marched|attended|turned\s+out)\b",
        r"nahmen\b.*\bteil\b|teilgenommen|protestierten|demonstrierten",
    ),
}
PEOPLE_LABELS = {
    "deaths": "deaths",
    "injured": "people injured",
    "missing": "people missing",
    "buried": "people buried",
    "hospitalised": "people taken to hospital",
    "evacuated": "people evacuated",
    "displaced": "people displaced",
    "sheltered": "people in shelters",
    "arrested": "arrests",
    "seized": "people seized",
    "freed": "people freed",
    "held": "people held",
    "rescued": "people rescued",
    "aboard": "people on board",
    "bodies": "bodies recovered",
    "ill": "people taken ill",
    "stranded": "people stranded",
    "affected": "people affected",
    "participants": "participants",
}
# Events for things: what happened to the vehicles, flights, homes counted.
THING_EVENTS: dict[str, tuple[str, str]] = {
    "without power": (
        r"\b(?:without\s+(?:power|electricity)|lost\s+(?:power|electricity)|power\s+cuts?|"
        r"cut\s+off|blackouts?|outages?|disconnected|off\s+the\s+grid)\b",
        r"ohne\s+strom|stromausfall|vom\s+netz|ohne\s+heizung",
    ),
    "killed": (
        r"\b(?:culled|slaughtered|killed|put\s+down|destroyed|died|dead|drowned|perished)\b",
        r"getötet|gekeult|geschlachtet|verendet|keulung",
    ),
    "cancelled": (
        r"\b(?:cancell?ed|scrapped|axed|called\s+off|grounded)\b",
        r"annulliert|gestrichen|abgesagt|fielen\s+aus|ausgefallen|storniert|\bstrich(?:en)?\b",
    ),
    "diverted": (r"\b(?:diverted|rerouted)\b", r"umgeleitet|ausweichen|ausgewichen"),
    "delayed": (r"\b(?:delayed)\b", r"verspätet|verspätung"),
    "destroyed": (
        r"\b(?:destroyed|wrecked|sank|sunk|sinking|lost|flattened|razed|burned\s+down|"
        r"written\s+off)\b",
        r"zerstört|gesunken|versenkt|abgebrannt|zerstörung",
    ),
    "damaged": (r"\b(?:damaged)\b", r"beschädigt"),
    "rejected": (
        r"\b(?:rejected|invalid|spoiled|spoilt|set\s+aside|disqualified)\b",
        r"ungültig|abgelehnt|aussortiert",
    ),
    "cast": (r"\b(?:cast)\b", r"abgegeben"),
    "margin": (
        r"\b(?:lead|ahead|margin|won\s+by|held\s+on\s+by|majority\s+of)\b",
        r"vorsprung|mehrheit\s+von",
    ),
    "sent": (
        r"\b(?:sent|deployed|dispatched|stationed|transferred)\b",
        r"entsandt|entsendet|geschickt|verlegt|stationiert",
    ),
}
# Which thing events fit which class (a flight is cancelled, not culled).
THING_EVENTS_FOR = {
    "animals": ("killed",),
    "flights": ("cancelled", "diverted", "delayed"),
    "households": ("without power", "destroyed", "damaged"),
    "buildings": ("destroyed", "damaged"),
    "boats": ("destroyed", "damaged"),
    "vehicles": ("destroyed", "damaged"),
    "ballots": ("rejected", "cast", "margin"),
    "soldiers": ("sent",),
}
# Kinds of things, with English lemmas and German stems (German compounds end in the stem).
CLASSES: dict[str, tuple[str, frozenset[str], tuple[str, ...]]] = {
    "people": (
        "people",
        frozenset(
            words(
                """people person persons resident child children adult men women man woman
                villager civilian tourist hiker climber skier patient victim casualty
                individual pupil student fan pilgrim migrant refugee survivor body dead
                death fatality injured wounded hostage captive evacuee detainee arrest
                prisoner driver passenger-victim family families passer-by swimmer
                guest spectator sailor fisherman fishermen inmate diner athlete runner cyclist
                pedestrian motorist worshipper citizen teenager youth girl boy baby infant
                pensioner colleague other"""
            )
        ),
        (
            "mensch",
            "menschen",
            "person",
            "personen",
            "leute",
            "kinder",
            "bewohner",
            "anwohner",
            "sportler",
            "bergsteiger",
            "geher",
            "touristen",
            "urlauber",
            "zivilisten",
            "schüler",
            "opfer",
            "tote",
            "toten",
            "verletzte",
            "verletzten",
            "verschüttete",
            "verschütteten",
            "vermisste",
            "vermissten",
            "geiseln",
            "festnahmen",
            "evakuierte",
            "männer",
            "frauen",
            "patienten",
            "flüchtlinge",
            "gefangene",
            "wanderer",
        ),
    ),
    "workers": (
        "workers",
        frozenset(
            words(
                """worker employee staff staffer personnel miner labourer laborer docker crew
                striker"""
            )
        ),
        words("mitarbeiter beschäftigte arbeiter angestellte arbeitnehmer streikende"),
    ),
    "soldiers": (
        "soldiers",
        frozenset(["soldier", "troop", "serviceman", "servicemen"]),
        ("soldat", "soldaten", "truppen"),
    ),
    "officers": (
        "police officers",
        frozenset(["officer", "policeman", "policemen", "constable", "gendarme"]),
        ("beamte", "beamten", "polizisten", "polizeikräfte"),
    ),
    "responders": (
        "rescuers",
        frozenset(["firefighter", "rescuer", "responder", "paramedic", "volunteer"]),
        ("kräfte", "helfer", "retter", "feuerwehrleute", "sanitäter"),
    ),
    "participants": (
        "participants",
        frozenset(
            words(
                """participant protester demonstrator marcher crowd turnout attendance visitor
                spectator"""
            )
        ),
        ("teilnehmer", "demonstranten", "besucher", "zuschauer"),
    ),
    "passengers": (
        "passengers",
        frozenset(["passenger", "traveller", "traveler", "commuter"]),
        ("passagiere", "fluggäste", "reisende", "fahrgäste", "reisenden"),
    ),
    "vehicles": (
        "vehicles",
        frozenset(
            words("""vehicle car truck lorry lorries bus buses van motorcycle tractor coach""")
        ),
        ("fahrzeug", "fahrzeuge", "fahrzeugen", "autos", "pkw", "lkw", "traktoren", "trecker"),
    ),
    "animals": (
        "animals",
        frozenset(
            words(
                """animal hen chicken bird poultry pig cattle cow sheep goat turkey duck geese
                goose livestock"""
            )
        ),
        ("tiere", "tieren", "hennen", "hühner", "schweine", "rinder", "schafe", "kühe", "vögel"),
    ),
    "boats": (
        "boats",
        frozenset(["boat", "vessel", "ship", "trawler", "yacht"]),
        ("boote", "booten", "schiffe", "schiffen", "kutter"),
    ),
    "flights": (
        "flights",
        frozenset(["flight", "plane", "aircraft", "departure", "arrival"]),
        ("flüge", "flügen", "maschinen", "verbindungen", "starts", "landungen"),
    ),
    "households": (
        "households",
        frozenset(["household", "home", "house", "dwelling", "property", "properties", "premise"]),
        ("haushalte", "haushalten", "wohnungen", "häuser", "anschlüsse"),
    ),
    "buildings": ("buildings", frozenset(["building"]), ("gebäude", "gebäuden")),
    "ballots": (
        "ballots",
        frozenset(["ballot", "vote"]),
        ("stimmzettel", "stimmen", "wahlzettel"),
    ),
    "accounts": (
        "accounts",
        frozenset(["account", "user", "subscriber", "record"]),
        ("konten", "nutzer", "datensätze"),
    ),
    "farms": (
        "farms",
        frozenset(["farm", "business", "holding", "firm"]),
        ("betriebe", "betrieben", "höfe", "haltungen", "unternehmen", "firmen"),
    ),
}
# Events a noun carries so strongly that the clause cannot change them ("52 Tote").
STRONG_EVENTS = frozenset({"deaths", "injured", "buried", "missing", "bodies"})
PERSON_CLASSES = frozenset(
    {"people", "workers", "soldiers", "officers", "responders", "participants", "passengers"}
)
INHERENT_EVENTS = {
    "body": "bodies",
    "leichen": "bodies",
    "dead": "deaths",
    "death": "deaths",
    "fatality": "deaths",
    "injured": "injured",
    "wounded": "injured",
    "patient": "hospitalised",
    "hostage": "held",
    "captive": "held",
    "evacuee": "evacuated",
    "detainee": "arrested",
    "arrest": "arrested",
    "refugee": "displaced",
    "participant": "participants",
    "protester": "participants",
    "demonstrator": "participants",
    "marcher": "participants",
    "tote": "deaths",
    "toten": "deaths",
    "todesopfer": "deaths",
    "verletzte": "injured",
    "verletzten": "injured",
    "verschüttete": "buried",
    "verschütteten": "buried",
    "vermisste": "missing",
    "vermissten": "missing",
    "geiseln": "held",
    "festnahmen": "arrested",
    "evakuierte": "evacuated",
    "patienten": "hospitalised",
    "flüchtlinge": "displaced",
    "teilnehmer": "participants",
    "demonstranten": "participants",
}
CUSTOMERS = frozenset({"customer", "kunde", "kunden", "client"})
