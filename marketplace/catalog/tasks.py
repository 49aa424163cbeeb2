"""The catalogue's background jobs (docs/jobs.md): the search feed is pruned once a day."""
from __future__ import annotations

from marketplace import jobs
from marketplace.catalog.search import sync
from marketplace.india import IST


@jobs.periodic(jobs.crontab(minute="30", hour="3"), tz=IST, every="daily at 03:30 Asia/Kolkata")
def prune_search_feed() -> None:
    """Drop the search feed's entries that are done with (``search.sync.prune_feed``)."""
    sync.prune_feed()
