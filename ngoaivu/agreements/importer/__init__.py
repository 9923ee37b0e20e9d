"""Excel import of agreements (`ngoaivu import agreements`, and the upload page).

The whole file is read and checked first; any bad row stops the import and every problem is listed with its
Excel row number (`dòng 2` is the first data row) and column. Then everything is written in one transaction,
so a killed import leaves nothing behind. One `ImportBatch` and one audit event per created row (with the batch
as parent) make the import reviewable as one change set.

`reading` reads and parses the workbook (and writes the template), `validation` checks the rows and plans what
to write, `batches` previews, confirms and writes a batch. Callers import from `ngoaivu.agreements.importer`."""

from ngoaivu.agreements.importer.batches import confirm_batch, preview_batch, run_import
from ngoaivu.agreements.importer.reading import (
    BY_FOLDED_HEADER,
    COLUMNS,
    DATE_RE,
    MAX_BYTES,
    MAX_ROWS,
    MULTILINE_COLUMNS,
    Column,
    Problem,
    parse_amount,
    parse_date,
    read_rows,
    write_template,
)
from ngoaivu.agreements.importer.validation import (
    DUPLICATE_SIMILARITY,
    ImportResult,
    Lookups,
    PlannedRow,
    plan,
)
from ngoaivu.audit import services as audit  # tests replace audit.record through the importer

__all__ = [
    "BY_FOLDED_HEADER",
    "COLUMNS",
    "DATE_RE",
    "DUPLICATE_SIMILARITY",
    "MAX_BYTES",
    "MAX_ROWS",
    "MULTILINE_COLUMNS",
    "Column",
    "ImportResult",
    "Lookups",
    "PlannedRow",
    "Problem",
    "audit",
    "confirm_batch",
    "parse_amount",
    "parse_date",
    "plan",
    "preview_batch",
    "read_rows",
    "run_import",
    "write_template",
]
