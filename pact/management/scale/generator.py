"""The generator of the synthetic data set: the steps in order, in one transaction of the
caller's, then the derived columns (coordinator, member count, search vectors)."""

from __future__ import annotations

from django.db import connection

from members.common import refresh_search_vectors
from pact.management.scale.bulk import chunks
from pact.management.scale.commitments import CommitmentsStep
from pact.management.scale.organisations import OrganisationsStep
from pact.management.scale.partnerships import PartnershipsStep
from pact.management.scale.reporting import ReportingStep
from partnerships.common import refresh_search_vector


class Generator(OrganisationsStep, PartnershipsStep, CommitmentsStep, ReportingStep):
    def run(self) -> None:
        connection.ensure_connection()
        raw = connection.connection
        assert raw is not None
        with raw.cursor() as cursor:
            self.cursor = cursor
            self.load_reference()
            self.make_users()
            self.make_organisations()
            self.make_partnerships()
            self.make_memberships()
            self.make_declarations()
            self.make_commitments()
            self.make_cycles()
            self.make_reports()
            self.finalise_declarations()
            self.fill_denormalised()

    # --- derived columns -------------------------------------------------------------------------

    def fill_denormalised(self) -> None:
        """Coordinator and member count, then the search vectors, each in one UPDATE per table.

        The search vectors come from the apps' own functions (the same SQL their services run when
        one row changes), given every synthetic row at once.
        """
        self.cursor.execute(
            """
            UPDATE partnerships_partnership p
               SET coordinator_id = m.coordinator_id, member_count = m.n
              FROM (SELECT partnership_id,
                           MAX(organisation_id) FILTER (WHERE role = 'coordinator') AS coordinator_id,
                           COUNT(*) AS n
                      FROM partnerships_partnershipmembership GROUP BY partnership_id) m
             WHERE m.partnership_id = p.id AND p.id = ANY(%s)
            """,
            [self.ps_ids],
        )
        # Big one-statement UPDATEs with per-row subqueries: PostgreSQL's JIT compiler makes them
        # ten times slower (measured: 165 s instead of 13 s for 10,000 partnerships).
        self.cursor.execute("SET LOCAL jit = off")
        for ids in chunks(self.org_ids, 20_000):
            refresh_search_vectors(ids)
        for ids in chunks(self.ps_ids, 2_000):
            refresh_search_vector(ids)
        self.timer.step("coordinators, member counts, search vectors")
