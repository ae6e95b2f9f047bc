"""`screenpop monitor --contacts SOURCE --region CC --outside-prefix P`: the CLI's contacts.

The same source syntax as the app's Settings (screenpop.contacts.source_url). A password or
token comes from $SCREENPOP_CONTACTS_SECRET, never from an argument.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from screenpop.contacts.lookup import ContactLookup
from screenpop.contacts.model import ContactFound
from screenpop.contacts.numbers import NumberMatcher, default_region, digits_of, valid_region
from screenpop.contacts.source_url import SourceSpec, parse_source

CONTACTS_SECRET_ENV = "SCREENPOP_CONTACTS_SECRET"


def _source(text: str) -> SourceSpec:
    try:
        return parse_source(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _region(text: str) -> str:
    if not valid_region(text):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a region code (two letters, such as CN, DE or US)"
        )
    return text.upper()


def _prefix(text: str) -> str:
    digits = digits_of(text)
    if digits is None or not digits.isdigit() or len(digits) > 4:
        raise argparse.ArgumentTypeError(f"'{text}' is not an outside-line prefix (like 0 or 9)")
    return digits


def add_contact_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "contacts (a password or token comes from $SCREENPOP_CONTACTS_SECRET)"
    )
    group.add_argument(
        "--contacts",
        action="append",
        type=_source,
        default=[],
        metavar="SOURCE",
        help="a .csv/.vcf file, ldap(s)://host/BASE-DN, carddav+https://..., or an"
        " http(s):// URL with {number} or {e164}; repeat for more",
    )
    group.add_argument(
        "--region",
        type=_region,
        default=None,
        help="home region for national numbers (default: from the system locale)",
    )
    group.add_argument(
        "--outside-prefix",
        type=_prefix,
        default=None,
        help="the PBX's outside-line prefix, e.g. 0 or 9",
    )


def contact_lookup(args: argparse.Namespace, err: Callable[[str], None]) -> ContactLookup | None:
    if not args.contacts:
        return None
    region = args.region if args.region is not None else default_region()
    matcher = NumberMatcher(region, args.outside_prefix or "")
    secret = os.environ.get(CONTACTS_SECRET_ENV) or None
    lookup: ContactLookup | None = None
    reported: dict[str, str] = {}

    def on_status() -> None:
        assert lookup is not None
        for text, ok, status in lookup.statuses():
            if reported.get(text) != status:
                reported[text] = status
                err(f"contacts: {status}" if ok else f"contacts: problem: {status}")

    lookup = ContactLookup(
        args.contacts, matcher, secret_for=lambda spec: secret, on_status=on_status
    )
    return lookup


def contact_to_dict(found: ContactFound) -> dict[str, object]:
    contact = found.contact
    assert contact is not None
    return {
        "type": "contact",
        "call": found.call,
        "extension": found.extension,
        "number": found.number,
        "name": contact.name,
        "company": contact.company or None,
        "source": contact.source,
        "url": contact.url or None,
    }
