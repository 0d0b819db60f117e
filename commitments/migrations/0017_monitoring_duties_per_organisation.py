"""Staff monitoring's triggers derive again only the duties of the organisations a change
concerns: the condition on them now sits inside each branch of the duties, where PostgreSQL looks
them up by index. Outside the union it derived every duty first: adding one target took about half
a second at full scale (a declaration of thirty commitments, many seconds)."""

from django.db import migrations

from commitments.summaries import status_triggers


class Migration(migrations.Migration):
    dependencies = [("commitments", "0016_monitoring_totals")]

    operations = [
        # Going back keeps these functions: the totals they keep are the same.
        migrations.RunSQL(status_triggers.install_sql(), migrations.RunSQL.noop),
    ]
