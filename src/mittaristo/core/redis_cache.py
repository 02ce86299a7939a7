"""Django's own Redis cache backend, with one client object per connection pool.

Django's backend makes a new `redis.Redis` for every cache call (RedisCacheClient.get_client),
and redis-py 8 fills about 170 response callbacks into each new one: on the overview, which
reads the cache four times a request, that was 1–2 ms of the 5–9 ms a kept page costs
(docs/performance.md, "National scale"). A client holds no connection of its own (it takes one
from the pool for each command and gives it back) and redis-py documents it as safe to share
between threads, so the client is made once per pool and kept. Everything else is Django's.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}  # by pool: Django keeps each pool for the life of the process

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
