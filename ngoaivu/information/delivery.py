"""How new briefs reach the provinces: an in-app notification to the people of each province whose subscription
a newly published brief matches (after the commit of the publication), and a weekly e-mail digest — once per
person per ISO week, sent after the commit that records it, in the person's language."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ngoaivu.accounts.models import Organisation, User
from ngoaivu.accounts.notifications import notify, rendered_later
from ngoaivu.information.models import Brief, BriefDigest, BriefSubscription
from ngoaivu.information.querysets import addressed_q

logger = logging.getLogger(__name__)
DIGEST_DAYS = 7


def matches(sub: BriefSubscription, countries: set[int], fields: set[int], products: set[int]) -> bool:
    """Every list the subscription fills must meet the brief's (any one of it); an empty list asks nothing."""
    wanted = [
        ({c.pk for c in sub.countries.all()}, countries),
        ({f.pk for f in sub.fields.all()}, fields),
        ({p.pk for p in sub.products.all()}, products),
    ]
    if not any(w for w, _have in wanted):
        return False
    return all(not w or (w & have) for w, have in wanted)


def _subscriptions() -> list[BriefSubscription]:
    return list(
        BriefSubscription.objects.system(reason="brief delivery: every province's subscriptions")
        .filter(deleted_at__isnull=True, owner_org__is_active=True)
        .select_related("owner_org")
        .prefetch_related("countries", "fields", "products")
        .order_by("owner_org_id", "pk")
    )


def _addressed_ids(brief_ids: Iterable[int], province_code: str) -> set[int]:
    return set(
        Brief.objects.system(reason="brief delivery: briefs addressed to a province")
        .filter(pk__in=list(brief_ids), status=Brief.Status.PUBLISHED, deleted_at__isnull=True)
        .filter(addressed_q(province_code))
        .values_list("pk", flat=True)
    )


def _links(brief: Brief) -> tuple[set[int], set[int], set[int]]:
    return (
        set(brief.countries.values_list("pk", flat=True)),
        set(brief.fields.values_list("pk", flat=True)),
        set(brief.products.values_list("pk", flat=True)),
    )


def subscribers_of(brief: Brief) -> list[Organisation]:
    """The provinces whose subscription the brief matches and to whom it is addressed."""
    links = _links(brief)
    orgs: dict[int, Organisation] = {}
    for sub in _subscriptions():
        if sub.owner_org_id in orgs or not matches(sub, *links):
            continue
        if brief.pk in _addressed_ids([brief.pk], sub.owner_org.province_code):
            orgs[sub.owner_org_id] = sub.owner_org
    return list(orgs.values())


def notify_subscribers(brief_id: int) -> int:
    """In-app notification of a newly published brief to the people of the subscribing provinces (once each:
    the dedupe key)."""
    brief = (
        Brief.objects.system(reason="brief delivery: the brief just published")
        .filter(pk=brief_id, status=Brief.Status.PUBLISHED, deleted_at__isnull=True)
        .select_related("owner_org")
        .first()
    )
    if brief is None:
        return 0
    orgs = subscribers_of(brief)
    if not orgs:
        return 0
    users = User.objects.filter(organisation__in=orgs, is_active=True)
    return notify(
        users=users,
        kind="brief_published",
        title=rendered_later(
            gettext_noop("Bản tin mới của %(org)s: %(title)s"), org=brief.owner_org.name_vi, title=brief.title
        ),
        url=brief.get_absolute_url(),
        body=brief.summary[:1000],
        dedupe_key=f"brief:{brief.pk}:published",
    )


def _digest_text(user: User, briefs: list[Brief], year: int, week: int) -> tuple[str, str]:
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        subject = _("[ngoaivu] Bản tin trong tuần %(w)d/%(y)d") % {"w": week, "y": year}
        body = render_to_string(
            "information/digest_email.txt",
            {"user": user, "briefs": briefs, "base": settings.NGOAIVU_BASE_URL, "week": week, "year": year},
        )
    return subject, body


def _send(digest_id: int, subject: str, body: str, email: str) -> None:
    try:
        send_mail(subject, body, None, [email])
    except Exception:  # a mail server down: the row stays unsent, logged
        logger.exception("weekly brief digest %s not sent", digest_id)
        return
    BriefDigest.objects.filter(pk=digest_id).update(sent_at=timezone.now())


def send_weekly_digest(now: dt.datetime | None = None) -> int:
    """For each person of a subscribing province: the briefs of the last seven days that match one of the
    province's subscriptions and are addressed to it. One e-mail per person per ISO week (a row per week is the
    dedupe); the e-mail leaves after the commit that records it. Returns how many were recorded."""
    now = now or timezone.now()
    year, week, _day = timezone.localtime(now).isocalendar()
    since = now - dt.timedelta(days=DIGEST_DAYS)
    recent = list(
        Brief.objects.system(reason="weekly brief digest")
        .filter(
            status=Brief.Status.PUBLISHED,
            deleted_at__isnull=True,
            published_at__gt=since,
            published_at__lte=now,
        )
        .select_related("owner_org", "kind")
        .prefetch_related("countries", "fields", "products")
        .order_by("-published_at", "pk")
    )
    if not recent:
        return 0
    links = {
        b.pk: (
            {c.pk for c in b.countries.all()},
            {f.pk for f in b.fields.all()},
            {p.pk for p in b.products.all()},
        )
        for b in recent
    }
    per_org: dict[int, set[int]] = {}
    orgs: dict[int, Organisation] = {}
    for sub in _subscriptions():
        found = {b.pk for b in recent if matches(sub, *links[b.pk])}
        if found:
            per_org.setdefault(sub.owner_org_id, set()).update(found)
            orgs[sub.owner_org_id] = sub.owner_org
    recorded = 0
    for org_id, ids in per_org.items():
        ids &= _addressed_ids(ids, orgs[org_id].province_code)
        if not ids:
            continue
        briefs = [b for b in recent if b.pk in ids]
        for user in (
            User.objects.filter(organisation_id=org_id, is_active=True).exclude(email="").order_by("pk")
        ):
            try:
                with transaction.atomic():
                    digest = BriefDigest.objects.create(
                        user=user, iso_year=year, iso_week=week, briefs=len(briefs)
                    )
                    subject, body = _digest_text(user, briefs, year, week)
                    transaction.on_commit(functools.partial(_send, digest.pk, subject, body, user.email))
            except IntegrityError:  # already sent this week
                continue
            recorded += 1
    return recorded
