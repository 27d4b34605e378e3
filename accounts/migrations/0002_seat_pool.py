from django.db import migrations


def create_pool(apps, schema_editor):
    apps.get_model("accounts", "SeatPool").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_pool, migrations.RunPython.noop)]
