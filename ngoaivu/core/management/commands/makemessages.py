"""Django's makemessages, also extracting `_lazy(...)`: views import `gettext_lazy as _lazy` beside
`gettext as _`, and xgettext knows only Django's own names, so those strings (column headings, filter choices,
form labels) never reached the catalogue and stayed Vietnamese in the English interface."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_lazy"]
