"""The agreements app's pages, one module per noun: agreements (list, registration form, detail, counts), the
legal steps (workflow buttons, paper opinions, the ministry's overview, deadline rules), the roadmap, files and
the Excel import."""

from ngoaivu.agreements.views.agreements import agreement_detail, agreement_form, agreement_list, counts
from ngoaivu.agreements.views.files import file_download, file_upload
from ngoaivu.agreements.views.imports import import_batch, import_template, import_upload
from ngoaivu.agreements.views.legal import agreement_action, legal_overview, paper_opinion, rules
from ngoaivu.agreements.views.roadmap import activity_add, milestone_save

__all__ = [
    "activity_add",
    "agreement_action",
    "agreement_detail",
    "agreement_form",
    "agreement_list",
    "counts",
    "file_download",
    "file_upload",
    "import_batch",
    "import_template",
    "import_upload",
    "legal_overview",
    "milestone_save",
    "paper_opinion",
    "rules",
]
