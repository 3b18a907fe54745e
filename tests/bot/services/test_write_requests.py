"""Reading who and which role a write request names: titles and stage words are never read as a name."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.write_requests import read_write_request


def test_the_role_and_the_person_come_out_of_one_message(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        request = read_write_request(session, "move Ana Silva to onsite for Data Engineer", [], [], ["onsite"], {})
        assert request.person.candidate.id == ids["ana"] and request.role.role.title == "Data Engineer"
        by_entity = read_write_request(session, "shortlist Cy for it", ["Cy Ray"], ["Data Scientist"], [], {})
        assert by_entity.person.candidate.id == ids["cy"] and by_entity.role.role.title == "Data Scientist"


def test_a_pronoun_reads_the_person_slot_and_nobody_is_said(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        her = read_write_request(session, "reject her", [], [], ["reject"], {"person_id": str(ids["ana"])})
        assert her.person.candidate.id == ids["ana"] and her.person.source == "pronoun" and not her.role.query
        nobody = read_write_request(session, "move to offer", [], [], [], {})
        assert nobody.person.candidate is None and nobody.person.source == "none"
