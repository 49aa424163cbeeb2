"""Review (issue #15): every follower of a node (one per web process) finds the index missing at
once (a new node, or one left behind the pruned feed) and rebuilds. A rebuild's clean-up of old
generations deleted the generation another follower was still building, or had built and was
about to swap in: that rebuild failed with FileNotFoundError, or `current` pointed at a deleted
folder and every search raised EmptyIndexError (500) until a later poll rebuilt again."""
from __future__ import annotations

import threading

from marketplace.catalog.search.index import SearchIndex
from tests.fixtures.search import DictCatalog, sample_docs


def test_followers_rebuilding_at_once_leave_one_live_index_and_no_errors(tmp_path):
    for trial in range(8):
        catalog = DictCatalog(sample_docs())
        base = tmp_path / f"ix{trial}"
        followers = [SearchIndex(base, loader=catalog, feed=catalog.feed,
                                 docs=lambda: iter(list(catalog.docs.values()))) for _ in range(4)]
        errors: list = []

        def follow(ix):
            try:
                ix.follow()
            except Exception as exc:  # noqa: BLE001 - what the follower thread would log
                errors.append(repr(exc))

        threads = [threading.Thread(target=follow, args=(ix,)) for ix in followers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        fresh = SearchIndex(base)
        assert errors == [] and fresh.exists(), (trial, errors)
        assert fresh.doc_count() == sum(d.is_public for d in catalog.docs.values())
