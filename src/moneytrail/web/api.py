"""The JSON API's core: who am I, the store's status, the registers, and the OpenAPI document."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import select

from moneytrail.security.policy import AGENCIES_READ, HOME, INSTITUTIONS_READ, STORE_STATUS
from moneytrail.security.principal import Principal
from moneytrail.security.roles import LABELS, Role
from moneytrail.store.models import Agency, Institution
from moneytrail.web.deps import Forbidden, allow, store_of

router = APIRouter(prefix="/api/v1", tags=["core"])


class Me(BaseModel):
    name: str
    role: str
    role_label: str
    via: str
    institution_id: int | None = None
    agency_id: int | None = None
    country: str | None = None
    scopes: list[str] | None = None


class InstitutionOut(BaseModel):
    code: str
    name: str
    kind: str
    country: str | None
    bic: str | None
    currency: str | None
    reporting_entity: bool


class AgencyOut(BaseModel):
    code: str
    name: str
    kind: str
    country: str | None


class StatusOut(BaseModel):
    counts: dict[str, int]
    first: str | None
    last: str | None
    base_currency: str
    volume_by_currency: list[dict[str, Any]]


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, p: Principal = allow(HOME)) -> dict[str, Any]:
    spec: dict[str, Any] = request.app.openapi()
    return spec


@router.get("/me", response_model=Me, summary="Who am I")
def me(p: Principal = allow(HOME)) -> Me:
    return Me(
        name=p.name,
        role=p.role.value,
        role_label=LABELS[p.role],
        via=p.via,
        institution_id=p.institution_id,
        agency_id=p.agency_id,
        country=p.country,
        scopes=sorted(p.scopes) if p.scopes is not None else None,
    )


@router.get("/status", response_model=StatusOut, summary="What is in the store")
def status(request: Request, p: Principal = allow(STORE_STATUS)) -> StatusOut:
    st = store_of(request).status()
    return StatusOut(
        counts=st.counts,
        first=st.first.isoformat() if st.first else None,
        last=st.last.isoformat() if st.last else None,
        base_currency=st.base_currency,
        volume_by_currency=st.volume_by_currency,
    )


def _inst(i: Institution) -> InstitutionOut:
    return InstitutionOut(
        code=i.code,
        name=i.name,
        kind=i.kind,
        country=i.country,
        bic=i.bic,
        currency=i.currency,
        reporting_entity=i.reporting_entity,
    )


@router.get("/institutions", response_model=list[InstitutionOut], summary="The register of institutions")
def institutions(
    request: Request,
    kind: str | None = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    p: Principal = allow(INSTITUTIONS_READ),
) -> list[InstitutionOut]:
    q = select(Institution).order_by(Institution.code)
    if p.role == Role.REPORTING_ENTITY:  # a reporting entity sees its own record only
        q = q.where(Institution.id == p.institution_id)
    if kind:
        q = q.where(Institution.kind == kind)
    if country:
        q = q.where(Institution.country == country.upper())
    with store_of(request).session() as s:
        return [_inst(i) for i in s.scalars(q.limit(limit).offset(offset))]


@router.get("/institutions/{code}", response_model=InstitutionOut, summary="One institution")
def institution(request: Request, code: str, p: Principal = allow(INSTITUTIONS_READ)) -> InstitutionOut:
    with store_of(request).session() as s:
        i = s.scalar(select(Institution).where(Institution.code == (code.lstrip("0") or "0")))
    if i is None or (p.role == Role.REPORTING_ENTITY and i.id != p.institution_id):
        raise Forbidden(f"no institution {code}", status=404)
    return _inst(i)


@router.get("/agencies", response_model=list[AgencyOut], summary="The register of agencies")
def agencies(request: Request, p: Principal = allow(AGENCIES_READ)) -> list[AgencyOut]:
    with store_of(request).session() as s:
        return [
            AgencyOut(code=a.code, name=a.name, kind=a.kind, country=a.country)
            for a in s.scalars(select(Agency).order_by(Agency.code))
        ]
