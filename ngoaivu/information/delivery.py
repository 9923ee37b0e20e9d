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
DIGEST_DAYS = 7  # the first digest of a person
DIGEST_MAX_DAYS = 35  # a digest never reaches further back (a person whose last digest is old)


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


def _send(digest_id: int, attempt: int, subject: str, body: str, email: str) -> None:
    """After the commit: send unless the row has left already or a later run took it over (its attempt)."""
    if not BriefDigest.objects.filter(pk=digest_id, sent_at__isnull=True, attempts=attempt).exists():
        return
    try:
        send_mail(subject, body, None, [email])
    except Exception:  # a mail server down: the row stays unsent, logged; the next run sends it again
        logger.exception("weekly brief digest %s not sent (attempt %s)", digest_id, attempt)
        return
    BriefDigest.objects.filter(pk=digest_id).update(sent_at=timezone.now())


def _last_covered(user_ids: list[int]) -> dict[int, dt.datetime]:
    """Up to when each person's digests that left covered the briefs (older rows: when they left)."""
    last: dict[int, dt.datetime] = {}
    for user_id, covered, sent in BriefDigest.objects.filter(
        user_id__in=user_ids, sent_at__isnull=False
    ).values_list("user_id", "covered_until", "sent_at"):
        mark = covered or sent
        if mark is not None and (user_id not in last or mark > last[user_id]):
            last[user_id] = mark
    return last


def send_weekly_digest(now: dt.datetime | None = None) -> int:
    """For each person of a subscribing province, the briefs that match one of the province's subscriptions,
    are addressed to it, are still published (not withdrawn) and were published since the person's last digest
    that left (a first digest: the last seven days; at most the last DIGEST_MAX_DAYS). So a brief is mailed to a
    person once, whatever the job's frequency (it runs daily). At most one digest leaves per person per ISO week:
    a week's row that has left stops the others; a row whose sending failed is rebuilt and sent again by the
    next run. The e-mail leaves after the commit that records it. Returns how many digests were recorded."""
    now = now or timezone.now()
    year, week, _day = timezone.localtime(now).isocalendar()
    per_org: dict[int, list[int]] = {}
    orgs: dict[int, Organisation] = {}
    for sub in _subscriptions():
        per_org.setdefault(sub.owner_org_id, [])
        orgs[sub.owner_org_id] = sub.owner_org
    if not orgs:
        return 0
    users = list(
        User.objects.filter(organisation_id__in=list(orgs), is_active=True).exclude(email="").order_by("pk")
    )
    done_this_week = set(
        BriefDigest.objects.filter(
            user__in=users, iso_year=year, iso_week=week, sent_at__isnull=False
        ).values_list("user_id", flat=True)
    )
    users = [u for u in users if u.pk not in done_this_week]
    if not users:
        return 0
    last = _last_covered([u.pk for u in users])
    floor = now - dt.timedelta(days=DIGEST_MAX_DAYS)
    since_of = {u.pk: max(last.get(u.pk) or now - dt.timedelta(days=DIGEST_DAYS), floor) for u in users}
    recent = list(
        Brief.objects.system(reason="weekly brief digest")
        .filter(
            status=Brief.Status.PUBLISHED,
            deleted_at__isnull=True,
            published_at__gt=min(since_of.values()),
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
    found: dict[int, set[int]] = {}
    for sub in _subscriptions():
        ids = {b.pk for b in recent if matches(sub, *links[b.pk])}
        if ids:
            found.setdefault(sub.owner_org_id, set()).update(ids)
    for org_id, ids in found.items():
        found[org_id] = ids & _addressed_ids(ids, orgs[org_id].province_code)
    recorded = 0
    for user in users:
        ids = found.get(user.organisation_id or 0, set())
        briefs = [b for b in recent if b.pk in ids and b.published_at and b.published_at > since_of[user.pk]]
        if not briefs:
            continue
        try:
            with transaction.atomic():
                digest = (
                    BriefDigest.objects.select_for_update()
                    .filter(user=user, iso_year=year, iso_week=week)
                    .first()
                )
                if digest is None:
                    digest = BriefDigest.objects.create(
                        user=user,
                        iso_year=year,
                        iso_week=week,
                        briefs=len(briefs),
                        covered_until=now,
                        attempts=1,
                    )
                elif digest.sent_at is not None:  # another run sent it meanwhile
                    continue
                else:  # the week's digest failed to leave: rebuilt and sent again
                    digest.briefs = len(briefs)
                    digest.covered_until = now
                    digest.attempts += 1
                    digest.save(update_fields=["briefs", "covered_until", "attempts"])
                subject, body = _digest_text(user, briefs, year, week)
                transaction.on_commit(
                    functools.partial(_send, digest.pk, digest.attempts, subject, body, user.email)
                )
        except IntegrityError:  # a concurrent run recorded this week's row first
            continue
        recorded += 1
    return recorded
