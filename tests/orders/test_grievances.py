"""Buyers' complaints (issue #19, part 3): a ticket number and an acknowledgement at once, the
deadlines from the settings, escalation to the DIC and then the ODOP cell with time moved
forward (never waited for), who may see and do what, the monitoring figures by district, and
hostile text that is refused with a translated error or shown escaped, never a 500."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.notifications.models import Notification
from marketplace.orders import grievances
from marketplace.orders.grievance_models import GrievanceTicket
from marketplace.orders.grievance_states import TRANSITIONS, Level, Party, Stage, TicketStatus, may_move

pytestmark = pytest.mark.both_databases

T0 = dt.datetime(2026, 11, 2, 6, 30, tzinfo=dt.timezone.utc)  # 12:00 IST, 2 November 2026
DAY = dt.timedelta(days=1)


@pytest.fixture
def world(app, make_user, make_seller, make_listing, buy, make_officer, cell_admin):
    """A buyer with a one-seller order (Varanasi seller), the seller's user, a Varanasi DIC
    officer, an Agra DIC officer, and the ODOP cell."""
    buyer = make_user(role=Role.BUYER, locale="hi")
    seller = make_seller("varanasi")
    order = buy(buyer, [(make_listing(seller=seller), 1)])
    with app.app_context():
        from marketplace.accounts.models import User

        seller_user = db.session.get(User, seller.user_id)
    return type("World", (), dict(buyer=buyer, seller=seller, seller_user=seller_user, order=order,
                                  sub=order.suborders[0], dic=make_officer("varanasi"),
                                  other_dic=make_officer("agra"), cell=cell_admin))


def _open(app, w, now=T0, **kw):
    fields = dict(category="damaged", subject="Sari arrived torn", text="The border was torn when I opened the parcel.")
    fields.update(kw)
    with app.app_context():
        return grievances.open_ticket(w.buyer.id, w.order.id, now=now, **fields)


def _ticket(app, ticket_id) -> GrievanceTicket:
    with app.app_context():
        ticket = db.session.get(GrievanceTicket, ticket_id)
        ticket.events, ticket.messages
        return ticket


# --------------------------------------------------------------------------- filing
def test_a_complaint_gets_a_ticket_number_an_acknowledgement_at_once_and_both_deadlines(app, world):
    ticket = _open(app, world)
    assert re.fullmatch(r"GR-2026-\d{6}", ticket.number) and ticket.number.endswith(f"{ticket.id:06d}")
    t = _ticket(app, ticket.id)
    assert (t.level, t.status, t.suborder_id, t.seller_id) == ("seller", "open", world.sub.id, world.seller.id)
    assert t.district_id == world.seller.district_id
    assert t.acknowledged_at == T0 and t.ack_due_at == T0 + dt.timedelta(hours=48)
    assert t.seller_due_at == T0 + 7 * DAY and t.resolve_due_at == T0 + 30 * DAY
    assert [e.action for e in t.events] == ["opened", "acknowledged"]
    with app.app_context():
        told = {n.user_id: n for n in db.session.scalars(select(Notification))}
    assert ticket.number in told[world.buyer.id].body  # in Hindi: the buyer's language
    assert "शिकायत" in told[world.buyer.id].subject
    assert world.seller.user_id in told
    assert grievances.breach_of(t, T0 + 60 * DAY).ack_late is False


def test_the_deadlines_follow_the_settings(app, world):
    app.config.update(GRIEVANCE_ACK_HOURS=24, GRIEVANCE_SELLER_DAYS=3, GRIEVANCE_RESOLVE_DAYS=15)
    t = _ticket(app, _open(app, world).id)
    assert (t.ack_due_at, t.seller_due_at, t.resolve_due_at) == (T0 + DAY, T0 + 3 * DAY, T0 + 15 * DAY)


def test_a_buyer_may_complain_only_about_their_own_order(app, world, make_user):
    stranger = make_user(role=Role.BUYER)
    with app.app_context(), pytest.raises(grievances.OrderNotFound):
        grievances.open_ticket(stranger.id, world.order.id, category="damaged", subject="Not mine",
                               text="This is somebody else's order.")


def test_a_second_open_complaint_on_the_same_thing_is_refused_with_the_first_number(app, world):
    first = _open(app, world)
    with app.app_context(), pytest.raises(grievances.AlreadyOpen) as refused:
        grievances.open_ticket(world.buyer.id, world.order.id, category="damaged", subject="Again",
                               text="Submitting the same complaint twice.")
    assert first.number in str(refused.value.message)
    _open(app, world, category="wrong_item")  # another category is another complaint


def test_an_order_of_two_sellers_needs_the_part_chosen(app, make_user, make_seller, make_listing, buy):
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(make_listing(seller=make_seller("varanasi")), 1), (make_listing(seller=make_seller("agra")), 1)])
    agra = next(s for s in order.suborders if s.seller.district.slug == "agra")
    with app.app_context():
        with pytest.raises(grievances.ChooseSuborder):
            grievances.open_ticket(buyer.id, order.id, category="quality", subject="Poor", text="Poor finishing on it.")
        ticket = grievances.open_ticket(buyer.id, order.id, category="quality", subject="Poor",
                                        text="Poor finishing on it.", suborder_id=agra.id)
        assert ticket.district_id == agra.seller.district_id
        with pytest.raises(grievances.OrderNotFound):
            grievances.open_ticket(buyer.id, order.id, category="quality", subject="Poor",
                                   text="Poor finishing on it.", suborder_id=987654)


@pytest.mark.parametrize("field,value,error", [
    ("category", "broken", grievances.UnknownCategory),
    ("subject", "ab", grievances.BadSubject),
    ("subject", "x" * 201, grievances.BadSubject),
    ("subject", "a\x00b and more", grievances.BadSubject),
    ("text", "short", grievances.BadText),
    ("text", "y" * 10_000, grievances.BadText),
    ("text", "NUL \x00 inside the text", grievances.BadText),
])
def test_bad_input_is_refused_and_nothing_is_stored(app, world, field, value, error):
    with pytest.raises(error):
        _open(app, world, **{field: value})
    with app.app_context():
        assert db.session.scalar(select(GrievanceTicket)) is None


# --------------------------------------------------------------------------- escalation
def test_a_complaint_nobody_answers_escalates_on_time_to_the_dic_then_the_odop_cell(app, world):
    ticket = _open(app, world)
    with app.app_context():
        assert grievances.escalate_overdue(now=T0 + 7 * DAY - dt.timedelta(minutes=1)) == 0
        assert db.session.get(GrievanceTicket, ticket.id).level == Level.SELLER
        assert grievances.escalate_overdue(now=T0 + 7 * DAY) == 1
        assert db.session.get(GrievanceTicket, ticket.id).level == Level.DIC
        assert grievances.escalate_overdue(now=T0 + 7 * DAY) == 0  # again at the same moment: nothing
        assert grievances.escalate_overdue(now=T0 + 30 * DAY - dt.timedelta(minutes=1)) == 0
        assert grievances.escalate_overdue(now=T0 + 30 * DAY) == 1
        t = db.session.get(GrievanceTicket, ticket.id)
        assert (t.level, t.status) == (Level.CELL, TicketStatus.OPEN)
        moves = [(e.from_stage, e.to_stage, e.actor_role, e.created_at) for e in t.events if e.action == "escalated"]
        assert moves == [("seller", "dic", "system", T0 + 7 * DAY), ("dic", "cell", "system", T0 + 30 * DAY)]
        assert grievances.breach_of(t, T0 + 30 * DAY + dt.timedelta(seconds=1)).resolve_late
        told = {n.user_id for n in db.session.scalars(select(Notification).where(Notification.subject.contains(t.number)))}
    assert {world.dic.id, world.cell.id, world.buyer.id} <= told
    assert world.other_dic.id not in told


def test_a_complaint_forgotten_past_a_month_goes_to_the_odop_cell_in_one_sweep(app, world):
    ticket = _open(app, world)
    with app.app_context():
        assert grievances.escalate_overdue(now=T0 + 45 * DAY) == 2
        assert db.session.get(GrievanceTicket, ticket.id).level == Level.CELL


def test_a_seller_answer_does_not_stop_escalation_but_a_withdrawal_does(app, world):
    answered, withdrawn = _open(app, world), _open(app, world, category="quality")
    with app.app_context():
        grievances.post_message(answered.id, world.seller_user, "We will send a new one.", now=T0 + DAY)
        grievances.withdraw(withdrawn.id, world.buyer.id, "Settled with the seller", now=T0 + 2 * DAY)
        assert grievances.escalate_overdue(now=T0 + 8 * DAY) == 1
        assert db.session.get(GrievanceTicket, answered.id).level == Level.DIC
        closed = db.session.get(GrievanceTicket, withdrawn.id)
        assert (closed.status, closed.level) == (TicketStatus.WITHDRAWN, Level.SELLER)
        assert not grievances.breach_of(closed, T0 + 60 * DAY).resolve_late


def test_the_periodic_job_runs_the_sweep_every_quarter_hour(app, world):
    from marketplace import jobs
    from marketplace.orders.grievance_tasks import escalate_overdue_complaints

    def due(minute):
        return {type(task).__name__ for task in jobs.huey_for(app).read_periodic(minute)}

    assert "escalate_overdue_complaints" in due(dt.datetime(2026, 12, 4, 10, 5))
    assert "escalate_overdue_complaints" in due(dt.datetime(2026, 12, 4, 10, 50))
    assert "escalate_overdue_complaints" not in due(dt.datetime(2026, 12, 4, 10, 7))

    _open(app, world, now=dt.datetime.now(dt.timezone.utc) - 8 * DAY)
    with app.app_context():
        assert escalate_overdue_complaints.run() == 1


# --------------------------------------------------------------------------- resolving and roles
def test_the_dic_resolves_with_an_outcome_and_a_rejection_needs_a_reason(app, world):
    ticket = _open(app, world)
    with app.app_context():
        with pytest.raises(grievances.ReasonRequired):
            grievances.resolve(ticket.id, world.dic, "rejected", "  ", now=T0 + DAY)
        with pytest.raises(grievances.UnknownOutcome):
            grievances.resolve(ticket.id, world.dic, "compensation", "", now=T0 + DAY)
        with pytest.raises(grievances.TicketNotFound):  # another district's officer
            grievances.resolve(ticket.id, world.other_dic, "refund", "", now=T0 + DAY)
        with pytest.raises(grievances.NotYours):  # the seller takes part, but does not decide
            grievances.resolve(ticket.id, world.seller_user, "refund", "", now=T0 + DAY)
        grievances.resolve(ticket.id, world.dic, "rejected", "The photos show no damage.", now=T0 + 3 * DAY)
        t = db.session.get(GrievanceTicket, ticket.id)
        assert (t.status, t.outcome, t.outcome_note, t.resolved_at) == (
            "resolved", "rejected", "The photos show no damage.", T0 + 3 * DAY)
        assert t.events[-1].to_stage == "resolved" and t.events[-1].actor_role == "dic"
        with pytest.raises(grievances.TicketClosed):
            grievances.post_message(ticket.id, world.buyer, "But it is damaged!", now=T0 + 4 * DAY)
        with pytest.raises(grievances.TicketClosed):
            grievances.withdraw(ticket.id, world.buyer.id, now=T0 + 4 * DAY)


def test_once_with_the_odop_cell_only_the_cell_resolves(app, world):
    ticket = _open(app, world)
    with app.app_context():
        grievances.escalate_overdue(now=T0 + 31 * DAY)
        with pytest.raises(grievances.NotYours):
            grievances.resolve(ticket.id, world.dic, "refund", "", now=T0 + 31 * DAY)
        grievances.resolve(ticket.id, world.cell, "replacement", "", now=T0 + 32 * DAY)
        assert db.session.get(GrievanceTicket, ticket.id).outcome == "replacement"


def test_the_transition_table_names_who_may_move_a_ticket():
    assert may_move(Stage.SELLER, Stage.DIC, Party.SYSTEM) and not may_move(Stage.SELLER, Stage.DIC, Party.CELL)
    assert may_move(Stage.CELL, Stage.RESOLVED, Party.CELL) and not may_move(Stage.CELL, Stage.RESOLVED, Party.DIC)
    assert not any(frm in (Stage.RESOLVED, Stage.WITHDRAWN) for frm, _to in TRANSITIONS)  # no reopening


def test_each_party_sees_only_its_own_complaints_pages(app, world, login_as, staff_client, make_user, make_seller):
    ticket = _open(app, world)
    pages = {"buyer": f"/complaints/{ticket.id}", "seller": f"/seller/complaints/{ticket.id}",
             "officer": f"/admin/orders/complaints/{ticket.id}"}
    assert staff_client(world.buyer).get(pages["buyer"]).status_code == 200
    assert staff_client(world.seller_user).get(pages["seller"]).status_code == 200
    assert staff_client(world.dic).get(pages["officer"]).status_code == 200
    assert staff_client(world.cell).get(pages["officer"]).status_code == 200
    assert staff_client(world.other_dic).get(pages["officer"]).status_code == 404
    other_buyer, _u = login_as(Role.BUYER)
    assert other_buyer.get(pages["buyer"]).status_code == 404
    other_seller, user = login_as(Role.SELLER)
    make_seller("varanasi", user=user)
    assert other_seller.get(pages["seller"]).status_code == 404
    assert staff_client(world.dic).get("/admin/orders/complaints").get_data(as_text=True).count(ticket.number) == 1
    assert ticket.number not in staff_client(world.other_dic).get("/admin/orders/complaints").get_data(as_text=True)


def test_the_whole_journey_through_the_pages(app, world, staff_client):
    buyer, seller, officer = staff_client(world.buyer), staff_client(world.seller_user), staff_client(world.dic)
    order_page = buyer.get(f"/orders/{world.order.id}").get_data(as_text=True)
    assert f"/orders/{world.order.id}/complaint" in order_page
    form = buyer.get(f"/orders/{world.order.id}/complaint")
    assert form.status_code == 200
    response = buyer.post(f"/orders/{world.order.id}/complaint", data={
        "suborder_id": str(world.sub.id), "category": "wrong_item", "subject": "Blue instead of red",
        "text": "I ordered the red sari and got a blue one."})
    assert response.status_code == 302
    ticket_id = int(response.headers["Location"].rsplit("/", 1)[1])
    number = _ticket(app, ticket_id).number
    assert number in buyer.get("/complaints").get_data(as_text=True)
    assert number in seller.get("/seller/complaints").get_data(as_text=True)
    assert number in seller.get(f"/seller/orders/{world.sub.id}").get_data(as_text=True)
    assert number in buyer.get(f"/orders/{world.order.id}").get_data(as_text=True)
    desk = officer.get("/admin/orders").get_data(as_text=True)
    assert re.search(r'href="/admin/orders/complaints">[^<(]+\(1\)</a>', desk)  # one open, none late
    assert number in officer.get(f"/admin/orders/{world.sub.id}").get_data(as_text=True)
    with app.app_context():
        assert grievances.open_counts({world.seller.district_id}, now=T0 + 400 * DAY) == (1, 1)
    assert seller.post(f"/seller/complaints/{ticket_id}/reply", data={"text": "Sorry! Sending red."}).status_code == 302
    assert "Sorry! Sending red." in buyer.get(f"/complaints/{ticket_id}").get_data(as_text=True)
    refused = officer.post(f"/admin/orders/complaints/{ticket_id}/resolve", data={"outcome": "rejected", "note": ""})
    assert refused.status_code == 400 and "rejected" in refused.get_data(as_text=True).lower()
    done = officer.post(f"/admin/orders/complaints/{ticket_id}/resolve", data={"outcome": "replacement", "note": "Sent."})
    assert done.status_code == 302
    assert _ticket(app, ticket_id).outcome == "replacement"
    with app.app_context():
        from marketplace.admin.models import AuditEntry

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "complaint.resolve"))
        assert (entry.actor_id, entry.object_id, entry.district_id, entry.summary) == (
            world.dic.id, ticket_id, world.seller.district_id, number)
    body = buyer.get(f"/api/v1/orders/{world.order.id}").json
    (t,) = body["tickets"]
    assert (t["number"], t["status"], t["outcome"], t["category"]) == (number, "resolved", "replacement", "wrong_item")
    assert [m["by"] for m in t["messages"]] == ["seller"]
    assert [e["action"] for e in t["events"]] == ["opened", "acknowledged", "resolved"]
    assert buyer.get("/api/v1/orders").json["orders"][0]["tickets"][0]["number"] == number
    assert seller.get(f"/api/v1/orders/{world.order.id}").json["tickets"][0]["number"] == number


def test_the_grievance_officer_page_links_to_filing_a_complaint(client):
    assert "/complaints" in client.get("/grievance-officer").get_data(as_text=True)


# --------------------------------------------------------------------------- hostile text on the forms
@pytest.mark.parametrize("text", ["<script>alert('x')</script> in my complaint", "Torn 😡🧵 saree, please help",
                                  "z" * 10_000, "NUL\x00byte in the complaint"])
def test_hostile_text_is_refused_in_words_or_shown_escaped_never_a_500(app, world, staff_client, text):
    buyer = staff_client(world.buyer)
    response = buyer.post(f"/orders/{world.order.id}/complaint", data={
        "suborder_id": str(world.sub.id), "category": "other", "subject": text[:150], "text": text})
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        page = buyer.get(response.headers["Location"]).get_data(as_text=True)
        assert "<script>alert" not in page
        if "script" in text:
            assert "&lt;script&gt;" in page
        if "😡" in text:
            assert "😡" in page
        ticket_id = int(response.headers["Location"].rsplit("/", 1)[1])
        reply = buyer.post(f"/complaints/{ticket_id}/reply", data={"text": text + "\x00"})
        assert reply.status_code == 400
    else:
        with app.app_context():
            assert db.session.scalar(select(GrievanceTicket)) is None


def test_a_ten_thousand_character_reply_gets_a_translated_error(app, world, staff_client):
    ticket = _open(app, world)
    client = staff_client(world.buyer)  # a Hindi reader
    response = client.post(f"/complaints/{ticket.id}/reply", data={"text": "q" * 10_000})
    assert response.status_code == 400 and "5000" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- the monitoring figures
def test_monitoring_counts_open_complaints_breaches_and_the_exact_median_by_district(
        app, make_user, make_seller, make_listing, buy, cell_admin):
    from marketplace.admin import reports
    from marketplace.admin.periods import Month

    buyer = make_user(role=Role.BUYER)
    varanasi, agra = make_seller("varanasi"), make_seller("agra")
    orders = {s.id: [buy(buyer, [(make_listing(seller=s), 1)]) for _ in range(n)] for s, n in ((varanasi, 4), (agra, 3))}
    november, december = Month.parse("2026-11"), Month.parse("2026-12")
    filed = dt.datetime(2026, 11, 2, 6, 30, tzinfo=dt.timezone.utc)  # due 2 December
    with app.app_context():
        def file(order):
            return grievances.open_ticket(buyer.id, order.id, category="quality", subject="Poor",
                                          text="Poor finishing on it.", now=filed)

        v = [file(o) for o in orders[varanasi.id]]
        a = [file(o) for o in orders[agra.id]]
        for ticket, days in zip(v, (2, 5, 11, 20)):  # Varanasi: resolved after 2, 5, 11 and 20 days
            grievances.resolve(ticket.id, cell_admin, "refund", "", now=filed + days * DAY)
        grievances.resolve(a[0].id, cell_admin, "refund", "", now=filed + 40 * DAY)  # Agra: one late,
        grievances.withdraw(a[2].id, buyer.id, now=filed + DAY)  # one withdrawn, one left open
        v_id, a_id = varanasi.district_id, agra.district_id

        later = december.end_utc + 10 * DAY
        nov = grievances.grievance_figures_by_district({v_id, a_id}, november.start_utc, november.end_utc, now=later)
        assert nov[v_id] == {"tickets_filed": 4, "tickets_open": 0, "tickets_ack_late": 0,
                             "tickets_resolve_late": 0, "resolution_days": 8.0}  # median of 2, 5, 11, 20
        assert nov[a_id] == {"tickets_filed": 3, "tickets_open": 2, "tickets_ack_late": 0,
                             "tickets_resolve_late": 0, "resolution_days": None}  # a withdrawal is no resolution
        dec = grievances.grievance_figures_by_district({v_id, a_id}, december.start_utc, december.end_utc, now=later)
        assert dec[a_id] == {"tickets_filed": 0, "tickets_open": 1, "tickets_ack_late": 0,
                             "tickets_resolve_late": 2, "resolution_days": 40.0}  # resolved late + open past due
        assert dec[v_id]["tickets_resolve_late"] == 0
        whole = grievances.grievance_figures({v_id, a_id}, november.start_utc, december.end_utc, False, now=later)
        assert whole["resolution_days"] == 11.0  # median of 2, 5, 11, 20, 40
        # the dashboard's registered source is the same rule
        source = next(s for s in reports.SOURCES if s.name == "grievances")
        assert source.fn({v_id}, november.start_utc, november.end_utc, False)["resolution_days"] == 8.0
        assert source.per_district({v_id}, november.start_utc, november.end_utc)[v_id]["tickets_filed"] == 4


def test_an_acknowledgement_missing_past_its_deadline_is_a_breach(app, world):
    ticket = _open(app, world)
    with app.app_context():
        t = db.session.get(GrievanceTicket, ticket.id)
        t.acknowledged_at = None
        db.session.commit()
        assert not grievances.breach_of(t, T0 + dt.timedelta(hours=47)).ack_late
        assert grievances.breach_of(t, T0 + dt.timedelta(hours=49)).ack_late


def test_every_complaint_code_has_an_english_and_a_hindi_label():
    from pathlib import Path

    from babel.messages.pofile import read_po

    from marketplace.orders import grievance_states as gs

    with open(Path(__file__).resolve().parents[2] / "translations/hi/LC_MESSAGES/messages.po", "rb") as handle:
        hindi = {m.id: m.string for m in read_po(handle) if m.id and not m.fuzzy}
    for enum, table in ((gs.Category, gs.CATEGORY_LABELS), (gs.Level, gs.LEVEL_LABELS),
                        (gs.TicketStatus, gs.TICKET_STATUS_LABELS), (gs.Stage, gs.STAGE_LABELS),
                        (gs.Outcome, gs.OUTCOME_LABELS), (gs.Party, gs.PARTY_LABELS), (gs.Action, gs.ACTION_LABELS)):
        for code in enum:
            english = table[code]._args[0]
            assert english and hindi.get(english), (enum.__name__, code)


def test_the_monitoring_dashboard_shows_complaints_by_district(app, world, staff_client):
    resolved, _open_one = _open(app, world), _open(app, world, category="quality")
    with app.app_context():
        grievances.resolve(resolved.id, world.dic, "refund", "", now=T0 + 3 * DAY)
    response = staff_client(world.cell).get("/admin/?scope=state&month=2026-11")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[:3000]
    section = page.split('class="complaints-by-district"', 1)[1].split("</section>", 1)[0]
    row = section.split("Varanasi", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["2", "1", "0", "0", "3.0"]
    assert "Agra" not in section  # no complaints there
    assert "Median days to resolve a complaint" in page  # the figures' own section, too


def test_the_demo_complaints_are_loaded_once_after_the_order_history(app, subsidy_policy, make_user, make_seller,
                                                                      make_listing, monkeypatch):
    from marketplace.orders import demo
    from marketplace.orders.grievance_demo import DEMO_COMPLAINTS, load_demo_complaints

    monkeypatch.setattr(demo, "DEMO_ORDERS", 16)
    make_user(role=Role.ADMIN, email="admin@example.com")
    for district in ("varanasi", "agra"):
        seller = make_seller(district)
        make_listing(seller=seller, stock=500)
    with app.app_context():
        demo.load_demo_order_history()
        load_demo_complaints()
        load_demo_complaints()
        tickets = list(db.session.scalars(select(GrievanceTicket)))
        assert 0 < len(tickets) <= len(DEMO_COMPLAINTS)
        assert all(t.created_at >= t.suborder.history[-1].created_at for t in tickets)
        assert all(t.acknowledged_at is not None for t in tickets)


def test_a_seller_sees_only_the_complaints_about_their_own_part_of_an_order(app, login_as, make_user, make_seller,
                                                                            make_listing, buy, staff_client):
    client, user = login_as(Role.SELLER)
    mine, other = make_seller("varanasi", user=user), make_seller("agra")
    buyer = make_user(role=Role.BUYER)
    order = buy(buyer, [(make_listing(seller=mine), 1), (make_listing(seller=other), 1)])
    other_part = next(s for s in order.suborders if s.seller_id == other.id)
    with app.app_context():
        ticket = grievances.open_ticket(buyer.id, order.id, suborder_id=other_part.id, category="seller_conduct",
                                        subject="Rude on the phone", text="The seller shouted at me on the phone.")
    assert client.get(f"/api/v1/orders/{order.id}").json["tickets"] == []
    assert client.get("/seller/complaints").get_data(as_text=True).count(ticket.number) == 0
    assert client.get(f"/seller/complaints/{ticket.id}").status_code == 404
    assert [t["number"] for t in staff_client(buyer).get(f"/api/v1/orders/{order.id}").json["tickets"]] == [ticket.number]
