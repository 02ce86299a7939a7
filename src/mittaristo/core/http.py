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


def site_link(path: str) -> str:
    """The whole address of `path` on the site (SITE_URL in front) for an e-mail written
    outside a request; the path alone where SITE_URL is not set."""
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def site_host() -> tuple[str, bool] | None:
    """SITE_URL's host and whether it is https, or None where it is not set."""
    if not settings.SITE_URL:
        return None
    scheme, host = settings.SITE_URL.split("://", 1)
    return host, scheme == "https"
