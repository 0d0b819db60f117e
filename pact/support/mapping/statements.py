"""The skills statements of the SACCORD agreement survey, each rated from 1 (strongly disagree) to 5.

They are fixed texts of the LEP model, so they live in code (and in the translation catalogues);
a survey stores its answers by statement code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class Statement:
    code: str
    text: _StrPromise


SKILLS_STATEMENTS: tuple[Statement, ...] = (
    Statement(
        "he_courses",
        _(
            "My organisation/sector is already well-served by the Higher Education courses that "
            "are currently available."
        ),
    ),
    Statement(
        "vet_courses",
        _(
            "My organisation/sector is already well-served by the Vocational Education & Training "
            "courses that are currently available."
        ),
    ),
    Statement(
        "not_a_priority",
        _("In my organisation/sector the development of skills is not a priority."),
    ),
    Statement(
        "soft_skills",
        _(
            "There is a growing recognition of so-called ‘soft skills’ that are often missing from "
            "learning and training programmes but are crucial to support people to perform in "
            "shifting environments and contexts and are often a key aspect for career development "
            "and reskilling."
        ),
    ),
    Statement(
        "critical_thinking",
        _(
            "Many skills around critical thinking, systems thinking, problem solving and "
            "question-framing are ever-more in demand but are not always the focus of learning "
            "initiatives."
        ),
    ),
    Statement(
        "meta_cognitive",
        _(
            "A renewed focus on meta-cognitive skills (such as reflecting on learning) and "
            "transformative skills (such as systems thinking) may be needed to support the "
            "development of the CCI sector."
        ),
    ),
    Statement(
        "educational_levels",
        _(
            "Skills should be available at different educational levels and as part of lifelong "
            "learning trajectories that are provided in a wide variety of different settings."
        ),
    ),
    Statement(
        "personalised_pathways",
        _("More focus is needed for creating personalised skills development pathways."),
    ),
    Statement(
        "broad_range",
        _(
            "In order to support the CCI sector in adapting to constantly changing living and "
            "working environments, a broad range of skills and competences need to be updated and "
            "further developed."
        ),
    ),
    Statement(
        "occupational_profiles",
        _(
            "There is a need for new Occupational Profiles for the CCI that are not currently "
            "described in existing initiatives."
        ),
    ),
    Statement(
        "socio_technical",
        _(
            "While skills for making use of new technologies in terms of products or services are "
            "essential, we also need skills in terms of understanding the social-technical contexts "
            "within which we must operate."
        ),
    ),
    Statement(
        "green_transition",
        _(
            "The challenges around sustainability and the green transition present new "
            "opportunities to foreground the work of the CCI sector and help to create new markets."
        ),
    ),
    Statement(
        "entrepreneurial",
        _("Entrepreneurial and communication skills remain critically important."),
    ),
)

STATEMENT_CODES = frozenset(s.code for s in SKILLS_STATEMENTS)

AGREEMENT_LEVELS: tuple[tuple[int, _StrPromise], ...] = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
)
