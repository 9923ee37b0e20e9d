"""Seeds the weights added to `partnering/data/suggestion_weights.csv` since 0003 (the region reason); rows
already there, perhaps edited, are kept."""

import importlib

from django.db import migrations

seed = importlib.import_module("ngoaivu.partnering.migrations.0003_suggestion_weights_seed").seed


class Migration(migrations.Migration):
    dependencies = [("partnering", "0003_suggestion_weights_seed")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
