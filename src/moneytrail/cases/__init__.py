"""Cases and need-to-know: who may see a case and what hangs off it.

Access to a case is granted per case (table ``case_members``: lead, member or reader) on top of the role.
The FIU's supervisors see every case (oversight); everyone else, the analysts included, sees only the cases
shared with them, anywhere in moneytrail (lists, search, pages, API). The cases issue builds the rest of the
case file (attachments, tasks, reports, dissemination) on this.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select

from moneytrail.errors import MoneytrailError
from moneytrail.security import audit
from moneytrail.security.policy import CASES_GRANT, CASES_READ, CASES_WRITE, need_to_know
from moneytrail.security.principal import Principal
from moneytrail.security.roles import Role
from moneytrail.store import Store
from moneytrail.store.models import Case, CaseMember, User

ACCESS_LEVELS = ("lead", "member", "reader")


@dataclass
class CaseView:
    case: Case
    members: dict[int, str] = field(default_factory=dict)  # user id -> access

    @property
    def id(self) -> int:
        return self.case.id


@need_to_know("case")
def case_rule(p: Principal, permission: str, view: CaseView) -> str | None:
    if p.role == Role.SUPERVISOR:
        return None
    access = view.members.get(p.user_id or -1)
    if access is None:
        return "not a member of this case"
    if permission == CASES_READ:
        return None
    if permission == CASES_WRITE and access in ("lead", "member"):
        return None
    if permission == CASES_GRANT and access == "lead":
        return None
    return f"your access to this case ({access}) does not allow this"


def load_case(store: Store, ref: str) -> CaseView | None:
    with store.session() as s:
        c = s.scalar(select(Case).where(Case.ref == ref))
        if c is None:
            return None
        members = dict(
            s.execute(select(CaseMember.user_id, CaseMember.access).where(CaseMember.case_id == c.id)).all()
        )
    return CaseView(c, members)


def visible_cases(store: Store, p: Principal, limit: int = 500) -> list[tuple[Case, str]]:
    """The cases this principal may see, newest first, with their access level."""
    with store.session() as s:
        if p.role == Role.SUPERVISOR:
            rows = s.execute(
                select(Case, CaseMember.access)
                .outerjoin(CaseMember, (CaseMember.case_id == Case.id) & (CaseMember.user_id == p.user_id))
                .order_by(Case.opened_at.desc())
                .limit(limit)
            ).all()
            return [(c, a or "oversight") for c, a in rows]
        if p.user_id is None:
            return []
        rows = s.execute(
            select(Case, CaseMember.access)
            .join(CaseMember, CaseMember.case_id == Case.id)
            .where(CaseMember.user_id == p.user_id)
            .order_by(Case.opened_at.desc())
            .limit(limit)
        ).all()
        return [(c, a) for c, a in rows]


def open_case(store: Store, p: Principal, title: str, ip: str | None = None) -> CaseView:
    title = title.strip()
    if not title:
        raise MoneytrailError("a case needs a title")
    with store.transaction() as s:
        c = Case(ref=f"tmp-{datetime.now(UTC).timestamp()}", title=title[:512], owner_id=p.user_id)
        s.add(c)
        s.flush()
        c.ref = f"C-{datetime.now(UTC).year}-{c.id:06d}"
        if p.user_id is not None:
            s.add(CaseMember(case_id=c.id, user_id=p.user_id, access="lead", granted_by=p.name))
        audit.record(s, p, "case.open", "case", c.ref, {"title": c.title}, ip)
        ref = c.ref
    view = load_case(store, ref)
    assert view is not None
    return view


def grant(
    store: Store, p: Principal, view: CaseView, username: str, access: str, ip: str | None = None
) -> None:
    if access not in ACCESS_LEVELS:
        raise MoneytrailError(f"access is one of {', '.join(ACCESS_LEVELS)}")
    with store.transaction() as s:
        u = s.scalar(select(User).where(User.username == username.strip()))
        if u is None or u.disabled:
            raise MoneytrailError(f"no active user {username}")
        if Role(u.role) in (Role.REPORTING_ENTITY, Role.ADMIN, Role.FOCAL_POINT):
            raise MoneytrailError(f"a {u.role} user cannot be given access to a case")
        m = s.get(CaseMember, (view.case.id, u.id))
        if m is None:
            s.add(CaseMember(case_id=view.case.id, user_id=u.id, access=access, granted_by=p.name))
        else:
            m.access = access
        audit.record(s, p, "case.grant", "case", view.case.ref, {"user": u.username, "access": access}, ip)


def revoke(store: Store, p: Principal, view: CaseView, username: str, ip: str | None = None) -> None:
    with store.transaction() as s:
        u = s.scalar(select(User).where(User.username == username.strip()))
        m = s.get(CaseMember, (view.case.id, u.id)) if u else None
        if m is None:
            raise MoneytrailError(f"{username} has no access to {view.case.ref}")
        s.delete(m)
        audit.record(s, p, "case.revoke", "case", view.case.ref, {"user": username}, ip)
