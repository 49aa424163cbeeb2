"""Shipping from PIN codes (issue 13, part 1): the address's district and state are its PIN's,
the freight zone comes from the two PINs (never from typed text), the public PIN look-up, the
seller's pickup PIN, and ``flask pins refresh``."""
import pytest
from sqlalchemy import func, select

from marketplace import india
from marketplace.accounts.models import Role
from marketplace.extensions import db
from marketplace.orders.addresses import AddressInput, save_address
from marketplace.orders.errors import PinNotInState, PinUnknown
from marketplace.orders.models import Address, Order


@pytest.fixture
def buyer(make_user):
    return make_user(role=Role.BUYER, locale="en")


def _typed(district, state, pin, city="Town"):
    return AddressInput("Asha", "9876543210", "1 Rd", "", city, district, state, pin)


# --- the zone exploit ----------------------------------------------------------------------

@pytest.mark.parametrize("pin,typed_state,zone,district", [
    ("110001", "", "rest_of_india", "New Delhi"),  # a Delhi PIN, "Varanasi" typed
    ("110001", "DL", "rest_of_india", "New Delhi"),
    ("226001", "UP", "within_up", "Lucknow"),  # a Lucknow PIN, "Varanasi" typed
    ("221001", "UP", "same_district", "Varanasi"),
])
def test_the_zone_comes_from_the_pins_not_the_typed_district(app, buyer, make_seller, make_listing, buy,
                                                             pin, typed_state, zone, district):
    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, stock=5, weight_g=400, length_cm=10, width_cm=10, height_cm=10)
    with app.app_context():
        address = save_address(buyer.id, _typed("Varanasi", typed_state, pin))
    assert address.district == district
    order = buy(buyer, [(listing, 1)], address=address)
    assert order.ship_district == district and order.ship_pin_code == pin
    assert [s.freight_zone for s in order.suborders] == [zone]


def test_rates_differ_by_zone_so_the_delhi_pin_pays_the_rest_of_india_rate(app, make_user, make_seller,
                                                                          make_listing, buy):
    seller = make_seller(district="varanasi")
    listing = make_listing(seller=seller, stock=9, weight_g=400, length_cm=10, width_cm=10, height_cm=10)
    paid = {}
    for pin in ("110001", "226001", "221001"):
        user = make_user(role=Role.BUYER)
        with app.app_context():
            address = save_address(user.id, _typed("Varanasi", "", pin))
        paid[pin] = buy(user, [(listing, 1)], address=address).freight_paise
    assert paid["110001"] > paid["226001"] > paid["221001"]


def test_origin_is_the_sellers_pickup_pin_district(app, buyer, make_seller, make_listing, buy, make_address):
    """A seller row in Varanasi whose pickup PIN is in Lucknow ships from Lucknow."""
    seller = make_seller(district="varanasi", pin_code="226001")
    listing = make_listing(seller=seller, stock=5)
    order = buy(buyer, [(listing, 1)], address=make_address(buyer, district="Lucknow", pin_code="226010"))
    assert order.suborders[0].freight_zone == "same_district"


# --- addresses -----------------------------------------------------------------------------

def test_saving_fills_district_state_and_city_from_the_pin(app, buyer):
    with app.app_context():
        address = save_address(buyer.id, _typed("", "", "211001", city=""))
        assert (address.district, address.state_code, address.city) == ("Prayagraj", "UP", "Allahabad")
        typed_city = save_address(buyer.id, _typed("Wrong", "up", "245101", city="Pilkhuwa"))
        assert (typed_city.district, typed_city.state_code, typed_city.city) == ("Hapur", "UP", "Pilkhuwa")


def test_a_state_other_than_the_pins_and_unknown_pins_are_refused_and_nothing_is_stored(app, buyer):
    with app.app_context():
        with pytest.raises(PinNotInState) as caught:
            save_address(buyer.id, _typed("Varanasi", "UP", "110001"))
        assert caught.value.params["field"] == "pin_code"
        with pytest.raises(PinUnknown) as unknown:
            save_address(buyer.id, _typed("Varanasi", "UP", "999999"))
        assert "999999" in str(unknown.value.message)
        assert db.session.scalar(select(func.count()).select_from(Address)) == 0


def test_the_form_works_without_javascript_and_refuses_an_unknown_pin_in_both_languages(
        app, client, auth, buyer, make_listing, make_user):
    listing = make_listing(stock=5)
    auth.login(buyer)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1})
    form = {"full_name": "Asha", "phone": "9876543210", "line1": "1 Rd", "city": "", "district": "",
            "state_code": "", "pin_code": "999999"}
    page = client.post("/checkout/address", data=form)
    assert page.status_code == 400 and "We do not know the PIN code 999999" in page.get_data(as_text=True)
    assert client.post("/checkout/address", data={**form, "pin_code": "221 001"}).status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(Address)).one()
        assert (saved.district, saved.state_code, saved.city, saved.pin_code) == ("Varanasi", "UP", "Varanasi", "221001")
    html = client.get("/checkout").get_data(as_text=True)
    assert "data-pin-lookup=" in html and "/assets/orders-address-" in html
    assert html.index('name="pin_code"') < html.index('name="district"')  # the PIN comes first
    hindi = make_user(role=Role.BUYER, locale="hi", email="hindi-pin@example.com")
    client.post("/account/logout")
    auth.login(hindi)
    client.post("/cart/add", data={"listing_id": listing.id, "quantity": 1})
    assert "हमें पिन कोड 999999 नहीं मिला" in client.post("/checkout/address", data=form).get_data(as_text=True)


def test_a_saved_address_with_a_pin_the_directory_does_not_know_is_refused_at_checkout(
        app, buyer, make_listing, client, auth):
    from marketplace.orders import cart, checkout

    listing = make_listing(stock=5)
    with app.app_context():
        old = Address(user_id=buyer.id, full_name="Asha", phone="9876543210", line1="1 Rd", line2="",
                      city="Camp", district="Varanasi", state_code="UP", pin_code="999999", is_default=True)
        db.session.add(old)
        db.session.commit()
        cart.add_item(listing.id, 1, user_id=buyer.id)
        with pytest.raises(PinUnknown):
            checkout.place_order(buyer.id, checkout_token="t", address_id=old.id, payment_method="cod")
        assert db.session.scalar(select(func.count()).select_from(Order)) == 0
    auth.login(buyer)
    page = client.get(f"/checkout?address_id={old.id}").get_data(as_text=True)
    assert 'data-testid="address-problem"' in page and "999999" in page
    assert 'data-testid="place-order"' not in page


# --- the public look-up --------------------------------------------------------------------

def test_pin_api_answers_200_404_and_400(client):
    ok = client.get("/api/v1/pins/211001")
    assert ok.status_code == 200
    assert ok.get_json() == {"pin": "211001", "district": "Prayagraj", "state_code": "UP",
                             "state_name": "Uttar Pradesh", "place": "Allahabad"}
    missing = client.get("/api/v1/pins/999999")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "pin_unknown"
    for bad in ("12345", "abcdef", "0123456", "1" * 400, "22100%00", "%E0%A5%A8%E0%A5%A8"):
        response = client.get(f"/api/v1/pins/{bad}")
        assert response.status_code in (400, 404) and response.is_json, bad
    assert client.get("/api/v1/pins/abcdef").status_code == 400
    hindi = client.get("/api/v1/pins/110001", headers={"Accept-Language": "hi"})
    assert hindi.get_json()["state_name"] == "दिल्ली"


def test_pin_api_is_rate_limited(database_uri, tmp_path):
    from marketplace import create_app
    from tests.conftest import make_test_config

    app = create_app(make_test_config(tmp_path, database_uri, RATELIMIT_ENABLED=True,
                                      PIN_LOOKUP_RATE_LIMIT="3 per minute"))
    client = app.test_client()
    codes = [client.get("/api/v1/pins/221001").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


# --- the seller's pickup PIN ---------------------------------------------------------------

def test_a_sellers_pickup_pin_must_be_in_their_district(app, profile_form):
    from marketplace.catalog.sellers import ProfileInput, ProfileInvalid, clean_profile

    def check(**changes):
        form = profile_form(district="varanasi", **changes)
        data = ProfileInput(**{k: v for k, v in form.items() if k not in ("district_id", "capacity_units_per_month")},
                            district_id=int(form["district_id"]))
        with app.test_request_context():
            try:
                clean_profile(data)
            except ProfileInvalid as exc:
                return str(exc.errors.get("pin_code", ""))
        return ""

    assert check(pin_code="221001") == ""
    assert "226001 is in Lucknow district" in check(pin_code="226001")
    assert "must be in Uttar Pradesh" in check(pin_code="110001")
    assert "We do not know the PIN code 999999" in check(pin_code="999999")


# --- flask pins refresh --------------------------------------------------------------------

HEADER = "circlename,regionname,divisionname,officename,pincode,officetype,delivery,district,statename,latitude,longitude\n"


@pytest.fixture
def directory(app, tmp_path):
    target = tmp_path / "pin_directory.csv"
    target.write_text("pin,state_code,district,place\n221001,UP,Varanasi,Sarva Seva Sangh\n110002,DL,Central Delhi,Delhi\n",
                      encoding="utf-8")
    app.config["PIN_DIRECTORY_FILE"] = str(target)
    yield target
    india._pin_table.cache_clear()


def test_refresh_from_india_posts_csv_prefers_the_delivering_head_office(runner, directory, tmp_path):
    source = tmp_path / "all_india_pin.csv"
    source.write_text(HEADER + "\n".join([
        "UP,Varanasi,Varanasi,Sarva Seva Sangh B.O,221001,B.O,Delivery,VARANASI,UTTAR PRADESH,NA,NA",
        "UP,Varanasi,Varanasi,Varanasi H.O,221001,H.O,Delivery,VARANASI,UTTAR PRADESH,NA,NA",
        "UP,Allahabad,Allahabad,Kayastha Pathshala S.O,211001,S.O,Non-Delivery,PRAYAGRAJ,UTTAR PRADESH,NA,NA",
        "UP,Allahabad,Allahabad,Allahabad H.O,211001,H.O,Non-Delivery,ALLAHABAD,UTTAR PRADESH,NA,NA",
        "UP,Allahabad,Allahabad,Katra S.O,211002,S.O,Delivery,ALLAHABAD,UTTAR PRADESH,NA,NA",
        "Delhi,Delhi,New Delhi,Connaught Place S.O,110001,S.O,Delivery,NEW DELHI,DELHI,NA,NA",
        "DNH,DNH,Silvassa,Silvassa S.O,396230,S.O,Delivery,DADRA AND NAGAR HAVELI,"
        "THE DADRA AND NAGAR HAVELI AND DAMAN AND DIU,NA,NA",
    ]) + "\n", encoding="utf-8")
    dry = runner.invoke(args=["pins", "refresh", "--dry-run", str(source)])
    assert dry.exit_code == 0, dry.output
    assert "5 PIN codes: 4 added, 1 changed, 1 removed" in dry.output
    assert "110002" in directory.read_text(encoding="utf-8")  # a dry run writes nothing
    result = runner.invoke(args=["pins", "refresh", str(source)])
    assert result.exit_code == 0, result.output
    rows = directory.read_text(encoding="utf-8").splitlines()
    assert rows == ["pin,state_code,district,place", "110001,DL,New Delhi,Connaught Place",
                    "211001,UP,Prayagraj,Allahabad", "211002,UP,Prayagraj,Katra",
                    "221001,UP,Varanasi,Varanasi", "396230,DD,Dadra And Nagar Haveli,Silvassa"]


def test_refresh_refuses_junk_rows_with_their_line_numbers_and_writes_nothing(runner, directory, tmp_path):
    before = directory.read_bytes()
    source = tmp_path / "junk.csv"
    source.write_text(HEADER + "\n".join([
        "UP,Varanasi,Varanasi,Varanasi H.O,221001,H.O,Delivery,VARANASI,UTTAR PRADESH,NA,NA",
        "UP,Varanasi,Varanasi,Nowhere B.O,22100,B.O,Delivery,VARANASI,UTTAR PRADESH,NA,NA",
        "UP,Varanasi,Varanasi,Atlantis B.O,221002,B.O,Delivery,VARANASI,ATLANTIS,NA,NA",
        "UP,Varanasi,Varanasi,Gotham B.O,221003,B.O,Delivery,GOTHAM,UTTAR PRADESH,NA,NA",
        "UP,Varanasi,Varanasi,Blank B.O,221004,B.O,Delivery,,UTTAR PRADESH,NA,NA",
    ]) + "\n", encoding="utf-8")
    result = runner.invoke(args=["pins", "refresh", str(source)])
    assert result.exit_code != 0
    for line in ("line 3: not a PIN code", "line 4: unknown state", "line 5: not a district of Uttar Pradesh",
                 "line 6: no district"):
        assert line in result.output, result.output
    assert "4 row(s) refused" in result.output and "line 2" not in result.output
    assert directory.read_bytes() == before
    missing = tmp_path / "columns.csv"
    missing.write_text("pin,district\n221001,Varanasi\n", encoding="utf-8")
    assert "missing columns" in runner.invoke(args=["pins", "refresh", str(missing)]).output
    assert directory.read_bytes() == before


def test_refresh_reads_the_pincode_directory_module_without_running_it(runner, directory, tmp_path):
    source = tmp_path / "pincodes.py"
    source.write_text("pincodes = {'221001': ['Sarva Seva Sangh S.O', 'Varanasi', 'Varanasi', 'UTTAR PRADESH'],\n"
                      " '211001': ['Kayastha Pathshala S.O', 'NA', 'Allahabad', 'UTTAR PRADESH'],\n"
                      " '492001': ['Raipur H.O', 'Raipur', 'Raipur', 'CHATTISGARH']}\n", encoding="utf-8")
    result = runner.invoke(args=["pins", "refresh", str(source)])
    assert result.exit_code == 0, result.output
    assert "3 PIN codes: 2 added, 1 changed, 1 removed" in result.output
    assert "211001,UP,Prayagraj,Kayastha Pathshala" in directory.read_text(encoding="utf-8")
    evil = tmp_path / "evil.py"
    evil.write_text("import os\npincodes = {'221001': os.getcwd()}\n", encoding="utf-8")
    bad = runner.invoke(args=["pins", "refresh", str(evil)])
    assert bad.exit_code != 0 and "line 2: not a literal entry" in bad.output


def _pin_source(tmp_path_factory) -> str:
    """``pincodes.py`` of the PyPI package pincode-directory 1.0.0 (the shipped file's source),
    downloaded as its source archive by pip (PyPI is reachable where the suite runs, CI too)."""
    import os
    import subprocess
    import sys
    import tarfile

    cache = os.environ.get("PIN_SOURCE_DIR") or str(tmp_path_factory.getbasetemp().parent / "pincode-directory-1.0.0")
    source = os.path.join(cache, "pincode_directory-1.0.0", "pincode_directory", "pincodes.py")
    if os.path.exists(source):
        return source
    download = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
         "pincode-directory==1.0.0", "-d", cache], capture_output=True, text=True, timeout=120)
    archive = os.path.join(cache, "pincode_directory-1.0.0.tar.gz")
    if download.returncode != 0 or not os.path.exists(archive):
        if os.environ.get("CI") == "true":
            pytest.fail(f"could not download pincode-directory 1.0.0: {download.stderr[-500:]}")
        pytest.skip("pincode-directory 1.0.0 could not be downloaded (no PyPI here)")
    with tarfile.open(archive) as tar:
        tar.extract("pincode_directory-1.0.0/pincode_directory/pincodes.py", cache, filter="data")
    return source


def test_the_shipped_file_rebuilds_from_its_source_unchanged(tmp_path, tmp_path_factory):
    """The shipped directory is exactly what the refresh makes of pincode-directory 1.0.0."""
    source = _pin_source(tmp_path_factory)
    copy = tmp_path / "copy.csv"
    copy.write_bytes(india.PIN_DIRECTORY.read_bytes())
    result = india.refresh_pin_directory(source, target=copy, dry_run=True)
    assert (result.added, result.changed, result.removed) == (0, 0, 0)
