"""Review (issue #15): the text log format (the default outside production) wrote the decoded
request path as is, so "/x%0a<forged line>" added a line of the caller's choosing to the log."""
from __future__ import annotations

import io
import logging

from marketplace.health import request_log


def test_a_line_break_in_the_path_does_not_start_a_log_line_of_its_own(app):
    buffer = io.StringIO()
    handler = request_log.make_handler("text", buffer)
    logger = logging.getLogger("marketplace.request")
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        app.test_client().get("/nope%0d%0a2026-12-04 02:00:00,000 INFO marketplace.request [forged]: GET /admin 200")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 1 and "\\r\\n2026-12-04" in lines[0]


def test_a_traceback_still_spans_its_lines():
    buffer = io.StringIO()
    logger = logging.getLogger("review.traceback")
    logger.addHandler(request_log.make_handler("text", buffer))
    try:
        raise ValueError("boom")
    except ValueError:
        logger.error("failed", exc_info=True)
    assert "Traceback (most recent call last):\n" in buffer.getvalue()
