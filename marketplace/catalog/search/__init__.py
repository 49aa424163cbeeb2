"""Search for ODOP Bazaar listings: Hindi, English and Hinglish, typo-tolerant, faceted.

Modules: ``text`` (normalisation, tokenizer, romanisation, phonetic key), ``synonyms``
(+ ``data/synonyms.csv``), ``schema`` (``SearchDoc`` and the Whoosh schema), ``index`` (the index
directory and the single-writer funnel), ``query`` (search, suggest). See docs/search.md.
"""
