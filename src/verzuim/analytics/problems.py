"""Every validation problem the import can report, with how to fix it, in Dutch and English.

One catalogue keeps the wording consistent between the CLI, the page and the JSON API.
"""

from __future__ import annotations

from verzuim.analytics.models import Problem, ProblemGroup

# code -> (message en, fix en, message nl, fix nl); {placeholders} come from the caller.
CATALOGUE: dict[str, tuple[str, str, str, str]] = {
    "unreadable": (
        "The file cannot be read: {detail}.",
        "Save it as CSV (separator ; or ,) or as XLSX and upload it again.",
        "Het bestand is niet te lezen: {detail}.",
        "Sla het op als CSV (scheidingsteken ; of ,) of als XLSX en upload het opnieuw.",
    ),
    "file_too_large": (
        "The file is {size} MB; at most {limit} MB can be uploaded at once.",
        "Split the file (for example per year) and upload the parts one after another in "
        "merge mode.",
        "Het bestand is {size} MB; er kan maximaal {limit} MB tegelijk worden geüpload.",
        "Splits het bestand (bijvoorbeeld per jaar) en upload de delen na elkaar met 'aanvullen'.",
    ),
    "nul_byte": (
        "Line {line} holds a NUL byte (a zero byte): this is not a text export, or it is damaged.",
        "Export the data again from the HR system as CSV or XLSX and upload that file.",
        "Regel {line} bevat een NUL-byte (een nulteken): dit is geen tekstexport, of het "
        "bestand is beschadigd.",
        "Exporteer de gegevens opnieuw uit het HR-systeem als CSV of XLSX en upload dat bestand.",
    ),
    "utf16": (
        "The file is UTF-16 text without a byte order mark, so it cannot be read reliably.",
        "Save it in Excel as 'CSV UTF-8 (comma delimited)', or export it as UTF-8.",
        "Het bestand is UTF-16-tekst zonder byte-order-mark en is daardoor niet betrouwbaar te "
        "lezen.",
        "Sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)', of exporteer het als "
        "UTF-8.",
    ),
    "unclosed_quote": (
        "A quote opened on line {line} is not closed on that line{end_en}.",
        "Remove the stray quote character or close it on the same line; a cell may not span "
        "several lines.",
        "Een aanhalingsteken dat op regel {line} opent, wordt op die regel niet gesloten{end_nl}.",
        "Verwijder het losse aanhalingsteken of sluit het op dezelfde regel; een cel mag niet "
        "over meer regels lopen.",
    ),
    "bad_quoting": (
        "Line {line} is not valid CSV: text follows a closing quote.",
        'Put quotes only around a whole cell, and write a quote inside a quoted cell twice ("").',
        "Regel {line} is geen geldige CSV: er staat tekst na een sluitend aanhalingsteken.",
        "Zet aanhalingstekens alleen om een hele cel, en schrijf een aanhalingsteken binnen een "
        'cel dubbel ("").',
    ),
    "too_many_cells": (
        "Line {line} has more cells than there are column names{limit_en}.",
        "Check the separators on this line: a separator inside a cell needs quotes around the "
        "cell.",
        "Regel {line} heeft meer cellen dan er kolomnamen zijn{limit_nl}.",
        "Controleer de scheidingstekens op deze regel: een scheidingsteken in een cel vraagt "
        "om aanhalingstekens om die cel.",
    ),
    "line_too_long": (
        "Line {line} has {length} bytes; a line may have at most {limit}.",
        "Check this line: a line this long is usually a damaged export or missing line breaks.",
        "Regel {line} heeft {length} bytes; een regel mag er hoogstens {limit} hebben.",
        "Controleer deze regel: zo'n lange regel is meestal een beschadigde export of er "
        "ontbreken regeleinden.",
    ),
    "cell_too_long": (
        "This cell has {length} characters; a cell may have at most {limit}.",
        "Only keys, units, dates and numbers are read; remove long texts from the export.",
        "Deze cel heeft {length} tekens; een cel mag er hoogstens {limit} hebben.",
        "Alleen sleutels, afdelingen, datums en getallen worden gelezen; haal lange teksten "
        "uit de export.",
    ),
    "too_many_rows": (
        "The file has more than {limit} rows.",
        "Split the file (for example per year) and upload the parts one after another in "
        "merge mode.",
        "Het bestand heeft meer dan {limit} regels.",
        "Splits het bestand (bijvoorbeeld per jaar) en upload de delen na elkaar met 'aanvullen'.",
    ),
    "xlsx_too_large": (
        "The Excel file would unpack to {size} (MB or parts), more than the limit of {limit}.",
        "Save the sheet as CSV, or split it; an Excel file that unpacks this far is damaged "
        "or made to exhaust memory.",
        "Het Excel-bestand zou uitpakken tot {size} (MB of onderdelen), meer dan de grens van "
        "{limit}.",
        "Sla het werkblad op als CSV, of splits het; een Excel-bestand dat zo ver uitpakt is "
        "beschadigd of gemaakt om het geheugen uit te putten.",
    ),
    "mapping": (
        "{detail}.",
        "Correct the mapping file; see docs/metrics.md for its keys.",
        "{detail}.",
        "Verbeter het koppelbestand; zie docs/metrics.md voor de sleutels.",
    ),
    "missing_column": (
        "The column for {field} is missing.",
        "Add a column named one of: {names}; or map your own column name in a mapping file.",
        "De kolom voor {field} ontbreekt.",
        "Voeg een kolom toe met een van deze namen: {names}; of koppel uw eigen kolomnaam in "
        "een koppelbestand.",
    ),
    "no_rows": (
        "The file has column names but no rows.",
        "Export the data again, including the rows.",
        "Het bestand heeft kolomnamen maar geen regels.",
        "Exporteer de gegevens opnieuw, met de regels.",
    ),
    "empty": (
        "{column} is empty.",
        "Fill in a value for every row.",
        "{column} is leeg.",
        "Vul voor elke regel een waarde in.",
    ),
    "bad_date": (
        "'{value}' is not a date.",
        "Write dates as dd-mm-jjjj (31-12-2024) or as yyyy-mm-dd (2024-12-31).",
        "'{value}' is geen datum.",
        "Schrijf datums als dd-mm-jjjj (31-12-2024) of als jjjj-mm-dd (2024-12-31).",
    ),
    "bad_number": (
        "'{value}' is not a number.",
        "Write a number such as 0,8 or 0.8, without text.",
        "'{value}' is geen getal.",
        "Schrijf een getal zoals 0,8 of 0.8, zonder tekst.",
    ),
    "ptf_range": (
        "Part-time factor {value} is outside 0 < factor <= 1.5.",
        "Use contract hours / full-time hours, e.g. 0,8 for 32 of 40 hours; for a percentage "
        "(80) name the column deeltijdpercentage.",
        "Deeltijdfactor {value} ligt niet tussen 0 (exclusief) en 1,5.",
        "Gebruik contracturen / fulltime-uren, bijvoorbeeld 0,8 voor 32 van 40 uur; voor een "
        "percentage (80) noemt u de kolom deeltijdpercentage.",
    ),
    "no_fulltime_hours": (
        "There are contract hours but no full-time hours to divide them by.",
        "Add a column fulltime-uren, or set fulltime_hours in a mapping file.",
        "Er zijn contracturen maar geen fulltime-uren om door te delen.",
        "Voeg een kolom fulltime-uren toe, of zet fulltime_hours in een koppelbestand.",
    ),
    "unfit_range": (
        "Unfitness percentage {value} is outside 1..100.",
        "Use 100 for fully unfit and a lower number for partial recovery; 0 % means recovered: "
        "end the episode instead.",
        "Arbeidsongeschiktheidspercentage {value} ligt niet tussen 1 en 100.",
        "Gebruik 100 voor volledig arbeidsongeschikt en een lager getal bij gedeeltelijk herstel; "
        "0 % betekent hersteld: sluit de periode dan af.",
    ),
    "bad_kind": (
        "Kind '{value}' is unknown.",
        "Use sick (ziek) or pregnancy (zwangerschap); map other codes under kinds in a mapping "
        "file.",
        "Soort '{value}' is onbekend.",
        "Gebruik ziek (sick) of zwangerschap (pregnancy); koppel andere codes onder kinds in een "
        "koppelbestand.",
    ),
    "end_before_start": (
        "Employment ends ({value}) before it starts ({other}).",
        "Check both dates; the end date is the last day of employment.",
        "Het dienstverband eindigt ({value}) voordat het begint ({other}).",
        "Controleer beide datums; de einddatum is de laatste dag in dienst.",
    ),
    "last_before_first": (
        "The last day ({value}) lies before the first day ({other}).",
        "{hint}",
        "De laatste dag ({value}) ligt voor de eerste dag ({other}).",
        "{hint_nl}",
    ),
    "duplicate_employee": (
        "Employee {value} also appears on line {other}.",
        "Keep one row per employee.",
        "Werknemer {value} staat ook op regel {other}.",
        "Houd één regel per werknemer.",
    ),
    "unknown_employee": (
        "Employee {value} is not in the employee file or the store.",
        "Add the employee to the employee file, or correct the key.",
        "Werknemer {value} staat niet in het werknemersbestand of in de opslag.",
        "Voeg de werknemer toe aan het werknemersbestand, of verbeter de sleutel.",
    ),
    "overlap": (
        "This episode ({value}) overlaps {other} of the same employee.",
        "Episodes of one employee may not overlap: end the earlier one the day before the next "
        "starts, or remove the duplicate.",
        "Deze periode ({value}) overlapt met {other_nl} van dezelfde werknemer.",
        "Perioden van één werknemer mogen niet overlappen: laat de eerdere eindigen op de dag "
        "voor de volgende begint, of verwijder de dubbele.",
    ),
    "spell_mixed_kind": (
        "Spell {value} mixes sickness and pregnancy leave.",
        "Register pregnancy leave as a spell of its own.",
        "Verzuimgeval {value} mengt ziekte en zwangerschapsverlof.",
        "Registreer zwangerschapsverlof als een eigen verzuimgeval.",
    ),
    "orphan_spells": (
        "Stored spells refer to employee {value}, who is not in the new employee file.",
        "Include every employee with absence in the employee file, or replace the spells too.",
        "Opgeslagen verzuim verwijst naar werknemer {value}, die niet in het nieuwe "
        "werknemersbestand staat.",
        "Neem elke werknemer met verzuim op in het werknemersbestand, of vervang ook het verzuim.",
    ),
}


# code -> (title en, title nl): the heading of a group of problems of one kind.
TITLES: dict[str, tuple[str, str]] = {
    "unreadable": ("File cannot be read", "Bestand is niet te lezen"),
    "file_too_large": ("File too large", "Bestand te groot"),
    "nul_byte": ("Binary or damaged file", "Binair of beschadigd bestand"),
    "utf16": ("UTF-16 without byte order mark", "UTF-16 zonder byte-order-mark"),
    "unclosed_quote": ("Quote not closed", "Aanhalingsteken niet gesloten"),
    "bad_quoting": ("Text after a closing quote", "Tekst na een sluitend aanhalingsteken"),
    "line_too_long": ("Line too long", "Regel te lang"),
    "too_many_cells": ("More cells than columns", "Meer cellen dan kolommen"),
    "cell_too_long": ("Cell too long", "Cel te lang"),
    "too_many_rows": ("Too many rows", "Te veel regels"),
    "xlsx_too_large": ("Excel file unpacks too far", "Excel-bestand pakt te ver uit"),
    "mapping": ("Mapping file", "Koppelbestand"),
    "missing_column": ("Missing column", "Ontbrekende kolom"),
    "no_rows": ("No rows", "Geen regels"),
    "empty": ("Empty cell", "Lege cel"),
    "bad_date": ("Not a date", "Geen datum"),
    "bad_number": ("Not a number", "Geen getal"),
    "ptf_range": ("Part-time factor out of range", "Deeltijdfactor buiten bereik"),
    "no_fulltime_hours": ("No full-time hours", "Geen fulltime-uren"),
    "unfit_range": ("Unfitness percentage out of range", "Percentage ongeschikt buiten bereik"),
    "bad_kind": ("Unknown kind of absence", "Onbekende soort verzuim"),
    "end_before_start": ("Employment ends before it starts", "Dienstverband eindigt vóór begin"),
    "last_before_first": ("Last day before first day", "Laatste dag vóór eerste dag"),
    "duplicate_employee": ("Employee twice", "Werknemer dubbel"),
    "unknown_employee": ("Unknown employee", "Onbekende werknemer"),
    "overlap": ("Overlapping episodes", "Overlappende perioden"),
    "spell_mixed_kind": (
        "Sickness and pregnancy in one spell",
        "Ziekte en zwangerschap in één geval",
    ),
    "orphan_spells": ("Absence without employee", "Verzuim zonder werknemer"),
}


def grouped(problems: list[Problem], shown: int = 5) -> list[ProblemGroup]:
    """Problems by kind, in order of first appearance; the first ``shown`` of each kind."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.code, []).append(p)
    return [
        ProblemGroup(
            code=code,
            title=TITLES.get(code, (code, code))[0],
            title_nl=TITLES.get(code, (code, code))[1],
            count=len(items),
            first=items[:shown],
            lines=[p.line for p in items if p.line is not None],
        )
        for code, items in groups.items()
    ]


def plural(count: int, one: str, many: str) -> str:
    """``1 problem``, ``2 problems``: the count with the right form of the noun."""
    return f"{count} {one if count == 1 else many}"


def problem(
    code: str,
    file: str,
    line: int | None = None,
    column: str | None = None,
    value: object = None,
    **params: object,
) -> Problem:
    text_value = None if value is None else str(value)
    values = {"value": text_value or "", "column": column or "", "line": line or "", **params}
    if "limit" in params and code == "too_many_cells":
        limit = params["limit"]
        values["limit_en"] = f" ({limit})" if limit else ""
        values["limit_nl"] = f" ({limit})" if limit else ""
    if "end" in params:  # unclosed_quote: where the quote finally closes, if it does
        end = params["end"]
        values["end_en"] = f" (it runs on to line {end})" if end else " (it is never closed)"
        values["end_nl"] = f" (hij loopt door tot regel {end})" if end else " (hij sluit nooit)"
    message_en, fix_en, message_nl, fix_nl = CATALOGUE[code]
    return Problem(
        code=code,
        file=file,
        line=line,
        column=column,
        value=text_value,
        message=message_en.format(**values),
        fix=fix_en.format(**values),
        message_nl=message_nl.format(**values),
        fix_nl=fix_nl.format(**values),
    )
