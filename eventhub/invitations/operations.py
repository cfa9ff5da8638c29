"""State changes of invitations: adding invitees, queueing, delivering, resending,
opening and declining links, and marking invitees registered.

Sending is idempotent by construction:
- ``queue_invitations`` moves invitees from not_sent/failed to queued with a conditional
  UPDATE, so two "send all" runs at once queue each invitee once;
- each send's job (one job per batch of sends for "send all": ``_write_batches``) is
  written to the job outbox in the transaction that creates the sends
  (``eventhub.jobs.outbox``): a web process that dies after the commit loses none;
- ``deliver_invitation`` (``delivery.py``, run by the job) claims its InvitationSend with a conditional
  UPDATE (queued -> sending) before talking to SMTP, so a job that runs twice sends once;
  the job's outbox claim lets a run that took over from a dead consumer resume its send;
- an invitee is marked sent only after the SMTP server accepted the message, and
  failed only once the job's retries are exhausted (or the server refused for good).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app

from eventhub.db_types import utcnow
from eventhub.extensions import db
from eventhub.i18n import LANGUAGES
from eventhub.security import hash_token

from . import tasks
from .delivery import BECOME_SENT, deliver_invitation, describe_failure, is_permanent_failure  # noqa: F401
from .models import InvitationSend, Invitee, InviteeStatus, SendKind, SendState
from .registered import _registration_of_invitee, sync_registered  # noqa: F401
from .tokens import new_token_pair

#: Statuses from which "send all" queues an invitation: never sent successfully.
SENDABLE = (InviteeStatus.NOT_SENT.value, InviteeStatus.FAILED.value)
PENDING_STATES = (SendState.QUEUED.value, SendState.SENDING.value)


class InvitationError(Exception):
    """An organiser action that cannot be done; ``code`` selects the message."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- invitees --------------------------------------------------------------------

@dataclass
class InviteeData:
    name: str
    email: str
    language: str
    parliament: str = ""
    country: str = ""
    timezone: str | None = None


def create_invitee(event, data: InviteeData) -> Invitee:
    """Manual add (already validated by the form). Raises InvitationError("already_invited")."""
    email = data.email.lower()
    if find_invitee_by_email(event, email) is not None:
        raise InvitationError("already_invited")
    nonce, token_hash = new_token_pair()
    invitee = Invitee(event_id=event.id, name=data.name, email=email, language=data.language,
                      parliament=data.parliament, country=data.country,
                      timezone=data.timezone or None, token_nonce=nonce, token_hash=token_hash,
                      status=InviteeStatus.NOT_SENT.value, send_count=0)
    db.session.add(invitee)
    db.session.commit()
    return invitee


def update_invitee(invitee: Invitee, data: InviteeData) -> Invitee:
    email = data.email.lower()
    other = find_invitee_by_email(invitee.event, email)
    if other is not None and other.id != invitee.id:
        raise InvitationError("already_invited")
    invitee.name, invitee.email, invitee.language = data.name, email, data.language
    invitee.parliament, invitee.country = data.parliament, data.country
    invitee.timezone = data.timezone or None
    db.session.commit()
    return invitee


def find_invitee_by_email(event, email: str) -> Invitee | None:
    return db.session.execute(
        sa.select(Invitee).where(Invitee.event_id == event.id,
                                 sa.func.lower(Invitee.email) == email.lower())
    ).scalar_one_or_none()


def find_invitee_by_token(token: str) -> Invitee | None:
    if not token or len(token) > 100:
        return None
    return db.session.execute(
        sa.select(Invitee).filter_by(token_hash=hash_token(token))
    ).scalar_one_or_none()


def _opted_out():
    from .optouts import opted_out_clause

    return opted_out_clause(Invitee.event_id, Invitee.email)


def sendable_count(event) -> int:
    """How many invitations "send all" would queue now (exact: what the confirmation
    states). Call ``sync_registered`` first."""
    return db.session.execute(
        sa.select(sa.func.count()).select_from(Invitee)
        .where(Invitee.event_id == event.id, Invitee.status.in_(SENDABLE), ~_opted_out())
    ).scalar()


def opted_out_invitee_ids(event, invitee_ids) -> set[int]:
    if not invitee_ids:
        return set()
    return set(db.session.execute(
        sa.select(Invitee.id).where(Invitee.event_id == event.id, Invitee.id.in_(list(invitee_ids)),
                                    _opted_out())
    ).scalars())


def status_counts(event) -> dict[str, int]:
    counts = {status.value: 0 for status in InviteeStatus}
    rows = db.session.execute(
        sa.select(Invitee.status, sa.func.count()).where(Invitee.event_id == event.id)
        .group_by(Invitee.status)
    )
    for status, count in rows:
        counts[status] = count
    counts["total"] = sum(counts.values())
    return counts


# --- queueing ----------------------------------------------------------------------

def send_interval() -> float:
    """Seconds between two invitation emails (INVITATIONS_PER_MINUTE; 0 = no limit)."""
    per_minute = float(current_app.config.get("INVITATIONS_PER_MINUTE") or 0)
    return 60.0 / per_minute if per_minute > 0 else 0.0


def next_send_slots(count: int) -> list[dt.datetime]:
    """Due times for ``count`` new messages, after every message already waiting, so
    the rate holds across batches and events (one SMTP account sends them all)."""
    interval = dt.timedelta(seconds=send_interval())
    now = utcnow()
    last = db.session.execute(
        sa.select(sa.func.max(InvitationSend.scheduled_for))
        .where(InvitationSend.state.in_(PENDING_STATES))
    ).scalar()
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=dt.timezone.utc)
    start = max(now, last + interval) if last is not None and interval else now
    return [start + interval * position for position in range(count)]


def _write_jobs(sends: list[tuple[int, dt.datetime]]) -> None:
    """Write each send's job to the job outbox in the current transaction (committed with
    the sends, queued after the commit by this process or, if it dies first, by the
    recovery pass; a send due later keeps its due time)."""
    from eventhub import jobs

    send_invitation_job = tasks.send_invitation_job
    now = utcnow()
    for send_id, due in sends:
        if due <= now:
            jobs.enqueue_with_transaction(send_invitation_job, send_id)
        else:
            jobs.enqueue_with_transaction(send_invitation_job, send_id, eta=due)


#: A batch job never spans more than this many seconds of send slots: at 60 a minute a
#: batch is one invitation (its job waits on the queue's schedule as before, holding no
#: worker); only a faster limit (or none) puts several in one job, which then spaces
#: them itself.
BATCH_SPAN_SECONDS = 1.0


def batch_size() -> int:
    """Invitations per delivery job: INVITATIONS_BATCH_SIZE, fewer when the per-minute
    limit would space them more than ``BATCH_SPAN_SECONDS`` apart in all."""
    most = max(1, int(current_app.config.get("INVITATIONS_BATCH_SIZE") or 1))
    interval = send_interval()
    if not interval:
        return most
    return max(1, min(most, int(BATCH_SPAN_SECONDS / interval + 1e-9)))


def _write_batches(sends: list[tuple[int, dt.datetime]]) -> None:
    """Write one delivery job per ``batch_size()`` consecutive sends (in slot order) to
    the job outbox, due at its first send's slot (as ``_write_jobs``)."""
    from eventhub import jobs

    job = tasks.send_invitation_batch_job
    size = batch_size()
    now = utcnow()
    for start in range(0, len(sends), size):
        chunk = sends[start:start + size]
        ids, due = [send_id for send_id, _ in chunk], chunk[0][1]
        if due <= now:
            jobs.enqueue_with_transaction(job, ids)
        else:
            jobs.enqueue_with_transaction(job, ids, eta=due)


def queue_invitations(event, actor: str, invitee_ids: list[int] | None = None,
                      batch_size: int = 500) -> int:
    """Queue the first invitation of every invitee not yet sent (or only ``invitee_ids``).
    Returns how many were queued; running it again queues nothing new. People who have
    registered (any letter case) and addresses that unsubscribed are skipped."""
    sync_registered(event)
    query = sa.select(Invitee.id).where(Invitee.event_id == event.id, Invitee.status.in_(SENDABLE),
                                        ~_opted_out()).order_by(Invitee.id)
    if invitee_ids is not None:
        query = query.where(Invitee.id.in_(invitee_ids))
    candidates = list(db.session.execute(query).scalars())
    queued = 0
    for start in range(0, len(candidates), batch_size):
        chunk = candidates[start:start + batch_size]
        # The conditional UPDATE is the claim: a concurrent run gets the other rows only.
        claimed = list(db.session.execute(
            sa.update(Invitee)
            .where(Invitee.id.in_(chunk), Invitee.status.in_(SENDABLE))
            .values(status=InviteeStatus.QUEUED.value, last_error=None, updated_at=utcnow())
            .returning(Invitee.id, Invitee.email, Invitee.language)
            .execution_options(synchronize_session=False)
        ))
        if not claimed:
            db.session.commit()
            continue
        slots = next_send_slots(len(claimed))
        now = utcnow()
        rows = [
            {"event_id": event.id, "invitee_id": invitee_id, "kind": SendKind.INITIAL.value,
             "actor": actor, "recipient": email, "language": language,
             "state": SendState.QUEUED.value, "scheduled_for": due, "attempts": 0,
             "created_at": now}
            for (invitee_id, email, language), due in zip(claimed, slots)
        ]
        send_ids = list(db.session.execute(
            sa.insert(InvitationSend).returning(InvitationSend.id, InvitationSend.scheduled_for,
                                                sort_by_parameter_order=True),
            rows,
        ))
        _write_batches([(send_id, _aware(due)) for send_id, due in send_ids])
        db.session.commit()
        queued += len(claimed)
    return queued


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


#: A queued send whose due time is this far past has lost its job (e.g. a queue flushed
#: by hand); retries end about half an hour after the due time.
LOST_QUEUED_AFTER = dt.timedelta(hours=2)
#: A send claimed this long ago whose job never finished: the worker died mid-send
#: (SMTP_TIMEOUT is far shorter), so whether it was delivered is unknown.
LOST_SENDING_AFTER = dt.timedelta(minutes=15)


def _lost_sends(invitee_id: int, now: dt.datetime):
    return sa.or_(
        sa.and_(InvitationSend.state == SendState.QUEUED.value,
                InvitationSend.scheduled_for < now - LOST_QUEUED_AFTER),
        sa.and_(InvitationSend.state == SendState.SENDING.value,
                InvitationSend.claimed_at < now - LOST_SENDING_AFTER),
    )


def resend_invitation(invitee: Invitee, actor: str) -> InvitationSend:
    """The explicit resend: recorded with time and actor. Refused while another
    message to this invitee is still waiting, so a double click sends once; a send
    whose job was lost (worker died, queue flushed) no longer blocks it and is marked
    failed with that reason."""
    now = utcnow()
    mine = sa.and_(InvitationSend.invitee_id == invitee.id, InvitationSend.state.in_(PENDING_STATES))
    db.session.execute(
        sa.update(InvitationSend).where(mine, _lost_sends(invitee.id, now))
        .values(state=SendState.FAILED.value,
                last_error="Interrupted: the sending job was lost; delivery unknown.")
        .execution_options(synchronize_session=False)
    )
    waiting = db.session.execute(
        sa.select(sa.func.count()).select_from(InvitationSend).where(mine)
    ).scalar()
    if waiting:
        db.session.rollback()
        raise InvitationError("already_queued")
    from .optouts import is_opted_out

    if is_opted_out(invitee.event_id, invitee.email):
        db.session.rollback()
        raise InvitationError("opted_out")
    kind = SendKind.RESEND if invitee.send_count or invitee.status != InviteeStatus.NOT_SENT.value \
        else SendKind.INITIAL
    (due,) = next_send_slots(1)
    send = InvitationSend(event_id=invitee.event_id, invitee_id=invitee.id, kind=kind.value,
                          actor=actor, recipient=invitee.email, language=invitee.language,
                          state=SendState.QUEUED.value, scheduled_for=due, attempts=0)
    db.session.add(send)
    if invitee.status in BECOME_SENT or invitee.status == InviteeStatus.SENT.value:
        invitee.status = InviteeStatus.QUEUED.value
        invitee.last_error = None
    db.session.flush()
    _write_jobs([(send.id, due)])
    db.session.commit()
    return send


def send_test(event, lang: str, recipient: str, actor: str) -> InvitationSend:
    """A sample invitation in ``lang`` to the organiser's own address."""
    if lang not in LANGUAGES:
        raise InvitationError("unknown_language")
    send = InvitationSend(event_id=event.id, invitee_id=None, kind=SendKind.TEST.value,
                          actor=actor, recipient=recipient, language=lang,
                          state=SendState.QUEUED.value, scheduled_for=utcnow(), attempts=0)
    db.session.add(send)
    db.session.flush()
    _write_jobs([(send.id, send.scheduled_for)])
    db.session.commit()
    return send


# --- the personal link ---------------------------------------------------------------

def record_opening(invitee: Invitee, lang: str) -> None:
    now = utcnow()
    invitee.first_opened_at = invitee.first_opened_at or now
    invitee.last_opened_at = now
    invitee.opened_language = lang
    db.session.commit()


#: Spellings of honorifics seen in parliaments' lists besides the form's own labels.
HONORIFIC_SPELLINGS = {
    "mrs": "ms", "miss": "ms", "mlle": "ms", "m": "mr", "sr": "mr", "sra": "ms", "srta": "ms",
    "dra": "dr", "the hon": "hon", "honourable": "hon", "honorable": "hon", "hon'ble": "hon",
    "sen": "senator", "senador": "senator", "senadora": "senator", "sénateur": "senator",
    "sénatrice": "senator", "excmo": "he", "excma": "he", "his excellency": "he",
    "her excellency": "he", "son excellence": "he",
}


def _honorific_key(text: str) -> str:
    return text.casefold().replace("’", "'").strip().rstrip(".").strip()


def honorific_prefixes() -> dict[str, str]:
    """Each honorific as the form shows it in every language ("Hon.", "L’hon.", "معالي"),
    and common spellings, mapped to the form's code."""
    # Kept per application (its catalogs are loaded once): a send of thousands of
    # invitations greets each person, and this walks every label in four languages.
    kept = current_app.extensions.get("eventhub_honorific_prefixes")
    if kept is None:
        kept = current_app.extensions["eventhub_honorific_prefixes"] = _honorific_prefixes()
    return kept


def _honorific_prefixes() -> dict[str, str]:
    from flask_babel import force_locale

    from eventhub.registration.validation import HONORIFICS

    prefixes = dict(HONORIFIC_SPELLINGS)
    for lang in LANGUAGES:
        with force_locale(lang):
            for code, label in HONORIFICS.items():
                for spelling in str(label).split("/") if code else ():
                    prefixes[_honorific_key(spelling)] = code
    return prefixes


def split_name(full_name: str) -> tuple[str, str, str]:
    """"Hon. Amina Haddad" -> ("hon", "Amina", "Haddad"): an honorific in front (in any of
    the four languages) goes to its own field instead of the given name; the rest splits
    at the last space (the form asks people to check; double surnames need their help)."""
    words = full_name.split()
    honorific = ""
    prefixes = honorific_prefixes()
    for length in (2, 1):  # "The Hon." before "Hon."
        if len(words) > length and _honorific_key(" ".join(words[:length])) in prefixes:
            honorific = prefixes[_honorific_key(" ".join(words[:length]))]
            words = words[length:]
            break
    if len(words) == 1:  # a single word: put it in the family name
        return honorific, "", words[0]
    return honorific, " ".join(words[:-1]), " ".join(words[-1:])


def invitee_salutation(typed_name: str | None, html: bool = False) -> str:
    """The greeting for a name typed with its honorific in front (« Hon. Amina Diallo »,
    « L’hon. Amina Diallo », « معالي أمينة حداد »): the honorific becomes the salutation's,
    never doubled (« Dear Hon. Hon. … », « حضرة معالي … »)."""
    from eventhub.greetings import salutation

    typed_name = (typed_name or "").strip()
    if not typed_name:
        return salutation("", "", html=html)
    honorific, given, family = split_name(typed_name)
    return salutation(honorific, " ".join(part for part in (given, family) if part), html=html)


def invitee_display_name(typed_name: str | None) -> str:
    """The name as the invitation page names its addressee: « Hon. Amina Diallo » ->
    « Amina Diallo » (the honorific belongs to the salutation)."""
    _, given, family = split_name((typed_name or "").strip()) if (typed_name or "").strip() else ("", "", "")
    return " ".join(part for part in (given, family) if part)


def registration_prefill(invitee: Invitee, lang: str) -> dict:
    """What the register form's GET shows (contract: keys honorific, given_name,
    family_name, email, parliament, country, language, timezone)."""
    honorific, given, family = split_name(invitee.name.strip())
    return {
        "honorific": honorific,
        "given_name": given,
        "family_name": family,
        "email": invitee.email,
        "parliament": invitee.parliament,
        "country": invitee.country,
        "language": lang,
        "timezone": invitee.timezone or "",
    }


def decline_invitation(invitee: Invitee) -> bool:
    """Returns False when the invitee has already registered (nothing changes then)."""
    if invitee.status == InviteeStatus.REGISTERED.value:
        return False
    if invitee.status != InviteeStatus.DECLINED.value:
        invitee.status = InviteeStatus.DECLINED.value
        invitee.declined_at = utcnow()
        db.session.commit()
    return True


def mark_registered(registration, invitation_id: int | None = None) -> int:
    """Mark the invitee of this registration registered: the one with the same email
    (invitee addresses are stored lower-cased: the unique (event, email) index finds it)
    and the one whose link was used (``invitation_id``, same event). Runs in the
    caller's transaction (the registration's: ``registration_creating``) and does not
    commit. Returns rows updated."""
    values = dict(status=InviteeStatus.REGISTERED.value, registration_id=registration.id, updated_at=utcnow())
    same_event = Invitee.event_id == registration.event_id
    # These UPDATEs read nothing the caller has pending (the registration is flushed: it
    # has its id), so they need not flush its places and history first: the commit does,
    # in one flush instead of two.
    with db.session.no_autoflush:
        updated = db.session.execute(
            sa.update(Invitee).where(same_event, Invitee.email == (registration.email or "").lower())
            .values(**values).execution_options(synchronize_session=False)).rowcount
        if invitation_id:
            try:
                invitation_id = int(invitation_id)
            except (TypeError, ValueError):
                return updated
            updated += db.session.execute(
                sa.update(Invitee).where(same_event, Invitee.id == invitation_id,
                                         Invitee.registration_id.is_distinct_from(registration.id))
                .values(**values).execution_options(synchronize_session=False)).rowcount
    return updated
