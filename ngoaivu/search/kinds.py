"""Kinds the search app indexes itself, for records that are not scoped models of their own: a recipient's
answer to a request (seen with its request) and a partner's contact person (personal data: seen where the
contact's own `visible_to` allows it AND its partner is visible). Each hit links to the page showing the
record: the request at the answer's anchor, the partner at the contact's anchor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ngoaivu.core import search_spec as readers
from ngoaivu.core.actors import Actor
from ngoaivu.core.search_spec import IndexDoc, SearchKind
from ngoaivu.directory.models import Contact, Partner
from ngoaivu.requests.models import Answer, ServiceRequest
from ngoaivu.requests.search import request_readers


def answer_document(answer: Answer) -> IndexDoc:
    recipient = answer.recipient
    req = recipient.request
    org = recipient.organisation
    province = req.owner_org.province_code
    return IndexDoc(
        title=f"{req.title} — {org.name_vi}",
        body=" ".join(filter(None, [answer.text, answer.partner_contacts, answer.next_steps])),
        province_codes=[province] if province else [],
        countries=[c.iso2 for c in req.target_countries.all()],
        on=answer.created_at.date(),
        extra=" ".join(filter(None, [req.number or "", org.name_vi, org.name_en])),
    )


def answer_readers(answer: Answer) -> list[str]:
    """Whoever may read the request."""
    return request_readers(answer.recipient.request)


@dataclass(frozen=True)
class AnswerKind(SearchKind):
    """Answers are seen with their request: whoever may open the request reads every answer on it."""

    def index_queryset(self) -> models.QuerySet[Any]:
        return (
            Answer.objects.filter(recipient__request__deleted_at__isnull=True)
            .select_related(*self.select_related)
            .prefetch_related(*self.prefetch_related)
        )

    def visible(self, user: Actor) -> models.QuerySet[Any]:
        return Answer.objects.filter(
            recipient__request__in=ServiceRequest.objects.visible_to(user).values("pk")
        )

    def urls(self, pks: list[int]) -> dict[int, str]:
        requests = dict(Answer.objects.filter(pk__in=pks).values_list("pk", "recipient__request_id"))
        return {
            pk: reverse("requests:request_detail", args=[requests[pk]]) + f"#answer-{pk}"
            for pk in pks
            if pk in requests
        }


def contact_document(contact: Contact) -> IndexDoc:
    partner = contact.partner
    name = f"{contact.family_name} {contact.given_name}".strip()
    partner_name = partner.name_vi or partner.name
    return IndexDoc(
        title=f"{name} — {partner_name}",
        body=" ".join(filter(None, [contact.title, contact.email])),
        countries=[partner.country.iso2] if partner.country_id else [],
        extra=" ".join(filter(None, [partner.abbreviation, partner_name, partner.name])),
    )


def contact_readers(contact: Contact) -> list[str]:
    """The ministry; elsewhere the contact's own `visible_to` (its owner, or everyone when kept with consent on
    a shared partner) AND its partner's (the partner's owner, or everyone when shared)."""
    shared = contact.partner.visibility == Partner.Visibility.SHARED
    found = [readers.NATIONAL]
    if shared:
        found += readers.organisation(contact.owner_org_id)
        if contact.consent:
            found.append(readers.EVERYONE)
    elif contact.owner_org_id == contact.partner.owner_org_id:
        found += readers.organisation(contact.owner_org_id)
    return found


@dataclass(frozen=True)
class ContactKind(SearchKind):
    """A contact is found only where the contact itself may be read and its partner may be seen: a private
    partner of another organisation never shows through its people."""

    def index_queryset(self) -> models.QuerySet[Any]:
        return super().index_queryset().filter(partner__deleted_at__isnull=True)

    def visible(self, user: Actor) -> models.QuerySet[Any]:
        return Contact.objects.visible_to(user).filter(
            partner__in=Partner.objects.visible_to(user).values("pk")
        )

    def urls(self, pks: list[int]) -> dict[int, str]:
        partners = dict(
            Contact.objects.system(reason="search hit links")
            .filter(pk__in=pks)
            .values_list("pk", "partner_id")
        )
        return {
            pk: reverse("directory:partner_detail", args=[partners[pk]]) + f"#contact-{pk}"
            for pk in pks
            if pk in partners
        }


SEARCH_KINDS: list[SearchKind] = [
    AnswerKind(
        key="answer",
        label=_("Trả lời đặt hàng"),
        model=Answer,
        document=answer_document,
        url_name="requests:request_detail",
        select_related=("recipient__organisation", "recipient__request__owner_org"),
        prefetch_related=("recipient__request__target_countries", "recipient__request__recipients"),
        readers=answer_readers,
    ),
    ContactKind(
        key="contact",
        label=_("Người liên hệ của đối tác"),
        model=Contact,
        document=contact_document,
        url_name="directory:partner_detail",
        select_related=("partner", "partner__country"),
        readers=contact_readers,
    ),
]
