"""What each dashboard measure means, how it is computed and how to read it, in Dutch and
English: the text of the dashboard's explanations and of the public page
``/uitleg/verzuimcijfers`` (and its JSON twin).

Written in our own words from the definitions in docs/metrics.md (which follow
shared/reference/absence-metrics.md); a test checks that every measure the dashboard shows
has an entry here. ``better`` says which direction is usually better, or None where a
direction would mislead.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel

from verzuim.i18n import Lang

Better = Literal["lower", "higher"]
PAGE = "/uitleg/verzuimcijfers"


class Explanation(BaseModel):
    key: str  # the field name in the JSON results, also the anchor on the explanation page
    name_nl: str
    name_en: str
    meaning_nl: str
    meaning_en: str
    computed_nl: str
    computed_en: str
    reading_nl: str
    reading_en: str
    better: Better | None
    cbs: bool  # CBS publishes a comparable figure (80072ned) that the dashboard shows

    def pick(self, lang: Lang) -> dict[str, str]:
        """The texts in one language (for a page)."""
        nl = lang == "nl"
        return {
            "name": self.name_nl if nl else self.name_en,
            "meaning": self.meaning_nl if nl else self.meaning_en,
            "computed": self.computed_nl if nl else self.computed_en,
            "reading": self.reading_nl if nl else self.reading_en,
        }


class Explanations(BaseModel):
    """The JSON twin of the explanation page."""

    source: str
    measures: list[Explanation]


def _e(
    key: str,
    names: tuple[str, str],
    meaning: tuple[str, str],
    computed: tuple[str, str],
    reading: tuple[str, str],
    better: Better | None,
    cbs: bool = False,
) -> Explanation:
    return Explanation(
        key=key,
        name_nl=names[0],
        name_en=names[1],
        meaning_nl=meaning[0],
        meaning_en=meaning[1],
        computed_nl=computed[0],
        computed_en=computed[1],
        reading_nl=reading[0],
        reading_en=reading[1],
        better=better,
        cbs=cbs,
    )


MEASURES: tuple[Explanation, ...] = (
    _e(
        "zvp",
        ("Verzuimpercentage", "Absence rate"),
        (
            "Welk deel van de beschikbare werktijd verloren ging aan ziekte.",
            "The share of the available working time that was lost to sickness.",
        ),
        (
            "Per medewerker en per kalenderdag in de periode: deeltijdfactor × mate van "
            "arbeidsongeschiktheid, opgeteld, gedeeld door de som van de deeltijdfactoren over "
            "de dagen in dienst, maal 100. Zwangerschapsverlof telt niet als verzuim.",
            "For every employee and calendar day in the period: part-time factor × degree of "
            "unfitness, summed, divided by the sum of the part-time factors over the days "
            "employed, times 100. Pregnancy leave does not count as absence.",
        ),
        (
            "Lager is beter. Vergelijk met het CBS-cijfer voor uw sector en grootteklasse "
            "(de stippellijn): dat is een gemiddelde, geen norm. Eén lange ziekmelding kan in "
            "een kleine groep het percentage flink verhogen.",
            "Lower is better. Compare it with the CBS figure for your sector and size class "
            "(the dashed line): that is an average, not a standard. In a small group one long "
            "spell can raise the rate a lot.",
        ),
        "lower",
        cbs=True,
    ),
    _e(
        "zvp_incl_pregnancy",
        ("Verzuimpercentage incl. zwangerschap", "Absence rate incl. pregnancy"),
        (
            "Het verzuimpercentage met zwangerschaps- en bevallingsverlof meegeteld.",
            "The absence rate with pregnancy and maternity leave counted in.",
        ),
        (
            "Als het verzuimpercentage, met de dagen zwangerschapsverlof ook in de teller.",
            "As the absence rate, with the pregnancy leave days also in the numerator.",
        ),
        (
            "Alleen ter informatie; het verschil met het verzuimpercentage is verlof, geen "
            "ziekte. Vergelijk met CBS alleen het verzuimpercentage zonder zwangerschap.",
            "For information only; the difference from the absence rate is leave, not "
            "sickness. Compare only the rate without pregnancy with CBS.",
        ),
        None,
    ),
    _e(
        "zmf",
        ("Meldingsfrequentie", "Frequency of absence"),
        (
            "Hoe vaak medewerkers zich gemiddeld per jaar ziek melden.",
            "How often employees report sick on average per year.",
        ),
        (
            "Het aantal ziekmeldingen dat in de periode begint, gedeeld door het gemiddeld "
            "aantal medewerkers in dienst (een deeltijder telt als één), omgerekend naar een "
            "jaar. Een gedeeltelijk herstel is geen nieuwe melding.",
            "The number of sick spells starting in the period, divided by the average number "
            "of employees (a part-timer counts as one), scaled to a year. A partial recovery "
            "is not a new spell.",
        ),
        (
            "Lager is beter. Veel korte meldingen wijzen vaak op werkdruk, sfeer of "
            "werkomstandigheden; bespreek het cijfer met de teams. CBS publiceert hier in "
            "deze app geen vergelijkingscijfer voor.",
            "Lower is better. Many short spells often point at workload, atmosphere or "
            "working conditions; discuss the figure with the teams. This app has no CBS "
            "comparison figure for it.",
        ),
        "lower",
    ),
    _e(
        "gzvd",
        ("Gemiddelde verzuimduur", "Mean duration of absence"),
        (
            "Hoe lang een ziekmelding gemiddeld duurde, in kalenderdagen.",
            "How long a sick spell lasted on average, in calendar days.",
        ),
        (
            "Het gemiddelde over de ziekmeldingen die in de periode eindigden van het aantal "
            "kalenderdagen van eerste tot laatste dag (ten hoogste 730). Lopende meldingen "
            "tellen nog niet mee.",
            "The mean, over the sick spells that ended in the period, of the calendar days "
            "from first to last day (at most 730). Ongoing spells do not count yet.",
        ),
        (
            "Korter is meestal beter, maar lees het samen met de meldingsfrequentie: een "
            "paar lange meldingen trekken het gemiddelde omhoog, en als lange meldingen nog "
            "lopen, telt het cijfer ze pas mee als ze eindigen.",
            "Shorter is usually better, but read it with the frequency: a few long spells "
            "pull the mean up, and spells that are still running only count once they end.",
        ),
        "lower",
    ),
    _e(
        "nulverzuim",
        ("Nulverzuim", "Zero absence"),
        (
            "Het deel van de medewerkers dat in de periode geen dag ziek was.",
            "The share of employees who were not sick on any day of the period.",
        ),
        (
            "Medewerkers zonder ziektedag in de periode, gedeeld door alle medewerkers die "
            "in de periode minstens één dag in dienst waren, maal 100.",
            "Employees without a sick day in the period, divided by every employee employed "
            "on at least one day of the period, times 100.",
        ),
        (
            "Hoger is beter. Over een lange periode daalt het vanzelf (meer tijd om eens "
            "ziek te zijn): vergelijk alleen perioden van gelijke lengte.",
            "Higher is better. Over a longer period it falls by itself (more time to fall "
            "ill once): compare only periods of the same length.",
        ),
        "higher",
    ),
    _e(
        "frequent_absence",
        ("Frequent verzuimers", "Frequent absentees"),
        (
            "Medewerkers die zich in een jaar drie keer of vaker ziek meldden.",
            "Employees who reported sick three times or more in a year.",
        ),
        (
            "Medewerkers in dienst in de periode met drie of meer ziekmeldingen die begonnen "
            "in de twaalf maanden tot en met de laatste dag van de periode. Alleen het aantal "
            "wordt getoond, nooit wie het zijn.",
            "Employees employed in the period with three or more sick spells starting in the "
            "twelve months up to the last day of the period. Only the number is shown, never "
            "who they are.",
        ),
        (
            "Lager is beter. Het is een signaal voor een gesprek (met bedrijfsarts of "
            "leidinggevende) over wat er speelt, geen oordeel over personen.",
            "Lower is better. It is a reason for a conversation (with the occupational "
            "physician or the manager) about what is going on, not a judgement of people.",
        ),
        "lower",
    ),
    _e(
        "recurrence",
        ("Herhaald verzuim binnen 28 dagen", "Recurrence within 28 days"),
        (
            "Hoe vaak iemand na herstel binnen vier weken opnieuw ziek werd.",
            "How often someone fell ill again within four weeks of recovering.",
        ),
        (
            "Van de ziekmeldingen die in de periode eindigden (uiterlijk 28 dagen voor het "
            "eind, en de medewerker nog 28 dagen in dienst): het deel waarna dezelfde "
            "medewerker binnen 1 tot en met 28 dagen opnieuw ziek werd, maal 100.",
            "Of the sick spells that ended in the period (at least 28 days before its end, "
            "with the employee still employed 28 days later): the share after which the same "
            "employee fell ill again within 1 to 28 days, times 100.",
        ),
        (
            "Lager is beter. Een hoog cijfer kan betekenen dat mensen te vroeg of zonder "
            "aanpassingen terugkeren: zie de hervattingsdrempel in het verzuimmodel.",
            "Lower is better. A high figure can mean people return too early or without "
            "adjustments: see the return threshold in the absence model.",
        ),
        "lower",
    ),
    _e(
        "partial_return",
        ("Gedeeltelijke hervatting", "Partial return"),
        (
            "Bij hoeveel beëindigde ziekmeldingen iemand eerst gedeeltelijk weer aan het "
            "werk ging.",
            "For how many ended sick spells someone first went back to work part of the time.",
        ),
        (
            "Van de ziekmeldingen die in de periode eindigden: het deel met minstens één "
            "periode waarin de medewerker minder dan 100% arbeidsongeschikt was, maal 100.",
            "Of the sick spells that ended in the period: the share with at least one stretch "
            "in which the employee was less than 100% unfit, times 100.",
        ),
        (
            "Geen vaste richting: gedeeltelijk hervatten helpt vaak bij langer verzuim, maar "
            "bij korte meldingen is het zelden nodig. Lees het samen met de verzuimduur.",
            "No fixed direction: a partial return often helps with longer absence, but short "
            "spells rarely need it. Read it together with the duration.",
        ),
        None,
    ),
    _e(
        "duration_classes",
        ("Verzuimduurklassen", "Duration classes"),
        (
            "Hoeveel ziekmeldingen kort, middellang, lang of extra lang waren.",
            "How many sick spells were short, medium, long or extra long.",
        ),
        (
            "Ziekmeldingen met minstens een dag in de periode, naar hun duur tot de laatste "
            "dag (of tot het eind van de periode als ze nog lopen): 1-14, 15-91, 92-365 en "
            "366-730 dagen.",
            "Sick spells with at least one day in the period, by their length up to the last "
            "day (or up to the end of the period while ongoing): 1-14, 15-91, 92-365 and "
            "366-730 days.",
        ),
        (
            "Korte meldingen zijn het talrijkst; de lange en extra lange kosten de meeste "
            "dagen. Veel lange meldingen vragen aandacht voor re-integratie.",
            "Short spells are the most numerous; long and extra long ones cost the most "
            "days. Many long spells call for attention to reintegration.",
        ),
        None,
    ),
    _e(
        "benchmark",
        ("CBS-vergelijkingscijfer", "CBS comparison figure"),
        (
            "Het ziekteverzuimpercentage dat CBS publiceert voor uw sector (SBI) of "
            "grootteklasse, of voor alle bedrijven.",
            "The absence rate Statistics Netherlands (CBS) publishes for your sector (SBI) or "
            "size class, or for all companies.",
        ),
        (
            "Uit CBS-tabel 80072ned (Ziekteverzuimpercentage; bedrijfstakken en "
            "bedrijfsgrootte), per kwartaal en jaar; voorlopige cijfers zijn gemarkeerd met "
            "een sterretje. CBS telt verzuim langer dan een jaar mee en zwangerschapsverlof "
            "niet, net als ons verzuimpercentage.",
            "From CBS table 80072ned (absence rate by industry and company size), per "
            "quarter and year; provisional figures are marked with an asterisk. CBS counts "
            "absence longer than a year and leaves pregnancy leave out, as our absence rate "
            "does.",
        ),
        (
            "Een gemiddelde van veel organisaties, geen streefwaarde. CBS stelt het cijfer "
            "samen uit eigen bronnen, niet uit uw administratie: kleine verschillen zeggen "
            "weinig, zeker in een kleine organisatie.",
            "An average of many organisations, not a target. CBS compiles it from its own "
            "sources, not from your records: small differences mean little, certainly in a "
            "small organisation.",
        ),
        None,
    ),
)


@cache
def by_key() -> dict[str, Explanation]:
    return {m.key: m for m in MEASURES}


def explanations() -> Explanations:
    return Explanations(
        source="docs/metrics.md (definitions: shared/reference/absence-metrics.md)",
        measures=list(MEASURES),
    )
