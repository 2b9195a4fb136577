"""The rules files: every slug exists, patterns compile, and curators can extend them."""

import json

from ingest.services import extract, rules
from ingest.services.rules import phrase_pattern

from .test_extract import report


def test_built_in_rules_have_no_problems():
    assert rules.check_rules() == []


def test_phrase_syntax():
    import re

    pattern = re.compile(phrase_pattern("ill-treat*"), re.I)
    assert pattern.search("he was ill‑treated") or pattern.search("he was ill treated")
    assert pattern.search("She was ill-treated in custody")
    assert not pattern.search("pillow-treatment")
    assert re.compile(phrase_pattern("women's rights defender*"), re.I).search("a women’s rights defender")


def test_a_curator_can_add_a_mandate_name_in_a_rules_folder(tmp_path, settings):
    (tmp_path / "mechanisms.json").write_text(
        json.dumps(
            {"mechanisms": {"sr-environment": {"names": ["Special Rapporteur on toxics and human rights"]}}}
        )
    )
    text = "Ms. Ana Lopez met the Special Rapporteur on toxics and human rights and was arrested in 2023."
    before = extract.extract_candidates(report(("annex_1", "EG", text)))[0]
    assert "sp-other" in before.mechanisms
    settings.INGEST_RULES_DIR = str(tmp_path)
    try:
        rules.reload_rules()
        after = extract.extract_candidates(report(("annex_1", "EG", text)))[0]
        assert "sr-environment" in after.mechanisms and "sp-other" not in after.mechanisms
        assert rules.check_rules(str(tmp_path)) == []
    finally:
        settings.INGEST_RULES_DIR = ""
        rules.reload_rules()


def test_an_unknown_slug_is_reported(tmp_path):
    (tmp_path / "reprisal_types.json").write_text(
        json.dumps({"reprisal_types": {"no-such-type": {"phrases": ["x"]}}})
    )
    assert rules.check_rules(str(tmp_path)) == ["reprisal_types.json: unknown slug 'no-such-type'"]
