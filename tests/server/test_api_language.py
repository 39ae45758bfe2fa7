"""The ``lang`` of ``/api/v1/*``: the API's own messages come from the one catalog (smpgraph.i18n) in the
language asked for, and a language the catalogs do not have is refused with a 400."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from smpgraph.config import Settings
from smpgraph.i18n import LANGUAGES, translate
from smpgraph.server import create_app
from smpgraph.store import open_store


@pytest.fixture(scope="module")
def api() -> Iterator[FlaskClient]:
    settings = Settings(backend="memory", reasoner="none")
    store = open_store(settings)
    yield create_app(settings, store=store).test_client()
    store.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_follow_lang(api: FlaskClient, lang: str) -> None:
    response = api.get("/api/v1/agreements/validation", query_string={"lang": lang})
    assert response.status_code == 400
    assert response.get_json()["detail"] == translate("api.one_iri", lang)
    standard = api.post(f"/api/v1/validate?lang={lang}&standard=xyz", data=b"", content_type="text/turtle")
    assert standard.status_code == 400
    assert standard.get_json()["detail"] == translate("api.standard", lang, given="xyz")
    typed = api.post(f"/api/v1/validate?lang={lang}", data=b"x", content_type="image/png")
    assert typed.status_code == 415 and "image/png" in typed.get_json()["detail"]


def test_accept_language_chooses_too_and_messages_differ(api: FlaskClient) -> None:
    french = api.get("/api/v1/agreements/validation", headers={"Accept-Language": "fr-CH, en;q=0.5"})
    assert french.get_json()["detail"] == "nommez un accord avec ?iri=IRI"
    assert len({translate("api.one_iri", lang) for lang in LANGUAGES}) == len(LANGUAGES)


def test_unknown_language_is_400(api: FlaskClient) -> None:
    response = api.get("/api/v1/agreements/validation", query_string={"lang": "de", "iri": "http://x/a"})
    assert response.status_code == 400 and "'de'" in response.get_json()["detail"]
    missing = api.get(
        "/api/v1/agreements/validation", query_string={"lang": "es", "iri": "https://w3id.org/smpgraph/id/none"}
    )
    assert missing.status_code == 404
    assert missing.get_json()["detail"] == translate("api.no_agreement", "es", iri="https://w3id.org/smpgraph/id/none")
