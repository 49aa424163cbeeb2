"""The producers' helpdesk (point 14 of the ODOP order): ask the District Industries Centre.

Anyone signed in asks a question in Hindi or English on a topic; it goes to the DIC officers of
the chosen district (or to the ODOP cell when the district has no officer yet). An officer answers
in the thread; the asker is told, in their own language, and can follow up. Response time — from
the question to the DIC's first answer — is kept on the question for the dashboard.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import Role, User
from marketplace.admin import audit
from marketplace.admin.models import HelpQuestion, HelpReply, HelpTopic, QuestionStatus
from marketplace.admin.periods import Month
from marketplace.admin.scope import is_state_wide, require_district
from marketplace.catalog.models import District, officer_district_ids, organiser_districts
from marketplace.database import utcnow
from marketplace.errors import DomainError, NotFound
from marketplace.extensions import db
from marketplace.notifications.service import notify
from marketplace.transaction import committed

TOPIC_LABELS = {
    HelpTopic.SCHEMES: _l("Schemes and loans"),
    HelpTopic.TRAINING: _l("Training"),
    HelpTopic.DESIGN: _l("Design and packaging"),
    HelpTopic.MARKETING: _l("Marketing and e-commerce"),
    HelpTopic.TESTING: _l("Testing and quality"),
    HelpTopic.EXPORT: _l("Export"),
}
STATUS_LABELS = {
    QuestionStatus.OPEN: _l("Waiting for an answer"),
    QuestionStatus.ANSWERED: _l("Answered"),
    QuestionStatus.CLOSED: _l("Closed"),
}
MAX_SUBJECT = 200
MAX_BODY = 5000


class HelpdeskError(DomainError):
    code = "helpdesk_invalid"


@dataclass(frozen=True)
class NewQuestion:
    district_id: int
    topic: str
    subject: str
    body: str
    language: str = "hi"


def officers_of(district_id: int) -> list[User]:
    """The active DIC officers (role organiser) who cover ``district_id``."""
    stmt = (select(User).join(organiser_districts, organiser_districts.c.user_id == User.id)
            .where(organiser_districts.c.district_id == district_id, User.role == Role.ORGANISER,
                   User.active.is_(True)).order_by(User.id))
    return list(db.session.scalars(stmt))


def _odop_cell() -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == Role.ADMIN, User.active.is_(True))))


def _clean(text: str, limit: int) -> str:
    return " ".join((text or "").split()) if limit == MAX_SUBJECT else (text or "").strip()


def ask(asker, data: NewQuestion) -> HelpQuestion:
    """Store ``asker``'s question and notify the district's DIC officers; commits.

    Raises :class:`HelpdeskError` for an unknown district or topic, an empty subject or body, or
    text over the length limits.
    """
    subject, body = _clean(data.subject, MAX_SUBJECT), _clean(data.body, MAX_BODY)
    if data.topic not in {t.value for t in HelpTopic}:
        raise HelpdeskError(_l("Please choose a topic."), code="topic_invalid")
    if not subject or not body:
        raise HelpdeskError(_l("Please write a subject and your question."), code="question_empty")
    if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY:
        raise HelpdeskError(_l("The question is too long."), code="question_too_long")
    district = db.session.get(District, data.district_id)
    if district is None:
        raise HelpdeskError(_l("Please choose your district."), code="district_invalid")
    with committed():
        question = HelpQuestion(asker_id=asker.id, district_id=district.id, topic=data.topic, subject=subject,
                                body=body, language="hi" if data.language == "hi" else "en")
        db.session.add(question)
        db.session.flush()
        for officer in officers_of(district.id) or _odop_cell():
            notify(officer, _l("New helpdesk question"), lambda: f"{district.name_en} / {district.name_hi}: {subject}",
                   link=f"/admin/helpdesk/{question.id}")
    return question


def _question_for_asker(asker, question_id: int) -> HelpQuestion:
    question = db.session.get(HelpQuestion, question_id)
    if question is None or question.asker_id != asker.id:
        raise NotFound()
    return question


def question_for_officer(officer, question_id: int) -> HelpQuestion:
    """The question if it belongs to one of ``officer``'s districts, else :class:`NotFound`."""
    question = db.session.get(HelpQuestion, question_id)
    if question is None:
        raise NotFound()
    require_district(officer, question.district_id)
    return question


def question_for_asker(asker, question_id: int) -> HelpQuestion:
    """The asker's own question (another user's: :class:`NotFound`)."""
    return _question_for_asker(asker, question_id)


def answer(officer, question_id: int, body: str) -> HelpReply:
    """An officer's answer in the thread; the asker is notified in their language; commits.

    The first answer sets the response time. Raises :class:`NotFound` outside the officer's
    districts and :class:`HelpdeskError` for an empty answer or a closed question.
    """
    body = _clean(body, MAX_BODY)
    if not body:
        raise HelpdeskError(_l("Please write an answer."), code="answer_empty")
    with committed():
        # of=: the eager-loaded asker/district come through outer joins, which PostgreSQL cannot lock.
        question = db.session.scalar(select(HelpQuestion).where(HelpQuestion.id == question_id)
                                     .with_for_update(of=HelpQuestion))
        if question is None:
            raise NotFound()
        require_district(officer, question.district_id)
        if question.status == QuestionStatus.CLOSED:
            raise HelpdeskError(_l("This question is closed."), code="question_closed")
        before = audit.snapshot(question, ("status", "first_response_at"))
        reply = HelpReply(question_id=question.id, author_id=officer.id, from_officer=True, body=body)
        db.session.add(reply)
        now = utcnow()
        if question.first_response_at is None:
            question.first_response_at = now
        question.status = QuestionStatus.ANSWERED.value
        question.updated_at = now
        audit.record(officer, "helpdesk.answer", question, district_id=question.district_id, before=before,
                     after=audit.snapshot(question, ("status", "first_response_at")), summary=question.subject)
        notify(question.asker, _l("The District Industries Centre has answered your question"),
               lambda: question.subject, link=f"/help/{question.id}")
    return reply


def follow_up(asker, question_id: int, body: str) -> HelpReply:
    """The asker's follow-up message; the question is open again for the DIC; commits."""
    body = _clean(body, MAX_BODY)
    if not body:
        raise HelpdeskError(_l("Please write your message."), code="answer_empty")
    with committed():
        question = _question_for_asker(asker, question_id)
        if question.status == QuestionStatus.CLOSED:
            raise HelpdeskError(_l("This question is closed."), code="question_closed")
        reply = HelpReply(question_id=question.id, author_id=asker.id, from_officer=False, body=body)
        db.session.add(reply)
        question.status = QuestionStatus.OPEN.value
        for officer in officers_of(question.district_id) or _odop_cell():
            notify(officer, _l("Follow-up on a helpdesk question"), lambda: question.subject,
                   link=f"/admin/helpdesk/{question.id}")
    return reply


def close(user, question_id: int) -> HelpQuestion:
    """Close a question (its asker, or an officer of its district); commits."""
    question = db.session.get(HelpQuestion, question_id)
    if question is None:
        raise NotFound()
    if question.asker_id != user.id:
        require_district(user, question.district_id)
    question.status = QuestionStatus.CLOSED.value
    question.closed_at = utcnow()
    if question.asker_id != user.id:
        audit.record(user, "helpdesk.close", question, district_id=question.district_id, summary=question.subject)
    db.session.commit()
    return question


def inbox(officer, status: str | None = None, district_id: int | None = None) -> list[HelpQuestion]:
    """Questions of ``officer``'s districts, open ones first, then newest first."""
    ids = officer_district_ids(officer)
    if district_id is not None:
        require_district(officer, district_id)
        ids = {district_id}
    stmt = select(HelpQuestion).where(HelpQuestion.district_id.in_(ids or {-1}))
    if status:
        stmt = stmt.where(HelpQuestion.status == status)
    stmt = stmt.order_by((HelpQuestion.status == QuestionStatus.OPEN.value).desc(), HelpQuestion.id.desc())
    return list(db.session.scalars(stmt))


def my_questions(asker) -> list[HelpQuestion]:
    """The asker's own questions, newest first."""
    return list(db.session.scalars(
        select(HelpQuestion).where(HelpQuestion.asker_id == asker.id).order_by(HelpQuestion.id.desc())))


def open_count(officer) -> int:
    """Questions waiting for ``officer``'s districts (for the menu badge)."""
    if not is_state_wide(officer) and not officer_district_ids(officer):
        return 0
    stmt = select(func.count()).select_from(HelpQuestion).where(HelpQuestion.status == QuestionStatus.OPEN.value)
    if not is_state_wide(officer):
        stmt = stmt.where(HelpQuestion.district_id.in_(officer_district_ids(officer)))
    return db.session.scalar(stmt) or 0


@dataclass(frozen=True)
class ResponseFigures:
    asked: int
    answered: int
    median_hours: float | None
    within_48h: int


def response_figures(district_ids: set[int], month: Month) -> ResponseFigures:
    """Questions asked in ``month`` in the districts; how many got an answer, the median hours
    to the first answer, and how many were answered within 48 hours."""
    rows = db.session.execute(
        select(HelpQuestion.created_at, HelpQuestion.first_response_at).where(
            HelpQuestion.district_id.in_(district_ids or {-1}),
            HelpQuestion.created_at >= month.start_utc, HelpQuestion.created_at < month.end_utc)
    ).all()
    hours = [(answered - asked).total_seconds() / 3600 for asked, answered in rows if answered is not None]
    return ResponseFigures(
        asked=len(rows), answered=len(hours),
        median_hours=round(statistics.median(hours), 1) if hours else None,
        within_48h=sum(1 for h in hours if h <= 48),
    )
