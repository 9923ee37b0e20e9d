"""Personal data at rest (review of issue 21, T1 and T3): a trainee's identity key becomes a keyed hash (it held
the e-mail in clear), and the previewed rows of a nomination upload are kept encrypted (the old clear rows are
dropped: a preview is confirmed again from the file)."""

from django.db import migrations

import ngoaivu.core.crypto


def rekey(apps, schema_editor):
    from ngoaivu.training.identity import rekey_all

    Trainee = apps.get_model("training", "Trainee")
    rekey_all(Trainee.objects.all())


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [
        migrations.RunPython(rekey, migrations.RunPython.noop),
        migrations.RemoveField(model_name="nominationupload", name="rows"),
        migrations.AddField(
            model_name="nominationupload",
            name="rows",
            field=ngoaivu.core.crypto.EncryptedTextField(blank=True, default=""),
        ),
    ]
