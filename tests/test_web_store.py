"""Browsing a store from the page (`juesuan serve --db`): departments × years, one
department's totals and 三公 by year as a chart, the cross-year findings."""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("starlette")

from click.testing import CliRunner  # noqa: E402

from juesuan.cli import main  # noqa: E402
from juesuan.web.app import Settings, create_app  # noqa: E402
from store_pairs import next_year, text_of, year_y  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("store")
    first = year_y()
    second = next_year(first)
    paths = []
    for dataset, name in ((first, "y.txt"), (second, "y1.txt")):
        path = folder / name
        path.write_text(text_of(dataset), encoding="utf-8")
        paths.append(path)
    db_path = folder / "store.duckdb"
    added = CliRunner().invoke(main, ["store", "add", *map(str, paths), "--db", str(db_path)])
    assert added.exit_code == 0, added.output
    return db_path


@pytest.fixture(scope="module")
def client(store, tmp_path_factory):
    app = create_app(Settings(workers=1, db=str(store), root=str(tmp_path_factory.mktemp("up"))))
    with TestClient(app) as test_client:
        yield test_client


def test_the_store_lists_departments_by_year_and_links_each(client):
    page = client.get("/store")
    assert page.status_code == 200
    assert "报告库" in page.text and 'id="store-grid"' in page.text
    year = int(year_y().fields["年度"])
    years = year, year + 1
    assert all(f"<th>{y}</th>" in page.text for y in years)
    link = page.text.split('href="/store/', 1)[1].split('"', 1)[0]
    department = client.get(f"/store/{link}")
    assert department.status_code == 200
    assert department.text.count('class="bar income"') >= 2, "one income bar a year"
    assert "“三公”经费" in department.text


def test_an_unknown_department_is_not_found(client):
    assert client.get("/store/no-such-department").status_code == 404


def test_without_a_store_there_is_no_store_page(tmp_path):
    app = create_app(Settings(workers=1, root=str(tmp_path)))
    with TestClient(app) as test_client:
        assert test_client.get("/store").status_code == 404
        assert "报告库" not in test_client.get("/").text


def test_an_upload_is_put_in_the_store_from_its_page(client, store):
    from store_pairs import next_year, text_of, year_y
    third = next_year(next_year(year_y()))
    upload = client.post("/upload", headers={"Accept": "application/json"},
                         files=[("files", ("第三年.txt", text_of(third).encode("utf-8")))]).json()
    import time
    deadline = time.monotonic() + 120
    while client.get(f"/api/uploads/{upload['upload']}").json()["pending"]:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    file_id = upload["files"][0]["id"]
    page = client.get(f"/u/{upload['upload']}/{file_id}").text
    assert f'action="/u/{upload["upload"]}/{file_id}/store"' in page and "存入报告库" in page
    stored = client.post(f"/u/{upload['upload']}/{file_id}/store", follow_redirects=False)
    assert stored.status_code == 303 and stored.headers["location"].startswith("/store/")
    department = client.get(stored.headers["location"]).text
    year = int(year_y().fields["年度"])
    assert f"{year}、{year + 1}、{year + 2}" in department
