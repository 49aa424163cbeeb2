"""Server-drawn SVG charts: parsed back and checked the way a reader (or printer) sees them."""
import xml.etree.ElementTree as ET

import pytest

from marketplace.admin.charts import (
    Series,
    bar_chart,
    line_chart,
    nice_ticks,
    text_width,
    truncate_to_width,
)

NS = {"s": "http://www.w3.org/2000/svg"}
MONTHS_HI = ["अप्रैल 26", "मई 26", "जून 26", "जुलाई 26", "अगस्त 26", "सितंबर 26"]


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def texts(root, cls=None):
    out = []
    for el in root.iter("{http://www.w3.org/2000/svg}text"):
        if cls is None or cls in (el.get("class") or "").split():
            out.append(el.text)
    return out


def polyline_points(root):
    lines = root.findall(".//s:g[@class='series']/s:polyline", NS)
    return [[tuple(map(float, p.split(","))) for p in line.get("points").split()] for line in lines]


def test_line_chart_is_accessible_svg_with_title_desc_and_hindi_month_labels():
    svg = line_chart(MONTHS_HI, [Series("पंजीकृत विक्रेता", [3, 5, 4, 8, 12, 10])],
                     title="विक्रेता पंजीकरण", chart_id="sellers")
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title.text == "विक्रेता पंजीकरण"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # the description lists every value, so a screen reader gets the numbers
    assert "अप्रैल 26 3" in desc.text and "अगस्त 26 12" in desc.text
    assert texts(root, "month") == MONTHS_HI
    assert texts(root, "value") == ["3", "5", "4", "8", "12", "10"]
    assert "<script" not in str(svg) and "http://" not in str(svg).replace("http://www.w3.org/2000/svg", "")


def test_line_chart_points_rise_and_fall_with_the_values():
    values = [3, 5, 4, 8, 12, 10]
    root = parse(line_chart(MONTHS_HI, [Series("s", values)], title="t"))
    (points,) = polyline_points(root)
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    # SVG y grows downwards: a bigger value sits higher (smaller y)
    for (a, ya), (b, yb) in zip(zip(values, ys), zip(values[1:], ys[1:])):
        assert (b > a) == (yb < ya)
    # the axis reaches the maximum: the top tick is at least 12
    ticks = [int(t) for t in texts(root, "tick")]
    assert ticks[0] == 0 and ticks[-1] >= 12


def test_line_chart_two_series_have_legend_and_distinct_dashes():
    root = parse(line_chart(["Apr", "May", "Jun"], [Series("Claimed", [5, 6, 7]),
                                                     Series("Paid", [1, 2, 3])], title="Subsidy"))
    assert texts(root, "legend-label") == ["Claimed", "Paid"]
    lines = root.findall(".//s:g[@class='series']/s:polyline", NS)
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert [g.get("data-series") for g in root.findall(".//s:g[@class='series']", NS)] == ["Claimed", "Paid"]


def test_line_chart_formats_money_with_given_formatter():
    root = parse(line_chart(["Apr", "May"], [Series("Sales", [150000, 250050])], title="Sales",
                            value_format=lambda p: f"₹{p / 100:,.2f}"))
    assert "₹2,500.50" in texts(root, "value")


def test_line_chart_escapes_markup_in_labels():
    svg = line_chart(["<b>Apr</b>"], [Series("A & B", [1])], title="x <script>")
    root = parse(svg)
    assert "<script>" not in str(svg)
    assert root.find("s:title", NS).text == "x <script>"
    assert texts(root, "month") == ["<b>Apr</b>"]


def test_line_chart_with_no_data_says_so():
    root = parse(line_chart([], [], title="t", empty_text="कोई आंकड़ा नहीं"))
    assert texts(root, "empty") == ["कोई आंकड़ा नहीं"]


def test_line_chart_rejects_mismatched_series():
    with pytest.raises(ValueError):
        line_chart(["Apr", "May"], [Series("s", [1])], title="t")


def test_line_chart_thins_month_labels_when_crowded():
    labels = [f"Month {i}" for i in range(36)]
    root = parse(line_chart(labels, [Series("s", list(range(36)))], title="t", width=400))
    shown = texts(root, "month")
    assert labels[-1] in shown and len(shown) < 36


def test_bar_chart_ranks_districts_with_bar_lengths_proportional_to_values():
    items = [("आगरा", 40), ("वाराणसी", 30), ("Lucknow", 10), ("Unnao", 0)]
    root = parse(bar_chart(items, title="जिलावार विक्रेता", highlight="वाराणसी", chart_id="rank"))
    bars = root.findall(".//s:g[@class]", NS)
    bar_groups = [g for g in bars if g.get("class").startswith("bar")]
    assert [g.find("s:text[@class='label']", NS).text for g in bar_groups] == [n for n, _ in items]
    widths = [float(g.find("s:rect", NS).get("width")) for g in bar_groups]
    assert widths[0] > 0 and widths[3] == 0
    assert widths[1] / widths[0] == pytest.approx(0.75, rel=0.01)
    assert widths[2] / widths[0] == pytest.approx(0.25, rel=0.01)
    assert [g.find("s:text[@class='value']", NS).text for g in bar_groups] == ["40", "30", "10", "0"]
    highlighted = [g for g in bar_groups if "highlight" in g.get("class")]
    assert len(highlighted) == 1 and highlighted[0].find("s:title", NS).text == "वाराणसी: 30"
    assert "आगरा: 40" in root.find("s:desc", NS).text


def test_bar_chart_height_grows_with_rows_and_long_labels_are_shortened():
    long = "Sant Ravidas Nagar (Bhadohi) carpet weaving cluster of the state"
    root = parse(bar_chart([(long, 5)] + [(f"D{i}", i) for i in range(20)], title="t", width=400))
    short = parse(bar_chart([("A", 1)], title="t"))
    assert float(root.get("height")) > float(short.get("height"))
    label = root.find(".//s:g/s:text[@class='label']", NS).text
    assert label.endswith("…") and len(label) < len(long)
    assert root.find(".//s:g/s:title", NS).text == f"{long}: 5"


def test_bar_chart_refuses_negative_values_and_handles_empty():
    with pytest.raises(ValueError):
        bar_chart([("a", -1)], title="t")
    assert texts(parse(bar_chart([], title="t", empty_text="No data")), "empty") == ["No data"]


def test_nice_ticks_are_round_and_cover_the_range():
    assert nice_ticks(0, 12) == [0, 5, 10, 15]
    assert nice_ticks(0, 1) == [0, 1]
    assert nice_ticks(0, 0) == [0, 1]
    ticks = nice_ticks(0, 1234567)
    assert ticks[0] == 0 and ticks[-1] >= 1234567 and len(ticks) <= 6
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    assert nice_ticks(-3, 7)[0] <= -3


def test_devanagari_width_ignores_combining_marks():
    # "कि" is one consonant and a spacing vowel sign; "क्" has a virama (no advance)
    assert text_width("क्") == text_width("क")
    assert text_width("आगरा") < text_width("Agra district")
    cut = truncate_to_width("प्रयागराज प्रयागराज प्रयागराज", 60)
    assert cut.endswith("…") and cut[-2] not in "\u094d"


def test_first_and_last_month_labels_stay_inside_the_chart():
    from marketplace.admin.charts import text_width

    labels = ["दिसंबर 2025", "जनवरी 2026", "फ़रवरी 2026"]
    root = parse(line_chart(labels, [Series("s", [1, 2, 3])], title="t", width=400))
    months = root.findall(".//s:text[@class='month']", NS)
    first, last = months[0], months[-1]
    assert float(first.get("x")) - text_width(labels[0]) / 2 >= 0
    assert float(last.get("x")) + text_width(labels[-1]) / 2 <= 400
