"""The Redis cache backend: Django's own, keeping one client object per connection pool."""

import os
import threading

import pytest

from mittaristo.core.redis_cache import RedisCache
from tests.servers import answers


@pytest.fixture
def cache():
    if not answers(("127.0.0.1", 6379)):
        pytest.skip("no redis-server answers on 127.0.0.1:6379")
    location = os.environ.get("MITTARISTO_TEST_REDIS", "redis://127.0.0.1:6379/15")
    store = RedisCache(location, {"KEY_PREFIX": "redis-cache-test"})
    yield store
    store.delete_many(["a", "b", "n"])


def test_one_client_per_pool_across_calls_and_threads(cache):
    cache.set("a", {"x": 1})
    seen = {id(cache._cache.get_client()), id(cache._cache.get_client(write=True))}
    errors = []

    def work(k):
        try:
            for i in range(50):
                cache.set("b", k * 1000 + i)
                assert cache.get("a") == {"x": 1}
                cache.add("n", 0)
                cache.incr("n")
            seen.add(id(cache._cache.get_client()))
        except Exception as error:  # noqa: BLE001 — reported below with the thread's number
            errors.append((k, error))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert len(seen) == 1  # one server: one pool, one client, shared by every thread
    assert cache.get("a") == {"x": 1} and cache.get("n") == 8 * 50
    assert cache._cache._clients and len(cache._cache._clients) == 1
