"""Settings for bench/national_scale.py's server: the project's, and a minimal view beside."""

from mittaristo.settings import *  # noqa: F403

ROOT_URLCONF = "national_urls"
