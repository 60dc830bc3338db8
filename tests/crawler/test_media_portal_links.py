"""A WeChat account's articles found through the portal's links to them (`portal_links:`):
the links a portal crawl stored in `articles` are read back and each article page crawled."""

from __future__ import annotations

import uuid

from pymongo import MongoClient

from store.keys import canonical_url
from tests.conftest import REPO, crawl_media


def test_posts_from_portal_links(mongo_uri: str, sample_server, tmp_path) -> None:
    from sample_site.media.manifest import build_media_manifest

    model = sample_server.model
    manifest = build_media_manifest(model.seed, model.today, sample_server.base_url)
    posts = [p for p in manifest["posts"] if p["account"] == "wechat:wxybj"][:3]
    client: MongoClient = MongoClient(mongo_uri, tz_aware=True)
    db = client[f"portal_{uuid.uuid4().hex[:8]}"]
    try:
        # What a portal crawl stores: articles whose bodies link to the account's articles.
        db.articles.insert_many([
            {"_id": "a1", "site": "portallinks", "links": [{"url": posts[0]["url"], "text": "青禾医保"},
                                                           {"url": "http://127.0.0.1/col/zwyw/", "text": "x"}]},
            {"_id": "a2", "site": "portallinks", "links": [{"url": p["url"], "text": ""} for p in posts[1:]]},
            {"_id": "a3", "site": "another", "links": [{"url": posts[0]["url"] + "&other", "text": ""}]},
        ])
        codes = crawl_media(sample_server.base_url, mongo_uri, db.name, tmp_path, site="portallinks",
                            sites_file=REPO / "tests" / "fixtures" / "sites" / "media_portal.yaml",
                            spiders=("wechat",))
        assert codes == [0]
        stored = {canonical_url(p["url"]) for p in db.posts.find()}
        assert stored == {canonical_url(p["url"]) for p in posts}
        accounts = {a["account_id"]: a for a in db.accounts.find()}
        assert accounts["wxybj"]["status"] == "ok"
        assert accounts["wxybj"]["post_dates"][0] == posts[0]["published"][:10]
        # No portal article links to the other account: nothing to judge it by.
        assert (accounts["wxczj"]["status"], accounts["wxczj"]["reason"]) == ("not_checkable", "empty_timeline")
    finally:
        client.drop_database(db.name)
        client.close()
