"""Excel import of indicator values (long and GSO-wide shapes) and of the exchange-rate table
(`ngoaivu import indicators`, and the upload page `/indicators/import/`).

As the agreements import: the whole file is read and checked first, any bad row stops the import and every
problem is listed with its Excel row and column ("dòng 7, cột 2024: “abc” không phải số"); then everything is
written in one transaction, with one `IndicatorImport` kept with the file and one audit event per created row.
The same file (SHA-256) is refused a second time.

`cells` parses numbers, units and year headers; `reading` reads workbooks; `templates` writes the documented
templates; `validation` checks value rows and plans what to write, `rates` the same for exchange rates;
`batches` previews, confirms and writes. Callers import from `ngoaivu.indicators.importer`."""

from ngoaivu.indicators.importer.batches import (
    confirm_batch,
    import_batch_get,
    import_batch_list,
    import_batch_values_filter,
    preview_batch,
    run_import,
)
from ngoaivu.indicators.importer.cells import parse_number, parse_unit
from ngoaivu.indicators.importer.rates import plan_rates
from ngoaivu.indicators.importer.reading import (
    LONG_COLUMNS,
    MAX_BYTES,
    RATE_COLUMNS,
    SHAPES,
    Column,
    Problem,
    read_long,
    read_rates,
    read_wide,
)
from ngoaivu.indicators.importer.templates import write_template
from ngoaivu.indicators.importer.validation import (
    ImportResult,
    may_import,
    may_import_rates,
    may_import_values,
    plan_values,
)

__all__ = [
    "LONG_COLUMNS",
    "MAX_BYTES",
    "RATE_COLUMNS",
    "SHAPES",
    "Column",
    "ImportResult",
    "Problem",
    "confirm_batch",
    "import_batch_get",
    "import_batch_list",
    "import_batch_values_filter",
    "may_import",
    "may_import_rates",
    "may_import_values",
    "parse_number",
    "parse_unit",
    "plan_rates",
    "plan_values",
    "preview_batch",
    "read_long",
    "read_rates",
    "read_wide",
    "run_import",
    "write_template",
]
