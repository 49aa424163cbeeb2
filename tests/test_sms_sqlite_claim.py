"""Review (issue #15): on SQLite (make run) the job worker's two threads may run deliver_sms at
once (each commit that writes an SMS enqueues deliver_due_sms, and the sweep runs too). SQLite
ignores FOR UPDATE SKIP LOCKED, so both threads must still never POST one message twice."""
from __future__ import annotations

import threading
import time

from werkzeug.wrappers import Response

from tests.test_sms import PHONE, gateway, posted, queue, run_worker  # noqa: F401


def test_two_job_threads_on_sqlite_never_send_one_message_twice(app, gateway):  # noqa: F811
    def slow(_request):
        time.sleep(0.3)  # a gateway taking its time, as real ones do
        return Response("{}", content_type="application/json")

    gateway.expect_request("/v1/sms", method="POST").respond_with_handler(slow)
    queue(app, PHONE, "buyer_order_delivered", {"order": "OB-1", "link": "x"}, "en")
    results: list = []
    threads = [threading.Thread(target=run_worker, args=(app, results)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(posted(gateway)) == 1, f"one message, {len(posted(gateway))} POSTs"
