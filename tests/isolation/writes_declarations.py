"""Write requests of the matrix, part four: declarations through the API, with each persona's
token. The coordinator writes the private partnership's draft (complete and signed in the write
scene, with a second commitment and a third member organisation), the member organisation's
administrator answers its signature request, staff review the public partnership's amendment."""

from __future__ import annotations

from tests.isolation.scene import Scene
from tests.isolation.write_request import Write, WriteFor


def _draft(s: Scene, **extra) -> dict:
    return {"slug": s.private.slug, "number": s.draft_declaration.number, **extra}


def _amendment(s: Scene) -> dict:
    return {"slug": s.public.slug, "number": s.submitted_amendment.number}


def _if_match(s: Scene) -> dict[str, str]:
    draft = s.draft_declaration
    return {"If-Match": f'"{draft.pk}-{draft.lock_version}"'}


WRITES_DECLARATIONS: dict[str, WriteFor] = {
    "api_declaration_section": lambda s, u: Write(
        {"challenges": "Sharper challenges."},
        method="PATCH",
        kwargs=_draft(s, section="challenges"),
        api=True,
        headers=_if_match(s),
    ),
    "api_declaration_commitments": lambda s, u: Write(
        {
            "title": "A new commitment",
            "targets": [
                {"indicator": s.indicator.code, "target_value": "40", "target_date": "2030-12-31"}
            ],
        },
        kwargs=_draft(s),
        api=True,
        headers=_if_match(s),
    ),
    "api_declaration_commitment": lambda s, u: Write(
        method="DELETE",
        kwargs=_draft(s, uid=s.second_commitment.uid),
        api=True,
        headers=_if_match(s),
    ),
    "api_declaration_signatures": lambda s, u: Write(
        {"organisations": [s.third_org.slug]}, kwargs=_draft(s), api=True
    ),
    "api_declaration_sign": lambda s, u: Write(
        {"sign": True, "content_hash": s.draft_declaration.content_hash},
        kwargs=_draft(s, pk=s.signature.pk),
        api=True,
    ),
    "api_declaration_submit": lambda s, u: Write(kwargs=_draft(s), api=True, headers=_if_match(s)),
    "api_declaration_translations": lambda s, u: Write(
        {"language": "it"}, kwargs={"slug": s.public.slug, "number": 1}, api=True
    ),
    "api_declaration_comment": lambda s, u: Write(
        {"section": "challenges", "body": "Say more."}, kwargs=_amendment(s), api=True
    ),
    "api_declaration_request_changes": lambda s, u: Write(
        {"reason": "Give dates."}, kwargs=_amendment(s), api=True
    ),
    "api_declaration_approve": lambda s, u: Write(kwargs=_amendment(s), api=True),
    "api_declaration_reject": lambda s, u: Write(
        {"reason": "Out of scope."}, kwargs=_amendment(s), api=True
    ),
}
