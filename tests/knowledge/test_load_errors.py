"""A broken data file gives a message naming the file, the record and the field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from verzuim.knowledge.load import DATA_DIR, KnowledgeError, load_from


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def _edit(path: Path, index: int, **changes: object) -> None:
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[index].update(changes)
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")


def test_the_bundled_data_loads(data_copy: Path) -> None:
    assert len(load_from(data_copy).practices) == 83


def test_wrong_value_names_file_record_and_field(data_copy: Path) -> None:
    _edit(data_copy / "practices.yaml", 4, absence_type="back pain")
    with pytest.raises(KnowledgeError) as err:
        load_from(data_copy)
    message = str(err.value)
    assert "practices.yaml" in message and "record 5" in message and "gp-b11-05" in message
    assert "absence_type" in message


def test_missing_english_summary(data_copy: Path) -> None:
    _edit(data_copy / "practices.yaml", 0, summary={"nl": "Alleen Nederlands"})
    with pytest.raises(KnowledgeError, match=r"practices\.yaml, record 1 .*summary\.en"):
        load_from(data_copy)


def test_unknown_category_lists_the_allowed_ones(data_copy: Path) -> None:
    _edit(data_copy / "practices.yaml", 2, categories=["yoga"])
    with pytest.raises(KnowledgeError, match=r"gp-b11-03.*categories.*yoga.*allowed: .*ergonomics"):
        load_from(data_copy)


def test_duplicate_id(data_copy: Path) -> None:
    _edit(data_copy / "actors.yaml", 1, id="preventiemedewerker")
    with pytest.raises(KnowledgeError, match="used twice"):
        load_from(data_copy)


def test_broken_yaml(data_copy: Path) -> None:
    (data_copy / "gaps.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"gaps\.yaml: not valid YAML"):
        load_from(data_copy)


def test_report_group_must_list_the_row(data_copy: Path) -> None:
    _edit(data_copy / "practices.yaml", 0, report_group="mental_single")
    with pytest.raises(KnowledgeError, match="does not list row 1"):
        load_from(data_copy)
