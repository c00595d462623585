"""The goAML 5.x report as Python dataclasses, and their XML form (both directions).

Field order is schema order and field names are element names, so one generic walker writes and reads
every type: a dataclass field becomes a child element; a list becomes repeated elements, inside a
wrapper element where goAML has one (``phones/phone``, ``report_indicators/indicator``...). See
``../shared/formats/goaml.md`` for the element tree. Validation (the XSD and the business rules)
is separate: this module only maps between the two forms.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar, get_type_hints

from lxml import etree


def wrapped(wrapper: str, item: str) -> Any:
    """A list field written as ``<wrapper><item/>...</wrapper>``."""
    return field(default_factory=list, metadata={"wrap": wrapper, "item": item})


def repeated(item: str | None = None) -> Any:
    """A list field written as repeated ``<item/>`` elements (default: the field's name)."""
    return field(default_factory=list, metadata={"item": item})


@dataclass
class Address:
    address_type: str = "-"
    address: str = ""
    town: str | None = None
    city: str = ""
    zip: str | None = None
    country_code: str = ""
    state: str | None = None
    comments: str | None = None


@dataclass
class Phone:
    tph_contact_type: str = "-"
    tph_communication_type: str = "-"
    tph_country_prefix: str | None = None
    tph_number: str = ""
    tph_extension: str | None = None
    comments: str | None = None


@dataclass
class Identification:
    type: str = ""
    number: str = ""
    issue_date: datetime | None = None
    expiry_date: datetime | None = None
    issued_by: str | None = None
    issue_country: str = ""
    comments: str | None = None


@dataclass
class Person:
    gender: str | None = None
    title: str | None = None
    first_name: str = ""
    middle_name: str | None = None
    prefix: str | None = None
    last_name: str = ""
    birthdate: datetime | None = None
    birth_place: str | None = None
    mothers_name: str | None = None
    alias: str | None = None
    ssn: str | None = None
    passport_number: str | None = None
    passport_country: str | None = None
    id_number: str | None = None
    nationality1: str | None = None
    nationality2: str | None = None
    nationality3: str | None = None
    residence: str | None = None
    phones: list[Phone] = wrapped("phones", "phone")
    addresses: list[Address] = wrapped("addresses", "address")
    email: list[str] = repeated()
    occupation: str | None = None
    employer_name: str | None = None
    identification: list[Identification] = repeated()
    deceased: bool | None = None
    date_deceased: datetime | None = None
    tax_number: str | None = None
    tax_reg_number: str | None = None
    source_of_wealth: str | None = None
    comments: str | None = None


@dataclass
class Director:
    """``director_id``: a person with a role in an entity."""

    gender: str | None = None
    title: str | None = None
    first_name: str = ""
    middle_name: str | None = None
    last_name: str = ""
    birthdate: datetime | None = None
    id_number: str | None = None
    nationality1: str | None = None
    role: str = ""


@dataclass
class Entity:
    name: str = ""
    commercial_name: str | None = None
    incorporation_legal_form: str | None = None
    incorporation_number: str | None = None
    business: str | None = None
    phones: list[Phone] = wrapped("phones", "phone")
    addresses: list[Address] = wrapped("addresses", "address")
    email: str | None = None
    url: str | None = None
    incorporation_state: str | None = None
    incorporation_country_code: str | None = None
    director_id: list[Director] = repeated()
    incorporation_date: datetime | None = None
    business_closed: bool | None = None
    date_business_closed: datetime | None = None
    tax_number: str | None = None
    tax_reg_number: str | None = None
    comments: str | None = None


@dataclass
class Signatory:
    is_primary: bool | None = None
    t_person: Person | None = None
    role: str = ""


@dataclass
class Account:
    institution_name: str = ""
    institution_code: str | None = None
    swift: str | None = None
    non_bank_institution: bool | None = None
    branch: str | None = None
    account: str = ""
    currency_code: str | None = None
    account_name: str | None = None
    iban: str | None = None
    client_number: str | None = None
    personal_account_type: str | None = None
    t_entity: Entity | None = None
    signatory: list[Signatory] = repeated()
    opened: datetime | None = None
    closed: datetime | None = None
    balance: Decimal | None = None
    date_balance: datetime | None = None
    status_code: str | None = None
    beneficiary: str | None = None
    beneficiary_comment: str | None = None
    comments: str | None = None


@dataclass
class ForeignCurrency:
    foreign_currency_code: str = ""
    foreign_amount: Decimal = Decimal(0)
    foreign_exchange_rate: Decimal | None = None


@dataclass
class FromSide:
    from_funds_code: str = ""
    from_funds_comment: str | None = None
    from_foreign_currency: ForeignCurrency | None = None
    t_conductor: Person | None = None
    from_account: Account | None = None
    from_person: Person | None = None
    from_entity: Entity | None = None
    from_country: str = ""


@dataclass
class ToSide:
    to_funds_code: str = ""
    to_funds_comment: str | None = None
    to_foreign_currency: ForeignCurrency | None = None
    to_account: Account | None = None
    to_person: Person | None = None
    to_entity: Entity | None = None
    to_country: str = ""


@dataclass
class Party:
    """``t_party``: one party of a multi-party transaction."""

    role: str = ""
    person: Person | None = None
    person_my_client: Person | None = None
    account: Account | None = None
    account_my_client: Account | None = None
    entity: Entity | None = None
    entity_my_client: Entity | None = None
    funds_code: str | None = None
    funds_comment: str | None = None
    foreign_currency: ForeignCurrency | None = None
    country: str = ""
    significance: int | None = None
    comments: str | None = None


@dataclass
class Item:
    """``t_trans_item``: goods or services in a transaction (trade-based laundering)."""

    item_type: str = ""
    item_make: str | None = None
    description: str | None = None
    previously_registered_to: str | None = None
    presently_registered_to: str | None = None
    estimated_value: Decimal | None = None
    status_code: str | None = None
    status_comments: str | None = None
    disposed_value: Decimal | None = None
    currency_code: str | None = None
    size: Decimal | None = None
    size_uom: str | None = None
    address: Address | None = None
    registration_date: datetime | None = None
    registration_number: str | None = None
    identification_number: str | None = None
    comments: str | None = None


@dataclass
class Transaction:
    transactionnumber: str = ""
    internal_ref_number: str | None = None
    transaction_location: str | None = None
    transaction_description: str = ""
    date_transaction: datetime = datetime(1900, 1, 1)
    teller: str | None = None
    authorized: str | None = None
    late_deposit: bool | None = None
    date_posting: datetime | None = None
    value_date: datetime | None = None
    transmode_code: str = ""
    transmode_comment: str | None = None
    amount_local: Decimal = Decimal(0)
    t_from_my_client: FromSide | None = None
    t_from: FromSide | None = None
    t_to_my_client: ToSide | None = None
    t_to: ToSide | None = None
    involved_parties: list[Party] = wrapped("involved_parties", "party")
    goods_services: list[Item] = wrapped("goods_services", "item")
    comments: str | None = None


@dataclass
class ReportParty:
    """``activity/report_parties/report_party``: a subject of an activity report (no transaction)."""

    person: Person | None = None
    account: Account | None = None
    entity: Entity | None = None
    country: str | None = None
    significance: int | None = None
    reason: str | None = None
    comments: str | None = None


@dataclass
class Activity:
    report_parties: list[ReportParty] = wrapped("report_parties", "report_party")
    goods_services: list[Item] = wrapped("goods_services", "item")


@dataclass
class ReportingPerson:
    gender: str | None = None
    title: str | None = None
    first_name: str = ""
    last_name: str = ""
    phones: list[Phone] = wrapped("phones", "phone")
    email: list[str] = repeated()
    occupation: str | None = None


@dataclass
class Report:
    rentity_id: int = 0
    rentity_branch: str | None = None
    submission_code: str = "E"
    report_code: str = ""
    entity_reference: str = ""
    fiu_ref_number: str | None = None
    submission_date: datetime = datetime(1900, 1, 1)
    currency_code_local: str = ""
    reporting_person: ReportingPerson | None = None
    location: Address | None = None
    reason: str | None = None
    action: str | None = None
    transaction: list[Transaction] = repeated()
    activity: Activity | None = None
    report_indicators: list[str] = wrapped("report_indicators", "indicator")


# ---- the generic walker ---------------------------------------------------------------------

T = TypeVar("T")
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    h = _HINTS.get(cls)
    if h is None:
        h = get_type_hints(cls)
        _HINTS[cls] = h
    return h


def _scalar_text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime):
        return v.replace(microsecond=0, tzinfo=None).isoformat(timespec="seconds")
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def to_element(obj: Any, tag: str) -> etree._Element:
    el = etree.Element(tag)
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if v is None:
            continue
        if isinstance(v, list):
            if not v:
                continue
            item = f.metadata.get("item") or f.name
            parent = etree.SubElement(el, f.metadata["wrap"]) if "wrap" in f.metadata else el
            for x in v:
                if dataclasses.is_dataclass(x):
                    parent.append(to_element(x, item))
                else:
                    etree.SubElement(parent, item).text = _scalar_text(x)
        elif dataclasses.is_dataclass(v):
            el.append(to_element(v, f.name))
        else:
            etree.SubElement(el, f.name).text = _scalar_text(v)
    return el


def report_to_xml(report: Report) -> bytes:
    root = to_element(report, "report")
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0]
    return tp


def _convert(text: str, tp: Any) -> Any:
    if tp is str:
        return text
    if tp is int:
        return int(text)
    if tp is bool:
        if text not in ("true", "false", "1", "0"):
            raise ValueError(f"not a boolean: {text!r}")
        return text in ("true", "1")
    if tp is Decimal:
        return Decimal(text)
    if tp is datetime:
        return datetime.fromisoformat(text)
    raise TypeError(tp)


def from_element(cls: type[T], el: etree._Element) -> T:
    """The dataclass for an element; unknown children raise ``KeyError`` naming them."""
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    by_item: dict[str, str] = {}
    for f in fields.values():
        if "wrap" in f.metadata:
            by_item[f.metadata["wrap"]] = f.name
        elif "item" in f.metadata:
            by_item[f.metadata["item"] or f.name] = f.name
    kwargs: dict[str, Any] = {}
    for child in el:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        name = by_item.get(child.tag, child.tag)
        fld = fields.get(name)
        if fld is None:
            raise KeyError(child.tag)
        tp = _unwrap_optional(hints[name])
        if typing.get_origin(tp) is list:
            inner = typing.get_args(tp)[0]
            items = list(child) if "wrap" in fld.metadata else [child]
            bucket = kwargs.setdefault(name, [])
            for it in items:
                if not isinstance(it.tag, str):
                    continue
                bucket.append(
                    from_element(inner, it)
                    if isinstance(inner, type) and dataclasses.is_dataclass(inner)
                    else _convert(it.text or "", inner)
                )
        elif dataclasses.is_dataclass(tp):
            kwargs[name] = from_element(tp, child)  # type: ignore[arg-type]
        else:
            kwargs[name] = _convert((child.text or "").strip() if tp is not str else (child.text or ""), tp)
    return cls(**kwargs)
