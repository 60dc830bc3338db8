"""What the spiders share about fetching: manual redirect hops and failure reasons.

Both the portal spider and the link-check spider follow redirects themselves
(so a loop becomes a recorded failure instead of vanishing in the dupefilter)
and name a failed download with the reasons listed in store/SCHEMA.md.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from store.keys import canonical_url

REDIRECT_CODES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5


def host_allowed(url: str, domains: Iterable[str]) -> bool:
    """True when the URL's host is one of ``domains`` or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str] | str | None) -> tuple[IPNetwork, ...]:
    """Networks from configuration ("127.0.0.1/32", "10.0.0.0/8", or a comma-separated string)."""
    if isinstance(values, str):
        values = values.split(",")
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values or () if v and v.strip())


def _internal(address: IPAddress) -> bool:
    return (address.is_loopback or address.is_private or address.is_link_local or address.is_reserved
            or address.is_multicast or address.is_unspecified)


@lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return ()
    return tuple(sorted({str(info[4][0]).split("%", 1)[0] for info in infos}))


def internal_address(url: str, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """The loopback / private / link-local / reserved address ``url``'s host is or resolves to,
    unless it lies in one of the ``allowed`` networks; None when the URL may be requested.

    Every address the name resolves to counts: one internal address is enough to refuse
    it. A name that does not resolve is left to the download (it fails as dns_error).
    """
    host = (urlsplit(url).hostname or "").strip("[]")
    if not host:
        return None
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        addresses = [ipaddress.ip_address(a) for a in _resolve(host.lower())]
    networks = tuple(allowed)
    for address in addresses:
        # An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
        plain = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped else address
        if _internal(plain) and not any(plain in net for net in networks if net.version == plain.version):
            return str(address)
    return None


@dataclass(frozen=True, slots=True)
class Hop:
    """The outcome of one redirect response.

    ``reason`` is None when ``target`` should be requested next; otherwise the
    chain ends with that failure reason, reported for ``url`` with ``detail``.
    """

    url: str  # the URL the chain started from (what a failure is reported for)
    chain: list[str]  # URLs requested so far, this one included
    target: str | None = None
    reason: str | None = None
    detail: str = ""


# What Scrapy's own middlewares keep in a request's meta (the list of
# scrapy/spidermiddlewares/metacopy.py): a request that follows an answer is a
# new download, with its own latency, retries and redirect count.
SCRAPY_INTERNAL_META = frozenset({
    "_auth_proxy", "_dont_cache", "_scheme_proxy", "cache_timestamp", "download_latency",
    "redirect_reasons", "redirect_times", "redirect_ttl", "redirect_urls", "retry_times",
})


def follow_meta(meta: Mapping[str, Any], **updates: Any) -> dict[str, Any]:
    """The meta of a request that follows an answer: ours kept, Scrapy's internal keys left out."""
    return {**{k: v for k, v in meta.items() if k not in SCRAPY_INTERNAL_META}, **updates}


def redirect_hop(response: Response, allowed: Callable[[str], bool]) -> Hop | None:
    """None when ``response`` is no redirect; else where to go next or why to stop.

    The chain so far is read from ``response.meta["hops"]``; the caller puts
    ``chain`` back there on the next request.
    """
    if response.status not in REDIRECT_CODES:
        return None
    location = response.headers.get(b"Location")
    chain = [*response.meta.get("hops", []), response.url]
    if not location:
        return Hop(response.url, chain, reason="redirect_without_location")
    target = urljoin(response.url, location.decode("latin-1"))
    if canonical_url(target) in {canonical_url(u) for u in chain}:
        return Hop(chain[0], chain, target, "redirect_loop", " → ".join([*chain, target]))
    if len(chain) > MAX_REDIRECTS:
        return Hop(chain[0], chain, target, "too_many_redirects", " → ".join(chain))
    if not allowed(target):
        return Hop(chain[0], chain, target, "offsite_redirect", target)
    return Hop(chain[0], chain, target)


def failure_reason(failure: Failure) -> tuple[str, int | None]:
    """(reason, HTTP status or None) of a failed request, as store/SCHEMA.md names them."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", status
    if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
        return "timeout", None
    if failure.check(CannotResolveHostError, DNSLookupError):
        return "dns_error", None
    if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
        return "connection_refused", None
    if failure.check(DownloadCancelledError) or "maxsize" in str(failure.value).lower():
        return "too_large", None
    if failure.check(DownloadFailedError, ResponseDataLossError, ResponseNeverReceived, ConnectionLost,
                     ResponseFailed):
        return "connection_lost", None
    if failure.check(IgnoreRequest):
        return "ignored", None
    return re.sub(r"\W+", "_", type(failure.value).__name__).lower(), None
