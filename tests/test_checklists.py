"""Checklist templates: shipped files, strict validation, storage by id+version, CLI."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from envhelp import i18n, paths
from envhelp.cli import cli
from envhelp.domain import citations, stored_templates, templates
from envhelp.errors import NotFoundError, StateError, ValidationError
from envhelp.storage import Store

GB_FILE = paths.resource("checklists", "gb18597-2023-storage.json")
US_FILE = paths.resource("checklists", "us-rcra-lqg-container-storage.json")


def minimal_template(**overrides):
    template = {
        "id": "bureau-test",
        "version": "1",
        "title_zh": "测试检查表",
        "title_en": "Test checklist",
        "standard": "GB 18597-2023",
        "items": [
            {
                "code": "T-01",
                "category": {"zh": "防渗", "en": "Anti-seepage"},
                "requirement_zh": "地面做了防渗。",
                "requirement_en": "The floor is sealed.",
                "clause": "6.1.4",
                "severity": "major",
                "deadline_days": 30,
            },
            {
                "code": "T-02",
                "category": {"zh": "标志", "en": "Signs"},
                "requirement_zh": "设有标志。",
                "requirement_en": "Signs are in place.",
                "clause": "4.6",
                "severity": "minor",
                "deadline_days": 7,
                "confidence": "quoted",
            },
        ],
    }
    template.update(overrides)
    return template


def write(tmp_path, data, name="tpl.json"):
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    return path


def stored_state(store):
    return (
        store.scalar("SELECT count(*) FROM checklist_templates"),
        store.scalar("SELECT count(*) FROM audit_log"),
    )


# -- shipped templates ---------------------------------------------------------


def test_shipped_gb_template_is_valid_and_complete():
    gb = templates.load_template_file(GB_FILE)
    assert gb["id"] == "gb18597-2023-storage" and gb["standard"] == "GB 18597-2023"
    assert len(gb["items"]) >= 30
    codes = [i["code"] for i in gb["items"]]
    assert codes[0] == "GB18597-ST-01" and len(set(codes)) == len(codes)
    by_code = templates.items_by_code(gb)
    # Clause numbers checked against the standard's text (docs/checklists.md) are
    # "verified"; the others keep the reference file's certainty marking.
    assert by_code["GB18597-ST-31"]["clause"] == "6.2.2"
    assert by_code["GB18597-ST-31"]["confidence"] == "verified"
    assert by_code["GB18597-ST-38"]["clause"] == "8.3.5"
    assert by_code["GB18597-ST-05"]["confidence"] == "inferred"
    assert {i["confidence"] for i in gb["items"]} == {"verified", "secondary", "inferred"}
    assert sum(i["confidence"] == "verified" for i in gb["items"]) == 20
    # Every item says where its clause was checked, or why it could not be.
    assert all(i["source_zh"] and i["source_en"] for i in gb["items"])
    # The clause field holds clauses of the standard only; laws are in the legal basis.
    assert (
        by_code["GB18597-ST-25"]["clause"] == ""
        and "第八十一条" in by_code["GB18597-ST-25"]["legal_basis_zh"]
    )
    assert all(i["severity"] in ("major", "minor") for i in gb["items"])


def test_shipped_us_template_is_valid():
    us = templates.load_template_file(US_FILE)
    assert us["id"] == "us-rcra-lqg-container-storage"
    assert len(us["items"]) >= 10
    item = templates.items_by_code(us)["US-LQG-11"]
    assert citations.legal_basis(us, item, "en") == "40 CFR §262.255"


def test_legal_basis_formats():
    gb = templates.load_template_file(GB_FILE)
    items = templates.items_by_code(gb)
    assert citations.legal_basis(gb, items["GB18597-ST-31"]) == "GB 18597-2023 第6.2.2条"
    assert citations.legal_basis(gb, items["GB18597-ST-31"], "en") == "GB 18597-2023 clause 6.2.2"
    # An inferred clause number is flagged so nobody prints it unchecked.
    assert (
        citations.legal_basis(gb, items["GB18597-ST-05"])
        == "GB 18597-2023 第6.1.3条（条款号待核实）"
    )
    assert "固体废物污染环境防治法" in citations.legal_basis(gb, items["GB18597-ST-25"])


def test_printed_citation_never_prints_an_unconfirmed_clause():
    gb = templates.load_template_file(GB_FILE)
    items = templates.items_by_code(gb)
    cite = citations.printed_citation
    # A verified clause: its number in the 条款 column and in the basis.
    assert cite(gb, items["GB18597-ST-31"]) == citations.Citation(
        "6.2.2", "GB 18597-2023 第6.2.2条"
    )
    assert cite(gb, items["GB18597-ST-04"], "en").basis == "GB 18597-2023 clauses 5.2 and 5.3"
    # Inferred and secondary clauses: the standard without the number.
    assert cite(gb, items["GB18597-ST-05"]) == citations.Citation("", "GB 18597-2023")
    assert cite(gb, items["GB18597-ST-14"], "en") == citations.Citation("", "GB 18597-2023")
    # A law's article is basis, never a clause; an unconfirmed standard clause beside it
    # is cut back to the standard's designation.
    assert cite(gb, items["GB18597-ST-46"]) == citations.Citation(
        "", "《中华人民共和国固体废物污染环境防治法》第八十五条；GB 18597-2023"
    )
    assert cite(gb, items["GB18597-ST-27"]).clause == "4.6"
    for item in gb["items"]:
        for lang in ("zh", "en"):
            printed = cite(gb, item, lang)
            assert "待核实" not in printed.basis and "to be verified" not in printed.basis
            if item["confidence"] != "verified":
                assert printed.clause == "" and f"第{item['clause']}条" not in printed.basis
    # The GUI still shows the full reference with its doubt.
    assert citations.legal_basis(gb, items["GB18597-ST-05"]).endswith("（条款号待核实）")


def test_printed_citation_of_older_templates_and_stored_texts():
    # Version 2 (still pinned by older checks) marked doubts in its texts only.
    v2_item = {
        "code": "X",
        "clause": "81",
        "confidence": "secondary",
        "legal_basis_zh": "《固废法》第八十一条第三款（经营单位）；产生单位期限依地方规定（待核实）",
    }
    template = {"standard": "GB 18597-2023"}
    assert citations.printed_citation(template, v2_item) == citations.Citation(
        "", "《固废法》第八十一条第三款（经营单位）；产生单位期限依地方规定"
    )
    quoted = {"code": "Y", "clause": "6.2.2", "confidence": "quoted"}
    assert citations.printed_citation(template, quoted).clause == "6.2.2"
    # A problem's own text (the officer may have edited it), with or without an item.
    stored = "GB 18597-2023 第4章或第6.1节（条款号待核实）；HJ 1276-2022"
    assert citations.printed_citation(None, None, stored_basis=stored).basis == (
        "GB 18597-2023；HJ 1276-2022"
    )
    assert (
        citations.printed_citation(template, quoted, stored_basis="现场口头告知").basis
        == "现场口头告知"
    )
    # A problem proposed by version 2 from a secondary item carries its unmarked but
    # unconfirmed number; copied unedited, it prints by the item's rule.
    secondary = {"code": "Z", "clause": "7.1", "confidence": "secondary"}
    assert citations.printed_citation(
        template, secondary, stored_basis="GB 18597-2023 第7.1条"
    ) == (citations.Citation("", "GB 18597-2023"))
    assert citations.printable_text(
        "HJ 1276-2022 (label content; clause number to be verified)"
    ) == ("HJ 1276-2022")


def test_a_stored_format_with_a_width_prints_the_default_basis():
    """A template stored before formats were checked this strictly cannot blow up a report."""
    gb = templates.load_template_file(GB_FILE)
    item = templates.items_by_code(gb)["GB18597-ST-31"]
    hostile = {**gb, "legal_basis_format": {"zh": "{clause:>99999999}", "en": "{clause}"}}
    assert citations.legal_basis(hostile, item) == "GB 18597-2023 第6.2.2条"


def test_ensure_builtin_registers_once(store):
    first = stored_templates.ensure_builtin_templates(store)
    assert {r["status"] for r in first} == {"added"}
    audit = store.scalar("SELECT count(*) FROM audit_log")
    second = stored_templates.ensure_builtin_templates(store)
    assert {r["status"] for r in second} == {"unchanged"}
    assert store.scalar("SELECT count(*) FROM audit_log") == audit
    rows = stored_templates.list_templates(store)
    assert {(r["id"], r["items"]) for r in rows} >= {
        ("gb18597-2023-storage", 50),
        ("pw-permit-execution", 9),
        ("hw-assessment-producer", 17),
    }
    assert stored_templates.count_templates(store) == 4


def test_read_only_database_lists_templates_without_writing(store):
    # A database that has never stored the shipped templates, viewed on write-protected media.
    path = store.path
    store.close()
    viewer = Store(path, read_only=True)
    try:
        report = stored_templates.ensure_builtin_templates(viewer)
        assert {r["status"] for r in report} == {"missing"}
        assert stored_templates.list_templates(viewer) == []
        assert stored_templates.count_templates(viewer) == 0
    finally:
        viewer.close()
    writable = Store(path)  # opened writable later: registered then
    try:
        assert {r["status"] for r in stored_templates.ensure_builtin_templates(writable)} == {
            "added"
        }
    finally:
        writable.close()


# -- import ---------------------------------------------------------------------


def test_import_added_then_unchanged_then_conflict(store, tmp_path):
    path = write(tmp_path, minimal_template())
    assert stored_templates.import_template(store, path)["status"] == "added"
    # Re-formatting the same content is not a change.
    same = write(tmp_path, json.dumps(minimal_template(), ensure_ascii=False), "same.json")
    assert stored_templates.import_template(store, same)["status"] == "unchanged"
    changed = minimal_template()
    changed["items"][0]["requirement_zh"] = "地面防渗已改写。"
    before = stored_state(store)
    with pytest.raises(StateError) as err:
        stored_templates.import_template(store, write(tmp_path, changed, "changed.json"))
    assert "version" in str(err.value)
    assert stored_state(store) == before
    stored = stored_templates.get_template(store, "bureau-test", "1")
    assert stored["items"][0]["requirement_zh"] == "地面做了防渗。"


def test_latest_version_is_numeric(store, tmp_path):
    for version in ("1", "1.10", "1.9"):
        stored_templates.import_template(
            store, write(tmp_path, minimal_template(version=version), f"{version}.json")
        )
    assert stored_templates.latest_version(store, "bureau-test") == "1.10"
    assert stored_templates.get_template(store, "bureau-test")["version"] == "1.10"
    with pytest.raises(NotFoundError):
        stored_templates.get_template(store, "no-such-template")


def _bad(mutate):
    data = minimal_template()
    mutate(data)
    return data


MALFORMED = [
    ("missing field", _bad(lambda d: d.pop("title_zh")), "title_zh"),
    ("missing item field", _bad(lambda d: d["items"][1].pop("clause")), "items[1].clause"),
    (
        "wrong type",
        _bad(lambda d: d["items"][0].update(deadline_days="30")),
        "items[0].deadline_days",
    ),
    (
        "bool days",
        _bad(lambda d: d["items"][0].update(deadline_days=True)),
        "items[0].deadline_days",
    ),
    (
        "negative days",
        _bad(lambda d: d["items"][1].update(deadline_days=-5)),
        "items[1].deadline_days",
    ),
    ("bad severity", _bad(lambda d: d["items"][1].update(severity="huge")), "items[1].severity"),
    ("duplicate code", _bad(lambda d: d["items"][1].update(code="T-01")), "items[1].code"),
    ("unknown item key", _bad(lambda d: d["items"][0].update(sevrity="major")), "items[0].sevrity"),
    ("unknown top key", _bad(lambda d: d.update(author="me")), "author"),
    (
        "bad confidence",
        _bad(lambda d: d["items"][0].update(confidence="sure")),
        "items[0].confidence",
    ),
    (
        "empty text",
        _bad(lambda d: d["items"][0].update(requirement_en="  ")),
        "items[0].requirement_en",
    ),
    (
        "category not pair",
        _bad(lambda d: d["items"][0].update(category="防渗")),
        "items[0].category",
    ),
    (
        "category missing en",
        _bad(lambda d: d["items"][0].update(category={"zh": "防渗"})),
        "items[0].category.en",
    ),
    ("bad version", _bad(lambda d: d.update(version="v2")), "version"),
    ("bad id", _bad(lambda d: d.update(id="Bureau Test")), "id"),
    ("no items", _bad(lambda d: d.update(items=[])), "items"),
    (
        "half legal basis",
        _bad(lambda d: d["items"][0].update(legal_basis_zh="某法第1条")),
        "items[0].legal_basis_en",
    ),
    (
        "bad format",
        _bad(lambda d: d.update(legal_basis_format={"zh": "{law}", "en": "{clause}"})),
        "legal_basis_format.zh",
    ),
    (
        "format width",  # would build a 100 MB string for every document that prints it
        _bad(lambda d: d.update(legal_basis_format={"zh": "{clause:>99999999}", "en": "{clause}"})),
        "legal_basis_format.zh",
    ),
    (
        "format precision in standard",
        _bad(
            lambda d: d.update(
                legal_basis_format={"zh": "{clause}", "en": "{standard:.99999999} {clause}"}
            )
        ),
        "legal_basis_format.en",
    ),
    (
        "format attribute",
        _bad(lambda d: d.update(legal_basis_format={"zh": "{clause.__class__}", "en": "{clause}"})),
        "legal_basis_format.zh",
    ),
    (
        "format conversion",
        _bad(lambda d: d.update(legal_basis_format={"zh": "{clause!r}", "en": "{clause}"})),
        "legal_basis_format.zh",
    ),
]


@pytest.mark.parametrize(("case", "data", "path"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_template_rejected_naming_field(store, tmp_path, case, data, path):
    stored_templates.ensure_builtin_templates(store)
    before = stored_state(store)
    with pytest.raises(ValidationError) as err:
        stored_templates.import_template(store, write(tmp_path, data))
    assert err.value.field == path
    assert path in err.value.message_zh and path in err.value.message_en
    assert "tpl.json" in str(err.value)
    assert stored_state(store) == before


def test_json_syntax_error_names_line(store, tmp_path):
    text = json.dumps(minimal_template(), ensure_ascii=False, indent=2).splitlines()
    broken_line = next(n for n, line in enumerate(text, 1) if '"severity": "minor"' in line)
    text[broken_line - 1] = text[broken_line - 1].replace(",", "")  # drop a comma
    before = stored_state(store)
    with pytest.raises(ValidationError) as err:
        stored_templates.import_template(store, write(tmp_path, "\n".join(text)))
    # The parser notices the missing comma at the start of the next line.
    assert err.value.line == broken_line + 1
    assert f"第 {broken_line + 1} 行" in str(err.value)
    i18n.set_language("en")
    assert f"line {broken_line + 1}" in str(err.value)
    assert stored_state(store) == before


def test_duplicate_json_key_rejected(tmp_path):
    text = '{"id": "a", "id": "b"}'
    with pytest.raises(ValidationError) as err:
        templates.load_template_file(write(tmp_path, text))
    assert err.value.field == "id"


def test_not_utf8_rejected(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(minimal_template(), ensure_ascii=False).encode("gbk"))
    with pytest.raises(ValidationError) as err:
        templates.load_template_file(path)
    assert "UTF-8" in str(err.value)


def test_utf8_bom_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(json.dumps(minimal_template(), ensure_ascii=False).encode("utf-8-sig"))
    assert templates.load_template_file(path)["id"] == "bureau-test"


def test_normalized_content_is_stored(store, tmp_path):
    data = minimal_template()
    data["items"][0]["requirement_zh"] = "  地面做了防渗。  "
    stored_templates.import_template(store, write(tmp_path, data))
    stored = stored_templates.get_template(store, "bureau-test", "1")
    assert stored["items"][0]["requirement_zh"] == "地面做了防渗。"
    assert stored["sha256"] == stored_templates.content_sha256(
        {k: v for k, v in stored.items() if k not in ("sha256", "imported_at")}
    )


# -- CLI --------------------------------------------------------------------------


@pytest.fixture
def run(db_path):
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "init"]).exit_code == 0

    def invoke(*args):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def test_cli_import_exit_codes(run, tmp_path):
    good = write(tmp_path, minimal_template(), "good.json")
    result = run("templates", "import", str(good))
    assert result.exit_code == 0, result.output
    assert "bureau-test" in result.output
    assert run("templates", "import", str(good)).exit_code == 0  # identical: no-op

    bad = copy.deepcopy(minimal_template())
    bad["items"][1]["severity"] = "huge"
    result = run("templates", "import", str(write(tmp_path, bad, "bad.json")))
    assert result.exit_code == 3
    assert "items[1].severity" in result.output

    changed = minimal_template(title_zh="改过的标题")
    assert run("templates", "import", str(write(tmp_path, changed, "changed.json"))).exit_code == 3

    assert run("templates", "import", str(tmp_path / "missing.json")).exit_code == 2


def test_cli_list_json(run, tmp_path):
    run("templates", "import", str(write(tmp_path, minimal_template())))
    result = run("templates", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {
        "gb18597-2023-storage",
        "us-rcra-lqg-container-storage",
        "pw-permit-execution",
        "hw-assessment-producer",
        "bureau-test",
    }
    assert by_id["gb18597-2023-storage"]["items"] >= 30
    assert by_id["bureau-test"]["version"] == "1" and by_id["bureau-test"]["items"] == 2
    human = run("--lang", "en", "templates", "list")
    assert human.exit_code == 0 and "Hazardous-waste storage checklist" in human.output


# -- export -------------------------------------------------------------------------------


def test_an_exported_template_imports_unchanged_and_as_a_new_version_once_raised(store, tmp_path):
    target = tmp_path / "out" / "gb.json"
    outcome = stored_templates.export_template(store, "gb18597-2023-storage", target)
    assert outcome == {"id": "gb18597-2023-storage", "version": "3", "path": str(target)}
    text = target.read_text(encoding="utf-8")
    assert "危险废物贮存场所检查表" in text  # Chinese as written, not \\u escapes
    data = json.loads(text)
    assert list(data)[:3] == ["id", "version", "title_zh"] and list(data)[-1] == "items"
    assert list(data["items"][0])[:3] == ["code", "category", "requirement_zh"]
    assert stored_templates.import_template(store, target)["status"] == "unchanged"

    data["version"] = "3.1"
    data["items"][37]["measure"]["limit_t"] = 2  # a stricter local rule
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert stored_templates.import_template(store, target)["status"] == "added"
    assert stored_templates.get_template(store, "gb18597-2023-storage")["version"] == "3.1"
    with pytest.raises(NotFoundError):
        stored_templates.export_template(store, "gb18597-2023-storage", tmp_path / "x.json", "9")
    assert not (tmp_path / "x.json").exists()


def test_cli_export_prints_or_writes(run, tmp_path):
    printed = run("templates", "export", "us-rcra-lqg-container-storage")
    assert printed.exit_code == 0
    assert json.loads(printed.stdout)["id"] == "us-rcra-lqg-container-storage"
    target = tmp_path / "us.json"
    written = run(
        "templates", "export", "us-rcra-lqg-container-storage", "--version", "1", "-o", str(target)
    )
    assert written.exit_code == 0 and written.stdout == ""
    assert "已导出模板" in written.stderr and str(target) in written.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(printed.stdout)
    assert run("templates", "export", "no-such-template").exit_code == 2
