"""The demo catalogue's hand-written craft data (scripts/demo_crafts.json) still builds exactly the
committed marketplace/catalog/data/demo_catalogue.json, so editing one without rebuilding the
other fails here."""
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _builder():
    spec = importlib.util.spec_from_file_location("build_demo_catalogue", ROOT / "scripts" / "build_demo_catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_craft_data_builds_the_committed_demo_catalogue():
    built = _builder().build()
    committed = json.loads((ROOT / "marketplace" / "catalog" / "data" / "demo_catalogue.json").read_text(encoding="utf-8"))
    assert built == committed


def test_variant_references_resolve_to_slices_of_the_shared_lists():
    data = json.loads((ROOT / "scripts" / "demo_crafts.json").read_text(encoding="utf-8"))
    crafts = _builder().load_crafts()
    assert list(crafts) == list(data["crafts"])
    for name, craft in data["crafts"].items():
        for raw, base in zip(craft["bases"], crafts[name]["bases"]):
            ref = raw["variants"]
            if isinstance(ref, dict):
                assert ref["list"] in data["variant_lists"] and set(ref) <= {"list", "from", "to"}
            assert base["variants"] and all(len(v) == 3 and isinstance(v[2], float) for v in base["variants"])
