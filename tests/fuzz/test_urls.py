"""Every URL pattern with generated path values and query strings, GET and POST, as every role: never a 5xx.

The URLs are the permission matrix's (tests/urls.py); each test keeps the other path
values at the matrix's sample (demo data) and replaces one or more with generated ones,
typed for the pattern's converter, so a value that passes the converter reaches the view.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.regex_helper import normalize
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import assert_no_server_error, rolled_back
from tests.fuzz.strategies import QUERY_KEYS, path_values, plain_text, query_values
from tests.test_permissions import VISITORS
from tests.urls import collect_urls, sample_path

CONVERTERS = {"YearConverter": "year", "IdConverter": "id", "SlugConverter": "slug", "StringConverter": "str"}


def _routes(patterns, prefix="", namespace="", converters=None):
    """Yield (name, regex of the whole path, converter kind per parameter) for every named pattern."""
    for entry in patterns:
        regex = prefix + entry.pattern.regex.pattern.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
        kinds = {**(converters or {})}
        for param, converter in getattr(entry.pattern, "converters", {}).items():
            kinds[param] = CONVERTERS.get(type(converter).__name__, type(converter).__name__.lower())
        if isinstance(entry, URLResolver):
            child = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _routes(entry.url_patterns, regex, child, kinds)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), regex, kinds


def path_formats() -> dict[str, tuple[str, list[str], dict[str, str]]]:
    """Return, by URL name, the path as a %-format, its parameters and their converters (first pattern wins)."""
    formats = {}
    for name, regex, kinds in _routes(get_resolver().url_patterns):
        if name not in formats:
            fmt, params = normalize(regex)[0]
            formats[name] = ("/" + fmt, list(params), kinds)
    return formats


URLS = collect_urls()
FORMATS = path_formats()


def _sample_values(url, fmt_params) -> dict[str, str]:
    """The matrix's sample path values for `url`, as they stand in the path."""
    match = resolve(sample_path(url))
    values = {key: str(value) for key, value in match.kwargs.items()}
    values.update({f"_{index}": str(value) for index, value in enumerate(match.args)})
    return {param: values.get(param, "1") for param in fmt_params}


def _query(pairs) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(pairs) if pairs else ""


POST_BODIES = st.one_of(
    st.just({}),
    st.dictionaries(st.sampled_from(["post", "revision", "meeting", "title", "action", "_save", "x"]), plain_text),
    st.just({"post": "yes"}),
    st.just({"revision": "abc"}),
)


@pytest.mark.parametrize("url", URLS, ids=[url.name for url in URLS])
def test_no_url_answers_a_server_error(url, fuzz_client, sample_rows):
    fmt, params, kinds = FORMATS[url.name]
    sample = _sample_values(url, params)

    # Half the profile's examples: 229 patterns, and most generated values end at the converter's 404.
    @settings(max_examples=max(3, settings.default.max_examples // 2))
    @given(
        role=st.sampled_from(VISITORS),
        replaced=st.sets(st.sampled_from(params), min_size=1) if params else st.just(set()),
        values=st.fixed_dictionaries({param: path_values(kinds.get(param, "regex")) for param in params}),
        query=st.lists(st.tuples(st.sampled_from(QUERY_KEYS), query_values()), max_size=3 if params else 4),
        post=st.one_of(st.none(), POST_BODIES),
    )
    def run(role, replaced, values, query, post):
        path = fmt % {param: values[param] if param in replaced else sample[param] for param in params}
        path += _query(query)
        client = fuzz_client(role)
        with rolled_back():
            response = client.get(path) if post is None else client.post(path, post)
        method = "GET" if post is None else f"POST {post!r}"
        assert_no_server_error(response, url_name=url.name, what=f"{method} {path} as {role or 'anonym'}")

    run()
