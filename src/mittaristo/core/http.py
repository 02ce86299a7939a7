"""What a request says about where it came from, read the same way everywhere."""

from django.conf import settings


def client_address(request) -> str:
    """The address the request came from.

    Behind a trusted proxy (SECURE_PROXY_SSL_HEADER set) that is the last address the proxy
    appended to X-Forwarded-For; earlier entries come from the client and prove nothing.
    """
    if request is None:
        return ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
