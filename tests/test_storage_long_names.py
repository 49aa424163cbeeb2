"""Review (issue #15): /media/ must answer 404 for a key the file system cannot hold, never 500."""
from pathlib import Path

import pytest


@pytest.mark.parametrize("headers", [{}, {"If-None-Match": '"x"'}, {"If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"}])
def test_media_with_a_name_too_long_for_the_file_system_is_404(app, client, headers):
    (Path(app.config["UPLOAD_DIR"]) / "listings").mkdir(parents=True, exist_ok=True)
    response = client.get("/media/listings/" + "a" * 300 + ".jpg", headers=headers)
    assert response.status_code == 404
