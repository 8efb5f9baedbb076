"""Every sentence an evaluation can say, in Dutch and English.

The wording follows the reference page's rules: plain words, the interval always beside
the estimate, "the data cannot tell" when that is so, and never a claim that a measure
works: an own evaluation is not an effect study in the Interventiedatabase sense.
"""

from __future__ import annotations

import datetime as dt

from verzuim.evaluation.result import Design, Note
from verzuim.knowledge.models import Text

LABELS: dict[Design, Text] = {
    "did": Text(
        nl="Eigen evaluatie met vergelijkingsgroep",
        en="Own evaluation with comparison group",
    ),
    "its": Text(
        nl="Eigen voor/na-meting, geen vergelijkingsgroep",
        en="Own before/after, no comparison",
    ),
}


def points(value: float, lang: str) -> str:
    text = f"{value:+.2f}"
    return text.replace(".", ",") if lang == "nl" else text


def _note(code: str, nl: str, en: str) -> Note:
    return Note(code=code, text=Text(nl=nl, en=en))


def small_group(side_nl: str, side_en: str, average: float, minimum: int) -> Note:
    return _note(
        f"too_small_{side_en}",
        f"De {side_nl} telt gemiddeld {average:.1f} medewerkers per maand".replace(".", ",")
        + f"; pas vanaf {minimum} kunnen de gegevens iets zeggen.",
        f"The {side_en} group has {average:.1f} employees per month on average; the data "
        f"can only tell from {minimum} on.",
    )


def short_before(months: int, minimum: int) -> Note:
    return _note(
        "short_before",
        f"Er zijn {months} volle maanden vóór de start; er zijn er minstens {minimum} nodig "
        "om seizoen en toeval van een verandering te onderscheiden.",
        f"There are {months} full months before the start; at least {minimum} are needed to "
        "tell a change from season and chance.",
    )


def short_after(months: int, minimum: int) -> Note:
    return _note(
        "short_after",
        f"Er zijn {months} volle maanden na de start; er zijn er minstens {minimum} nodig.",
        f"There are {months} full months after the start; at least {minimum} are needed.",
    )


def suppressed() -> Note:
    return _note(
        "suppressed",
        "Een van de groepen telt vóór of na de start minder dan 5 medewerkers; zulke kleine "
        "groepen tonen we nooit, dus er is geen uitkomst.",
        "One of the groups has fewer than 5 employees before or after the start; groups that "
        "small are never shown, so there is no result.",
    )


def not_estimable() -> Note:
    return _note(
        "not_estimable",
        "Te weinig maanden voor een tijdreeks met een trend, een sprong bij de start en "
        "seizoenstermen; er is geen uitkomst.",
        "Too few months for a time series with a trend, a jump at the start and season "
        "terms; there is no result.",
    )


def no_comparison() -> Note:
    return _note(
        "no_comparison",
        "Er zijn geen vergelijkbare eenheden (zelfde niveau, andere tak van de boom): dit is "
        "een voor/na-meting van alleen de eenheden met de maatregel. Seizoen en trend vangt "
        "het model op, maar andere veranderingen in dezelfde periode niet.",
        "No comparable units exist (same level, another branch of the tree): this is a "
        "before/after of the units with the measure only. The model allows for season and "
        "trend, not for anything else that changed at the same time.",
    )


def suggested(units: list[str]) -> Note:
    listed = ", ".join(units)
    return _note(
        "comparison_suggested",
        f"De vergelijkingsgroep is voorgesteld (zelfde niveau, vergelijkbare grootte): "
        f"{listed}. Ga na dat deze eenheden de maatregel niet ook kregen en vergelijkbaar "
        "werk doen.",
        f"The comparison group was suggested (same level, similar size): {listed}. Check "
        "that these units did not get the measure too and do similar work.",
    )


def left_out(months: int, run_in: int) -> Note:
    return _note(
        "months_left_out",
        f"{months} maand(en) rond de start tellen niet mee (de startmaand als de start niet "
        f"op de 1e valt, plus {run_in} maand(en) inlooptijd).",
        f"{months} month(s) around the start are left out (the month of the start when it "
        f"is not the 1st, plus {run_in} run-in month(s)).",
    )


def placebo_not_run(start: dt.date, months: int, minimum: int) -> Note:
    return _note(
        "placebo_not_run",
        f"De placebotoets (start 12 maanden eerder, {start}) kon niet: er zijn {months} volle "
        f"maanden vóór die datum en er zijn er {minimum} nodig. Of de groepen al vóór de "
        "maatregel verschilden, is dus niet nagegaan.",
        f"The placebo check (start 12 months earlier, {start}) could not run: there are "
        f"{months} full months before that date and {minimum} are needed. Whether the groups "
        "already differed before the measure was therefore not checked.",
    )


def pre_trend(low: float, high: float) -> Note:
    return _note(
        "pre_trend",
        "De placebotoets (start 12 maanden eerder, alleen maanden vóór de echte start) geeft "
        f"al een verschil tussen {points(low, 'nl')} en {points(high, 'nl')} procentpunt: de "
        "groepen verschilden al vóór de maatregel. Misschien is de eenheid gekozen omdat "
        "haar verzuim juist ongewoon hoog was (regressie naar het gemiddelde); de uitkomst "
        "hierboven zegt dan weinig over de maatregel.",
        "The placebo check (start 12 months earlier, months before the real start only) "
        f"already shows a difference between {points(low, 'en')} and {points(high, 'en')} "
        "points: the groups differed before the measure. The unit may have been chosen "
        "because its absence was unusually high (regression to the mean); the result above "
        "then says little about the measure.",
    )


def undefined_resamples(share: float) -> Note:
    return _note(
        "undefined_resamples",
        f"{share:.1%} van de steekproeven had geen gewerkte dagen in een periode en telt "
        "niet mee in het interval.",
        f"{share:.1%} of the resamples had no employed days in a period and are left out of "
        "the interval.",
    )


def summary(
    design: Design,
    estimate: float | None,
    low: float | None,
    high: float | None,
    reasons: list[Note],
    pre_trend_warning: bool,
) -> Text:
    """The estimate in plain words, and what keeps it from telling anything."""
    if estimate is None or low is None or high is None:
        why_nl = " ".join(r.text.nl for r in reasons)
        why_en = " ".join(r.text.en for r in reasons)
        return Text(
            nl=f"De gegevens kunnen dit niet zeggen. {why_nl}".strip(),
            en=f"The data cannot tell. {why_en}".strip(),
        )
    against_nl = " vergeleken met de eenheden zonder maatregel" if design == "did" else ""
    against_en = " compared with the units without the measure" if design == "did" else ""
    nl = (
        f"De gegevens passen bij een verandering van het verzuimpercentage tussen "
        f"{points(low, 'nl')} en {points(high, 'nl')} procentpunt{against_nl} (beste "
        f"schatting {points(estimate, 'nl')}; negatief is minder verzuim)."
    )
    en = (
        f"The data fit a change in the absence rate of between {points(low, 'en')} and "
        f"{points(high, 'en')} percentage points{against_en} (best estimate "
        f"{points(estimate, 'en')}; negative is less absence)."
    )
    if low <= 0 <= high:
        nl += (
            " Het interval bevat 0: de gegevens kunnen niet zeggen of het verzuim daalde of steeg."
        )
        en += " The interval includes 0: the data cannot tell whether absence went down or up."
    elif high < 0:
        nl += " Dat is een daling; of de maatregel die veroorzaakte, bewijst een eigen meting niet."
        en += " That is a decrease; an own evaluation does not prove the measure caused it."
    else:
        nl += " Dat is een stijging."
        en += " That is an increase."
    if pre_trend_warning:
        nl += " Let op: de groepen verschilden al vóór de maatregel (zie de placebotoets)."
        en += " Note: the groups already differed before the measure (see the placebo check)."
    if reasons:
        nl = (
            "De gegevens kunnen dit niet goed zeggen: "
            + " ".join(r.text.nl for r in reasons)
            + " "
            + nl
        )
        en = "The data cannot tell this well: " + " ".join(r.text.en for r in reasons) + " " + en
    return Text(nl=nl, en=en)
