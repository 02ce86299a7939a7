"""The project's addresses and /bench-minimal/: a minimal Django view for comparison
(bench/national_scale.py), returning a page of MINIMAL_PAGE_BYTES bytes."""

import os

from django.http import HttpResponse
from django.urls import path

from mittaristo.urls import urlpatterns as site

PAGE = (
    "<!doctype html><title>x</title>"
    + "x" * max(0, int(os.environ.get("MINIMAL_PAGE_BYTES", "30000")) - 30)
).encode()


def minimal(request):
    return HttpResponse(PAGE)


urlpatterns = [path("bench-minimal/", minimal), *site]
