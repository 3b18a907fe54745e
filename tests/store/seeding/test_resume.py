"""Resume voices, read from data/catalog/resume_voices.yml: one per style, each able to name any skill."""

from __future__ import annotations

from store.seeding.resume import STYLES, VOICES


def test_every_style_has_a_voice_that_can_name_one_skill_or_paraphrase_it() -> None:
    assert set(VOICES) == set(STYLES)
    for style, voice in VOICES.items():
        assert any(n == 1 for n, _ in voice.sentences) and voice.clauses, style
        for n, template in voice.sentences:
            assert all("{" + slot + "}" in template for slot in "abc"[:n]), (style, template)
        assert all("{x}" in c or "{X}" in c for c in voice.clauses), style
