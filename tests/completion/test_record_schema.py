"""record.schema.json (issue #21): the one description of the completion record, format version 1.

The schema is a valid JSON Schema 2020-12; its enums are vocab.py's keys (not a second list); every
valid fixture record passes it; every bad fixture the export rejects for its shape fails it; record.py
takes its fields and limits from it; every field has an English and a Chinese description."""
from __future__ import annotations

import copy
import json

import jsonschema
import pytest
from completion_helpers import BAD, MF, NOW, SITE, VALID, demo_key

from humiao import vocab
from humiao.completion import record, record_schema
from humiao.completion.record import Reject, load_catalog, verify

SCHEMA = json.loads(record_schema.PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
CAT = load_catalog(SITE, [demo_key()])
NOW_MS = int(NOW.timestamp() * 1000)


def errors(obj) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(obj)]


def load(path):
    return json.loads(path.read_text(encoding="utf-8-sig"))


def test_the_schema_is_a_valid_2020_12_schema():
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_enums_are_the_vocabulary():
    assert record_schema.resolve(record_schema.LEARNER["role"])["enum"] == list(vocab.ROLES)
    assert record_schema.resolve(record_schema.LEARNER["district"])["enum"] == list(vocab.DISTRICT_NAMES)
    assert record_schema.resolve(record_schema.ATTEMPT["mode"])["enum"] == list(vocab.QUIZ_MODES)


def test_every_field_has_an_english_and_a_chinese_description():
    fields = {**{k: v for k, v in record_schema.TOP.items()},
              **{f"learner.{k}": v for k, v in record_schema.LEARNER.items()},
              **{f"attempts[].{k}": v for k, v in record_schema.ATTEMPT.items()},
              **{f"claimed.{k}": v for k, v in record_schema.CLAIMED.items()}}
    for name, node in fields.items():
        assert node.get("description") and node.get("x-description-zh"), name


def test_record_py_takes_its_constants_from_the_schema():
    assert record.TOP_KEYS == ("format", "format_version", "site_version", "exported_at", "learner", "lessons", "attempts", "checksum")
    assert record.LEARNER_KEYS == ("id", "name", "role", "district", "organisation", "staff_id")
    assert record.ATTEMPT_KEYS == ("id", "bank", "bank_version", "mode", "started_at", "submitted_at", "asked", "answers", "claimed")
    assert record.CLAIMED_KEYS == ("correct", "total", "passed")
    assert record.MODES == vocab.QUIZ_MODES
    assert record.TEXT_LIMITS == {"name": (1, 100), "organisation": (1, 200), "staff_id": (0, 64)}
    assert (record.FORMAT, record.FORMAT_VERSION) == ("humiao-completion-record", 1)
    assert record.ID_RE.pattern == "[A-Za-z0-9][A-Za-z0-9_-]{7,63}"
    assert record.CHECKSUM_RE.pattern == "sha256:[0-9a-f]{64}"
    for obj, keys in ((SCHEMA, record.TOP_KEYS), (SCHEMA["properties"]["learner"], record.LEARNER_KEYS),
                      (SCHEMA["$defs"]["attempt"], record.ATTEMPT_KEYS), (SCHEMA["$defs"]["claimed"], record.CLAIMED_KEYS)):
        assert tuple(obj["required"]) == keys and obj["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted(VALID.glob("*.json")), ids=lambda p: p.stem)
def test_every_valid_fixture_record_passes_the_schema(path):
    assert errors(load(path)) == []


def _shape_rejects():
    """The bad fixtures that are JSON objects and that the export rejects as a whole for a field
    (not the checksum, not a date in the future): these break the format itself."""
    out = []
    for path in sorted(BAD.glob("*.json")):
        res = verify(path.read_bytes(), path.name, CAT, NOW_MS)
        if type(res) is Reject and res.field and res.field != "checksum" and "in the future" not in res.reason:
            out.append(path)
    return out


def test_the_bad_fixtures_include_shape_rejects():
    assert {p.stem for p in _shape_rejects()} >= {"missing-field", "wrong-format-version"}


@pytest.mark.parametrize("path", _shape_rejects(), ids=lambda p: p.stem)
def test_every_shape_reject_fails_the_schema(path):
    assert errors(load(path)), path.name


@pytest.mark.parametrize("field, value", [
    (("learner", "role"), "parent"),
    (("learner", "district"), "beijing"),
    (("learner", "id"), "short"),
    (("learner", "name"), ""),
    (("learner", "name"), "x" * 101),
    (("learner", "name"), "王\n芳"),
    (("learner", "staff_id"), "1" * 65),
    (("learner", "extra"), 1),
    (("exported_at",), "2025-11-20"),
    (("exported_at",), "2025-11-20T08:00:00"),
    (("checksum",), "sha256:ABC"),
    (("attempts", 0, "mode"), "exam"),
    (("attempts", 0, "bank_version"), 0),
    (("attempts", 0, "claimed"), {"correct": 1, "total": 2}),
])
def test_a_field_against_the_format_fails_both_the_schema_and_the_export(field, value):
    r = copy.deepcopy(MF.wang_fang())
    node = r
    for k in field[:-1]:
        node = node[k]
    node[field[-1]] = value
    assert errors(r), field
    res = verify(MF.compact(r if field == ("checksum",) else MF.seal(r)), "r.json", CAT, NOW_MS)
    assert type(res) is Reject, field


def test_an_assessment_attempt_claims_nothing():
    r = copy.deepcopy(MF.wang_fang())
    att = next(a for a in r["attempts"] if a["mode"] == "assessment")
    att["claimed"] = {"correct": 1, "total": 1, "passed": True}
    assert errors(r)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_docs_table_lists_every_field(lang):
    text = record_schema.table(lang)
    for name in record.TOP_KEYS:
        if name not in ("learner", "attempts"):
            assert f"| `{name}` |" in text
    for name in record.LEARNER_KEYS:
        assert f"| `learner.{name}` |" in text
    for name in record.ATTEMPT_KEYS:
        assert f"| `attempts[].{name}` |" in text
    for key in vocab.DISTRICT_NAMES:
        assert f"`{key}`" in text
