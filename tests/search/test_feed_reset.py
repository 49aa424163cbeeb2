"""Review (issue #15): an index whose position is ahead of the feed's head follows a feed that was
reset (the database restored from a backup, or made again with `flask db upgrade` while
instance/search-index stayed). Its follower read only rows above its old position, so every new
change was ignored until the sequence caught up, and /readyz said "0 behind" all the while."""
from __future__ import annotations

import dataclasses

from marketplace.catalog.search.index import MemoryFeed, SearchIndex
from tests.fixtures.search import DictCatalog, sample_docs


def test_a_feed_that_starts_again_below_the_index_position_rebuilds_it(tmp_path):
    catalog = DictCatalog(sample_docs())
    ix = SearchIndex(tmp_path / "search", loader=catalog, feed=catalog.feed,
                     docs=lambda: iter(list(catalog.docs.values())))
    ix.rebuild(ix.docs)
    for i in range(1, 16):
        catalog.change(i, catalog.docs.get(i))  # fifteen edits: the index stands at seq 15
    ix.follow()
    assert ix.position().high == 15

    # the database is made again: a new catalogue, a new feed counting from 1
    catalog.docs = {99: dataclasses.replace(sample_docs()[0], id=99, slug="listing-99")}
    ix.feed = catalog.feed = MemoryFeed()
    catalog.feed.append(99)
    ix.follow()
    ix.follow()
    assert ix.searcher().document(id="99") is not None
    assert ix.doc_count() == 1  # the listings of the old database are gone from search too
