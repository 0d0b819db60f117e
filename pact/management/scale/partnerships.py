"""The synthetic partnerships, their members, and their declarations with signatures, walked
along the review workflow the database triggers allow."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

from django.utils.text import slugify

from pact.management.scale.base import GeneratorBase
from pact.management.scale.bulk import Copier, reserve_ids, spread
from pact.management.scale.words import CHALLENGES, OBJECTIVES, SLUG_PREFIX
from partnerships.models import (
    DeclarationVersion,
    Ecosystem,
    Partnership,
    PartnershipMembership,
    Signature,
)


class PartnershipsStep(GeneratorBase):
    # --- partnerships ----------------------------------------------------------------------------

    def make_partnerships(self) -> None:
        n = self.sizes["partnerships"]
        rng = self.rng
        self.cursor.execute("SELECT lower(name) FROM partnerships_partnership")
        taken = {row[0] for row in self.cursor.fetchall()}
        start = reserve_ids(self.cursor, Partnership._meta.db_table, n)
        ecosystems = [(e.value, str(e.label)) for e in Ecosystem]
        n_lsp = max(1, n // 50)
        n_lep = (n - n_lsp) * 28 // 98
        kinds = ["lsp"] * n_lsp + ["lep"] * n_lep + ["rsp"] * (n - n_lsp - n_lep)
        statuses = ["active"] * 85 + ["closed"] * 5 + ["under_review"] * 4 + ["draft"] * 6
        shapes = ["single_region"] * 5 + ["macro_region"] * 2 + ["network"] * 1 + ["local_area"] * 2
        self.ps_kind = kinds
        self.ps_status = []
        self.ps_eco = []
        self.ps_place = []
        region_rows = []
        rows = []
        for i, kind in enumerate(kinds):
            eco, eco_label = (
                ecosystems[i % len(ecosystems)] if kind == "lsp" else rng.choice(ecosystems)
            )
            status = "active" if kind == "lsp" else rng.choice(statuses)
            country = self.pick_weighted(self.countries, self.country_weights, 1)[0]
            parent = None
            shape = ""
            if kind == "lsp":
                countries = sorted(
                    set(self.pick_weighted(self.countries, self.country_weights, 12))
                )
                place = "Europe"
                base = f"Large-Scale Skills Partnership for {eco_label}"
            elif kind == "lep":
                countries = [country]
                code, place = self.place_name(country, level=3)
                parent = start + rng.randrange(n_lsp)
                base = f"{place} {eco_label} Local Ecosystem Partnership"
                if code:
                    region_rows.append((start + i, code))
            else:
                shape = rng.choice(shapes)
                if shape in ("macro_region", "network"):
                    countries = sorted(
                        set(
                            self.pick_weighted(
                                self.countries, self.country_weights, rng.randrange(2, 6)
                            )
                        )
                    )
                    codes = [self.place_name(c, level=2) for c in countries]
                    place = " – ".join(name for _, name in codes[:2])
                    region_rows.extend((start + i, code) for code, _ in codes if code)
                    base = (
                        f"{place} {eco_label} Skills Network"
                        if shape == "network"
                        else (f"{place} Cross-border {eco_label} Skills Partnership")
                    )
                else:
                    countries = [country]
                    code, place = self.place_name(
                        country, level=2 if shape == "single_region" else 3
                    )
                    if code:
                        region_rows.append((start + i, code))
                    base = f"{place} Regional Skills Partnership for {eco_label}"
            name = base[:240]
            suffix = 2
            while name.lower() in taken:
                name = f"{base[:230]} {suffix}"
                suffix += 1
            taken.add(name.lower())
            self.ps_status.append(status)
            self.ps_eco.append(eco_label)
            self.ps_place.append(place)
            created = self.when(date(2021, 1, 1), self.today - timedelta(days=30))
            launched = (created + timedelta(days=rng.randrange(30, 200))).date()
            public = status in ("active", "closed")
            stage = (
                rng.choice(["delivery"] * 6 + ["set_up"] * 3 + ["design"]) if public else "design"
            )
            acronym = "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:10]
            slug = f"{SLUG_PREFIX}{start + i}-{slugify(name)[:90]}"
            rows.append(
                (
                    start + i,
                    name,
                    slug,
                    acronym,
                    kind,
                    eco,
                    shape,
                    countries,
                    f"{name} brings together companies, training providers and public authorities "
                    f"to close the skills gaps of {eco_label} in {place}.",
                    f"https://{slug[len(SLUG_PREFIX) :][:50]}.example",
                    status,
                    stage,
                    created,
                    launched if public and launched <= self.today else None,
                    public and rng.random() < 0.3,
                    "Training providers and companies of the ecosystem." if public else "",
                    created,
                    parent,
                )
            )
        copier = Copier(
            Partnership,
            [
                "id",
                "name",
                "slug",
                "acronym",
                "kind",
                "ecosystem",
                "shape",
                "countries",
                "summary",
                "website",
                "status",
                "stage",
                "stage_since",
                "launched_on",
                "looking_for_members",
                "looking_for",
                "created_at",
                "parent_id",
            ],
        )
        self.counts["partnerships"] = copier.copy(self.cursor, rows)
        self.ps_ids = list(range(start, start + n))
        through = Partnership.regions.through
        region_rows = list(dict.fromkeys(region_rows))
        rstart = reserve_ids(self.cursor, through._meta.db_table, len(region_rows))
        Copier(through, ["id", "partnership_id", "region_id"]).copy(
            self.cursor, ((rstart + k, p, r) for k, (p, r) in enumerate(region_rows))
        )
        self.timer.step(f"partnerships {n:,} (+ {len(region_rows):,} region links)")

    def make_memberships(self) -> None:
        total = self.sizes["memberships"]
        rng = self.rng
        n = len(self.ps_ids)
        pool = self.active_orgs or self.org_ids
        # Larger partnerships for LSPs: weight their share up.
        sizes = spread(total, n, rng, low=1, sigma=0.8)
        sizes = [min(s, len(pool)) for s in sizes]
        self.ps_members = []
        self.ps_coordinator: list[int] = []
        rows = []
        for i in range(n):
            orgs = rng.sample(pool, sizes[i])
            self.ps_coordinator.append(orgs[0])
            self.ps_members.append(orgs)
            joined = self.when(date(2021, 1, 1), self.today)
            rows.append((self.ps_ids[i], orgs[0], "coordinator", joined))
            rows.extend((self.ps_ids[i], org, "member", joined) for org in orgs[1:])
        start = reserve_ids(self.cursor, PartnershipMembership._meta.db_table, len(rows))
        self.counts["memberships"] = Copier(
            PartnershipMembership, ["id", "partnership_id", "organisation_id", "role", "joined_at"]
        ).copy(self.cursor, ((start + k, *row) for k, row in enumerate(rows)))
        self.timer.step(f"partnership memberships {len(rows):,}")

    def make_declarations(self) -> None:
        rng = self.rng
        n = len(self.ps_ids)
        start = reserve_ids(self.cursor, DeclarationVersion._meta.db_table, n)
        status_for = {
            "active": "approved",
            "closed": "approved",
            "under_review": "in_review",
            "draft": "draft",
        }
        self.decl_ids = list(range(start, start + n))
        self.decl_status = [status_for[s] for s in self.ps_status]
        rows = []
        hashes = []
        for i in range(n):
            eco, place = self.ps_eco[i].lower(), self.ps_place[i]
            challenges = " ".join(t.format(eco=eco, place=place) for t in rng.sample(CHALLENGES, 2))
            objectives = " ".join(t.format(eco=eco, place=place) for t in rng.sample(OBJECTIVES, 3))
            ambition = f"By 2030, make {place} a reference for {eco} skills in Europe."
            governance = (
                "A steering group of the members meets twice a year; the coordinator runs the "
                "secretariat.",
                "Decisions by consensus of the steering group; otherwise by simple majority.",
                "Members report yearly on their targets; the coordinator compiles the results.",
            )
            digest = hashlib.sha256(
                "\n".join([challenges, objectives, ambition, *governance]).encode()
            ).hexdigest()
            hashes.append(digest)
            status = self.decl_status[i]
            submitted = self.now - timedelta(days=rng.randrange(40, 1500))
            rows.append(
                (
                    start + i,
                    self.ps_ids[i],
                    1,
                    "draft",  # moved along the workflow once its commitments exist
                    "en",
                    challenges,
                    objectives,
                    ambition,
                    *governance,
                    digest if status != "draft" else "",
                    submitted if status != "draft" else None,
                    submitted + timedelta(days=rng.randrange(5, 40))
                    if status == "approved"
                    else None,
                    submitted - timedelta(days=10),
                    submitted,
                )
            )
        self.counts["declarations"] = Copier(
            DeclarationVersion,
            [
                "id",
                "partnership_id",
                "number",
                "status",
                "language",
                "challenges",
                "objectives",
                "ambition",
                "governance_coordination",
                "governance_decision_making",
                "governance_monitoring",
                "content_hash",
                "submitted_at",
                "decided_at",
                "created_at",
                "updated_at",
            ],
        ).copy(self.cursor, rows)
        signatures = [
            (self.decl_ids[i], org, hashes[i])
            for i in range(n)
            if self.decl_status[i] in ("approved", "in_review")
            for org in self.ps_members[i]
        ]
        sstart = reserve_ids(self.cursor, Signature._meta.db_table, len(signatures))
        answered = self.now - timedelta(days=60)
        Copier(
            Signature,
            [
                "id",
                "version_id",
                "organisation_id",
                "status",
                "signed_content_hash",
                "answered_at",
            ],
        ).copy(
            self.cursor,
            (
                (sstart + k, version, org, "signed", digest, answered)
                for k, (version, org, digest) in enumerate(signatures)
            ),
        )
        self.timer.step(f"declarations {n:,} (+ {len(signatures):,} signatures)")

    def finalise_declarations(self) -> None:
        """Walk the declarations along the review workflow the database triggers allow."""
        ids = {
            status: [self.decl_ids[i] for i, s in enumerate(self.decl_status) if s == status]
            for status in ("approved", "in_review")
        }
        later = ids["approved"] + ids["in_review"]
        steps = [("submitted", later), ("in_review", later), ("approved", ids["approved"])]
        for status, pks in steps:
            if pks:
                self.cursor.execute(
                    "UPDATE partnerships_declarationversion SET status = %s WHERE id = ANY(%s)",
                    [status, pks],
                )
        self.timer.step("declarations submitted, reviewed, approved")
