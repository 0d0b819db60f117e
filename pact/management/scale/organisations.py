"""The synthetic people and organisations, and who works for which organisation."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.utils.text import slugify

from members.models import Organisation, OrganisationMembership
from pact.management.scale.base import GeneratorBase
from pact.management.scale.bulk import Copier, reserve_ids
from pact.management.scale.people import ensure_people
from pact.management.scale.words import FIRST_NAMES, ORG_TYPES, SECTOR_WORDS, SLUG_PREFIX, SURNAMES


class OrganisationsStep(GeneratorBase):
    # --- people ----------------------------------------------------------------------------------

    def make_users(self) -> None:
        n = self.sizes["users"]
        self.user_ids, created = ensure_people(self.cursor, n, self.rng)
        self.counts["users"] = n
        self.timer.step(f"people {n:,} ({created:,} new, with verified addresses)")

    # --- organisations ---------------------------------------------------------------------------

    def make_organisations(self) -> None:
        n = self.sizes["organisations"]
        rng = self.rng
        self.cursor.execute("SELECT lower(name), country FROM members_organisation")
        taken = {(name, country) for name, country in self.cursor.fetchall()}
        start = reserve_ids(self.cursor, Organisation._meta.db_table, n)
        type_names = [t for t, _, _ in ORG_TYPES]
        type_weights = [w for _, w, _ in ORG_TYPES]
        nouns = {t: words for t, _, words in ORG_TYPES}
        statuses = ["active"] * 90 + ["applied"] * 5 + ["suspended"] * 2 + ["withdrawn"] * 2
        statuses += ["rejected"]
        countries = self.pick_weighted(self.countries, self.country_weights, n)
        self.org_country: list[str] = countries
        self.org_status: list[str] = []
        self.org_name: list[str] = []
        rows = []
        for i in range(n):
            country = countries[i]
            kind = rng.choices(type_names, weights=type_weights)[0]
            region_code, place = self.place_name(country, level=rng.choice((2, 3)))
            noun = rng.choice(nouns[kind])
            if kind in ("sme", "large_company"):
                base = f"{rng.choice(SURNAMES)} {rng.choice(SECTOR_WORDS)} {noun}"
            elif kind in ("public_authority", "employment_service"):
                base = f"{noun} {place}"
            else:
                base = f"{place} {rng.choice(SECTOR_WORDS)} {noun}"
            name = base[:240]
            suffix = 2
            while (name.lower(), country) in taken:
                name = f"{base[:230]} {suffix}"
                suffix += 1
            taken.add((name.lower(), country))
            status = rng.choice(statuses)
            applied = self.when(date(2020, 11, 10), self.today - timedelta(days=3))
            decided = (
                applied + timedelta(days=rng.randrange(1, 40)) if status != "applied" else None
            )
            slug = f"{SLUG_PREFIX}{start + i}-{slugify(name)[:90]}"
            acronym = "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()[:8]
            self.org_status.append(status)
            self.org_name.append(name)
            rows.append(
                (
                    start + i,
                    name,
                    slug,
                    acronym,
                    kind,
                    country,
                    region_code if rng.random() < 0.7 else None,
                    f"https://{slug[len(SLUG_PREFIX) :][:50]}.example",
                    f"{name} works on {rng.choice(SECTOR_WORDS).lower()} skills in {place}.",
                    f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                    f"contact@{slug[len(SLUG_PREFIX) :][:50]}.example",
                    status,
                    decided,
                    applied,
                    settings.CHARTER_VERSION,
                    applied,
                )
            )
        copier = Copier(
            Organisation,
            [
                "id",
                "name",
                "slug",
                "acronym",
                "type",
                "country",
                "nuts_region_id",
                "website",
                "description",
                "contact_name",
                "contact_email",
                "status",
                "decided_at",
                "applied_at",
                "charter_version",
                "charter_accepted_at",
            ],
        )
        self.counts["organisations"] = copier.copy(self.cursor, rows)
        self.org_ids = list(range(start, start + n))
        self.active_orgs = [start + i for i in range(n) if self.org_status[i] == "active"]
        self.org_start = start
        # People: each organisation gets one admin first, then contributors round-robin.
        self.org_people = {}
        people = []
        for j, user_id in enumerate(self.user_ids):
            org = self.org_ids[j % n]
            role = "admin" if j < n else "contributor"
            self.org_people.setdefault(org, []).append(user_id)
            people.append((org, user_id, role))
        mstart = reserve_ids(self.cursor, OrganisationMembership._meta.db_table, len(people))
        Copier(OrganisationMembership, ["id", "organisation_id", "user_id", "role"]).copy(
            self.cursor, ((mstart + k, *row) for k, row in enumerate(people))
        )
        self.timer.step(f"organisations {n:,} (+ {len(people):,} people links)")
