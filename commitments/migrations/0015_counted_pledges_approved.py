# The totals count a pledge's reports only once staff approved the pledge: the summary triggers
# are installed again with that condition (and the commitment trigger following a pledge's review),
# and the tables refilled from the data, which takes the pending and rejected pledges' reports out.

from django.db import migrations

from commitments.summaries import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0014_public_counts_per_statement"),
    ]

    operations = [
        # Going back leaves these triggers in place: the code holds no other definition to put
        # back (0011 installs whatever triggers.py says).
        migrations.RunSQL(triggers.install_sql(), migrations.RunSQL.noop),
    ]
