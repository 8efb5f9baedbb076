"""Interface texts of the balance-check pages, Dutch first (kept here, beside the feature)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Balanscheck", "Balance check"),
    "intro": (
        "Een korte, anonieme vragenlijst per team over wat het werk vraagt en wat mensen "
        "aankunnen. Teams met minder dan 5 antwoorden worden niet getoond.",
        "A short, anonymous questionnaire per team about what the work asks and what people "
        "can carry. Teams with fewer than 5 responses are not shown.",
    ),
    "rounds": ("Rondes", "Rounds"),
    "no_rounds": ("Nog geen rondes.", "No rounds yet."),
    "new_round": ("Nieuwe ronde", "New round"),
    "name": ("Naam van de ronde", "Name of the round"),
    "units": ("Eenheden", "Units"),
    "units_hint": (
        "Eén eenheid per regel, bijvoorbeeld Zorg/Team A.",
        "One unit per line, for example Care/Team A.",
    ),
    "opens": ("Opent op", "Opens on"),
    "closes": ("Sluit na", "Closes after"),
    "codes": ("Codes per eenheid", "Codes per unit"),
    "codes_hint": (
        "Leeg: één open link per eenheid. Een getal: zoveel codes voor eenmalig gebruik.",
        "Empty: one open link per unit. A number: that many single-use codes.",
    ),
    "create": ("Ronde aanmaken", "Create round"),
    "responses": ("Antwoorden", "Responses"),
    "invited": ("Uitgenodigd", "Invited"),
    "rate": ("Respons", "Response rate"),
    "results": ("Uitkomsten", "Results"),
    "code_list": ("Codes en links", "Codes and links"),
    "unit": ("Eenheid", "Unit"),
    "code": ("Code", "Code"),
    "link": ("Link", "Link"),
    "hidden": ("verborgen", "hidden"),
    "hidden_small": ("minder dan 5 antwoorden", "fewer than 5 responses"),
    "hidden_complementary": (
        "verborgen om een kleine eenheid te beschermen",
        "hidden to protect a small unit",
    ),
    "heatmap": ("Eenheden en dimensies (0-100)", "Units and dimensions (0-100)"),
    "heat_note": (
        "100 betekent steeds: meer van wat de dimensie heet. Bij belasting is hoog dus zwaar, "
        "bij belastbaarheid en binding is hoog gunstig.",
        "100 always means more of what the dimension is called: high load is heavy, high "
        "capacity and binding are favourable.",
    ),
    "map": ("Belasting tegen belastbaarheid", "Load against capacity"),
    "map_caption": (
        "Elke stip is een eenheid: rechts meer belasting, hoger meer belastbaarheid.",
        "Each dot is a unit: further right more load, higher more capacity.",
    ),
    "load": ("Belasting", "Load"),
    "capacity": ("Belastbaarheid", "Capacity"),
    "binding": ("Binding", "Binding"),
    "trend": ("Verloop over rondes", "Trend over rounds"),
    "items": ("Verdeling per vraag", "Distribution per question"),
    "skipped": ("overgeslagen", "skipped"),
    "signals": ("Signalen", "Signals"),
    "no_signals": ("Geen signalen in deze ronde.", "No signals in this round."),
    "to_advice": ("Naar advies", "To advice"),
    "to_absence": ("Verzuimcijfers per eenheid", "Absence figures per unit"),
    "absence_period": (
        "Naast elk signaal het verzuim van dezelfde eenheid (met de teams eronder) in de "
        "12 maanden van {start} tot en met {end}.",
        "Beside each signal the absence of the same unit (with the teams below it) in the "
        "12 months from {start} to {end}.",
    ),
    "absence_figures": (
        "Verzuim: ZVP {zvp}, meldingsfrequentie {zmf}, herhaald binnen 28 dagen {recurrence}",
        "Absence: rate {zvp}, frequency {zmf}, recurring within 28 days {recurrence}",
    ),
    "absence_hidden": (
        "Verzuim: verborgen (minder dan 5 medewerkers of ter bescherming van een andere groep)",
        "Absence: hidden (fewer than 5 employees, or to protect another group)",
    ),
    "absence_none": (
        "Verzuim: geen medewerkers met deze eenheid in de verzuimgegevens",
        "Absence: no employees carry this unit in the absence data",
    ),
    "export": ("Downloaden", "Download"),
    "total": ("Hele ronde", "Whole round"),
    "status": ("Status van de vragenlijst", "Status of the questionnaire"),
    "answer_intro": (
        "Deze vragenlijst is anoniem: we bewaren geen naam, code, IP-adres of tijdstip bij uw "
        "antwoorden, alleen de dag. Elke vraag mag u overslaan. Het duurt ongeveer 4 minuten.",
        "This questionnaire is anonymous: no name, code, IP address or time is kept with your "
        "answers, only the day. You may skip any question. It takes about 4 minutes.",
    ),
    "skip": ("Overslaan", "Skip"),
    "open_intro": (
        "Tot slot, als u wilt, in eigen woorden. Noem geen namen en niets waaraan iemand te "
        "herkennen is; een analist leest mee en haalt zulke antwoorden weg.",
        "Finally, if you like, in your own words. Do not name anyone or anything that makes "
        "someone recognisable; an analyst reads along and removes such answers.",
    ),
    "optional": ("niet verplicht", "optional"),
    "comments": ("Antwoorden op de open vragen", "Answers to the open questions"),
    "comments_note": (
        "Alleen van eenheden met minstens 10 antwoorden, en pas nadat een analist ze heeft "
        "gelezen en vrijgegeven.",
        "Only for units with at least 10 responses, and only after an analyst has read and "
        "released them.",
    ),
    "no_comments": ("Nog geen vrijgegeven antwoorden.", "No released answers yet."),
    "review": ("Open antwoorden beoordelen", "Review open answers"),
    "review_intro": (
        "Lees de nieuwe antwoorden per eenheid. Verberg elk antwoord waaraan iemand te "
        "herkennen is (de tekst wordt dan gewist) en geef daarna de rest vrij. Antwoorden van "
        "eenheden met minder dan 10 antwoorden worden niet getoond, ook hier niet.",
        "Read the new answers per unit. Hide every answer that makes someone recognisable "
        "(its text is then erased) and release the rest. Answers of units with fewer than 10 "
        "responses are not shown, not even here.",
    ),
    "hide": ("Verbergen", "Hide"),
    "release": ("Vrijgeven", "Release"),
    "new_answers": ("nieuw", "new"),
    "released_answers": ("vrijgegeven", "released"),
    "hidden_answers": ("verborgen", "hidden"),
    "waiting": (
        "wachten op 10 antwoorden; nog niet te lezen",
        "waiting for 10 responses; not readable yet",
    ),
    "nothing_new": ("Niets nieuws om te beoordelen.", "Nothing new to review."),
    "send": ("Versturen", "Send"),
    "thanks": ("Dank u wel. Uw antwoorden zijn opgeslagen.", "Thank you. Your answers are saved."),
    "used": (
        "Deze code is al gebruikt. Elke code werkt één keer.",
        "This code has been used already. Each code works once.",
    ),
    "closed": ("Deze ronde is gesloten.", "This round is closed."),
    "not_yet": ("Deze ronde is nog niet geopend.", "This round is not open yet."),
    "unknown": (
        "Deze code kennen we niet. Controleer de letters en cijfers.",
        "We do not know this code. Check its letters and digits.",
    ),
    "problems": ("Niet verstuurd:", "Not sent:"),
    "enter_code": ("Code invullen", "Enter your code"),
}


def bt(key: str, lang: str) -> str:
    nl, en = TEXTS[key]
    return en if lang == "en" else nl
