"""Until the project conftest loads tests/fixtures/search.py, load it here."""
import importlib.util
import pathlib

_spec = importlib.util.spec_from_file_location(
    "search_fixtures", pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "search.py"
)
_mod = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_mod)
search_catalog = _mod.search_catalog
search_index = _mod.search_index
sample_docs = _mod.sample_docs
DictCatalog = _mod.DictCatalog
