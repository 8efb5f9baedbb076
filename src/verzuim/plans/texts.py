"""Interface texts of the plan pages and exports, Dutch first (kept beside the feature)."""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Plan van aanpak", "Action plan"),
    "intro": (
        "De maatregelen van de organisatie: waar ze vandaan komen, welk risico ze aanpakken, "
        "voor wie, wie ze trekt, wat ze kosten, en hoe ver ze zijn.",
        "The organisation's measures: where they come from, which risk they answer, for "
        "whom, who leads them, what they cost, and how far they are.",
    ),
    "list": ("Lijst", "List"),
    "timeline": ("Tijdlijn", "Timeline"),
    "by_owner": ("Per verantwoordelijke", "By person responsible"),
    "new": ("Nieuwe maatregel", "New measure"),
    "none": ("Nog geen maatregelen in het plan.", "No measures in the plan yet."),
    "measure": ("Maatregel", "Measure"),
    "origin": ("Herkomst", "Origin"),
    "origin_advice": ("advies", "advice"),
    "origin_practice": ("praktijkvoorbeeld (kennisbank)", "practice (knowledge base)"),
    "origin_analytics": ("signaal uit de verzuimcijfers", "signal from the absence figures"),
    "origin_balance": ("signaal uit de balanscheck", "signal from the balance check"),
    "origin_free": ("zelf opgesteld", "written freely"),
    "origin_ref": ("Verwijzing", "Reference"),
    "risk": ("Risico of bevinding", "Risk or finding"),
    "units": ("Doeleenheden", "Target units"),
    "units_hint": (
        "Niets aangevinkt: de hele organisatie.",
        "Nothing ticked: the whole organisation.",
    ),
    "units_free_hint": (
        "Eén eenheid per regel, zoals Zorg/Team A. Leeg: de hele organisatie.",
        "One unit per line, such as Care/Team A. Empty: the whole organisation.",
    ),
    "whole_org": ("hele organisatie", "whole organisation"),
    "actors": ("Te betrekken deskundigen", "Professionals to involve"),
    "core_expert": ("kerndeskundige", "core expert"),
    "owner": ("Verantwoordelijke", "Person responsible"),
    "no_owner": ("nog niemand", "nobody yet"),
    "budget": ("Budget (EUR)", "Budget (EUR)"),
    "planned_start": ("Geplande start", "Planned start"),
    "planned_end": ("Gepland einde", "Planned end"),
    "status": ("Status", "Status"),
    "status_planned": ("gepland", "planned"),
    "status_running": ("loopt", "running"),
    "status_done": ("klaar", "done"),
    "status_stopped": ("gestopt", "stopped"),
    "since": ("sinds", "since"),
    "notes": ("Aantekeningen", "Notes"),
    "save": ("Opslaan", "Save"),
    "add": ("In het plan zetten", "Put in the plan"),
    "put_in_plan": ("In plan van aanpak zetten", "Put in the action plan"),
    "change_status": ("Status wijzigen", "Change status"),
    "status_day": ("Met ingang van", "Taking effect on"),
    "history": ("Verloop", "History"),
    "filter": ("Filteren", "Filter"),
    "all": ("alle", "all"),
    "total_budget": ("Totaal budget", "Total budget"),
    "edit": ("Gegevens wijzigen", "Edit details"),
    "delete": ("Uit het plan verwijderen", "Remove from the plan"),
    "process": ("Procesevaluatie (RE-AIM)", "Process evaluation (RE-AIM)"),
    "process_intro": (
        "Wat is er uitgevoerd, bij wie, en houdt het stand? Vul in wat u weet.",
        "What was carried out, for whom, and does it last? Fill in what you know.",
    ),
    "reach_pct": ("Bereik: deel van de doelgroep (%)", "Reach: share of the target group (%)"),
    "reach": ("Bereik: toelichting", "Reach: explanation"),
    "adoption": (
        "Adoptie: welke eenheden en leidinggevenden deden mee",
        "Adoption: which units and managers took part",
    ),
    "implementation_as_planned": ("Uitgevoerd zoals gepland", "Carried out as planned"),
    "yes": ("ja", "yes"),
    "partly": ("deels", "partly"),
    "no": ("nee", "no"),
    "unknown": ("onbekend", "unknown"),
    "implementation": ("Uitvoering: wat ging anders", "Implementation: what went otherwise"),
    "costs_eur": ("Werkelijke kosten (EUR)", "Actual costs (EUR)"),
    "maintenance": ("Behoud na 6-12 maanden", "Maintenance after 6-12 months"),
    "m_running": ("loopt nog", "still running"),
    "m_stopped": ("gestopt", "stopped"),
    "maintenance_note": ("Behoud: toelichting", "Maintenance: explanation"),
    "review": ("Korte terugblik", "Short after-action review"),
    "went_well": ("Wat ging goed", "What went well"),
    "could_be_better": ("Wat kan beter", "What can be better"),
    "next_steps": ("Wat doen we nu", "What we do next"),
    "effect": ("Effectevaluatie", "Effect evaluation"),
    "effect_intro": (
        "Een eigen evaluatie op de verzuimgegevens van de organisatie: de verandering in de "
        "doeleenheden vergeleken met eenheden die de maatregel niet kregen. Dit is geen bewijs "
        "dat de maatregel werkt; lees het interval en de waarschuwingen.",
        "The organisation's own evaluation on its absence data: the change in the target "
        "units compared with units that did not get the measure. This is no proof that the "
        "measure works; read the interval and the warnings.",
    ),
    "evaluate": ("Evalueren", "Evaluate"),
    "start": ("Start van de maatregel", "Start of the measure"),
    "comparison": ("Vergelijkingseenheden", "Comparison units"),
    "comparison_hint": (
        "Niets aangevinkt: we stellen eenheden voor op hetzelfde niveau en van vergelijkbare "
        "grootte.",
        "Nothing ticked: we suggest units at the same level and of similar size.",
    ),
    "design": ("Opzet", "Design"),
    "design_auto": ("automatisch", "automatic"),
    "design_did": ("verschil-in-verschillen", "difference-in-differences"),
    "design_its": ("onderbroken tijdreeks", "interrupted time series"),
    "estimate": ("Schatting", "Estimate"),
    "interval": ("95%-interval", "95% interval"),
    "pp": ("procentpunt", "percentage points"),
    "warnings": ("Waarschuwingen", "Warnings"),
    "no_warnings": ("Geen waarschuwingen.", "No warnings."),
    "monthly": ("Verzuimpercentage per maand", "Absence percentage per month"),
    "month": ("Maand", "Month"),
    "treated": ("Doelgroep", "Target group"),
    "compared": ("Vergelijkingsgroep", "Comparison group"),
    "employees": ("medewerkers", "employees"),
    "before": ("voor", "before"),
    "after": ("na", "after"),
    "left_out": ("buiten beschouwing", "left out"),
    "hidden": ("verborgen (<5)", "hidden (<5)"),
    "start_marked": ("De verticale lijn is de start.", "The vertical line is the start."),
    "record": ("Delen als goed-praktijkrecord", "Share as a good-practice record"),
    "record_intro": (
        "Een geanonimiseerd record van deze afgeronde maatregel, zodat anderen kunnen lezen "
        "wat u deed en wat de eigen evaluatie liet zien. Het noemt geen eenheden en geen "
        "cijfers van groepen onder 5.",
        "An anonymised record of this completed measure, so others can read what you did "
        "and what your own evaluation showed. It names no units and no figures of groups "
        "under 5.",
    ),
    "record_done_only": (
        "Een record kan alleen van een afgeronde maatregel (status 'klaar').",
        "A record can only be made of a completed measure (status 'done').",
    ),
    "licence": ("Licentie", "Licence"),
    "download_json": ("Downloaden als JSON", "Download as JSON"),
    "download_pdf": ("Downloaden als PDF", "Download as PDF"),
    "export": ("Downloaden", "Download"),
    "choose_org": ("Kies de organisatie", "Choose the organisation"),
    "no_org": (
        "U bent geen lid met bewerkrecht van een organisatie. Vraag de beheerder om de rol "
        "analist of preventiemedewerker.",
        "You are not a member with edit rights in any organisation. Ask the administrator "
        "for the analyst or prevention role.",
    ),
    "problems": ("Niet opgeslagen:", "Not saved:"),
    "from_label": ("Uit", "From"),
    "own_label_note": (
        "Eigen evaluatie van de organisatie; geen erkende effectstudie.",
        "The organisation's own evaluation; not a recognised effect study.",
    ),
    "today": ("vandaag", "today"),
    "generated": ("Gemaakt op", "Made on"),
}


def pt(key: str, lang: str) -> str:
    nl, en = TEXTS[key]
    return en if lang == "en" else nl
