"""PostgreSQL: text-search configurations that ignore accents (Cortés = Cortes), one per
supported language, named endreprisals_<language>. SQLite's FTS5 tokenizer already removes
diacritics (migration 0002)."""

from django.db import migrations

LANGUAGES = ["english", "french", "spanish", "russian", "simple"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for language in LANGUAGES:
        name = f"endreprisals_{language}"
        dictionary = "simple" if language == "simple" else f"{language}_stem"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS endreprisals_{language}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_search_indexes")]
    operations = [migrations.RunPython(forward, backward)]
