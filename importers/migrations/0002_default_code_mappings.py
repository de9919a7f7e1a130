from django.db import migrations


def seed(apps, schema_editor):
    from importers.vocabularies import DEFAULT_MAPPINGS

    CodeMapping = apps.get_model("importers", "CodeMapping")
    for vocabulary, local, national, note in DEFAULT_MAPPINGS:
        CodeMapping.objects.get_or_create(
            vocabulary=vocabulary, local_value=local, defaults={"national_value": national, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("importers", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
