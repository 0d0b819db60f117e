"""The support services' library (``data/library.yaml``): the peer learning activity's report,
good practices and KPI examples from the seeds, and the LEP model's templates as ZIP files."""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile

from pact.management.demo.refs import SKILLS_STATEMENTS, Indicator, Partnership, Resource
from pact.management.demo.source import choice, pick, read, text

FILE = "library.yaml"


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _statements_csv() -> str:
    """The agreement survey's statements, one a line, with a column for the level."""
    lines = ["statement,level_1_to_5"]
    lines += ['"' + str(s.text).replace('"', '""') + '",' for s in SKILLS_STATEMENTS]
    return "\n".join(lines) + "\n"


def _file(spec: dict) -> tuple[str, bytes]:
    files = dict(spec.get("files", {}))
    if spec.get("statements"):
        files[spec["statements"]] = _statements_csv()
    return spec["name"], _zip(files)


def seed(users: dict, partnerships: dict) -> dict[str, Resource]:
    """Create the library's resources once; returns them by slug."""
    author = users.get("support@pact-portal.example")
    indicators = {i.code: i for i in Indicator.objects.all()}
    resources: dict[str, Resource] = {}
    for slug, row in read(FILE)["resources"].items():
        existing = Resource.objects.filter(slug=slug).first()
        if existing is not None:
            resources[slug] = existing
            continue
        where = f"{FILE} {slug}"
        resource = Resource(
            slug=slug,
            kind=choice(Resource, "kind", row["kind"], where),
            title=row["title"],
            summary=text(row["summary"]),
            body=text(row.get("body")),
            indicator=pick(indicators, row["indicator"], where) if row.get("indicator") else None,
            ecosystem=choice(Partnership, "ecosystem", row.get("ecosystem", ""), where),
            published_on=row["published_on"],
            partnership=pick(partnerships, row["partnership"], where)
            if row.get("partnership")
            else None,
            created_by=author,
            language="en",
        )
        if row.get("file"):
            name, content = _file(row["file"])
            resource.file.save(name, ContentFile(content), save=False)
        resource.save()
        resources[slug] = resource
    return resources
