"""Who may read and who may write the verksamhetsplan."""

from django.conf import settings

from core.roles import BOARD, role_names


def can_view_plans(user) -> bool:
    return user.has_perm("plans.view_plan")


def can_edit_plans(user) -> bool:
    """Return True when `user` may write plans at all (create, copy, edit drafts)."""
    return user.has_perm("plans.change_plan")


def can_edit_plan(user, plan) -> bool:
    """Return True when `user` may change `plan`: never once it is adopted (Plan.is_adopted).

    A page decides from this what to offer; the services check the stored plan again
    under a lock (services.plan_ensure_editable), since it may be adopted meanwhile.
    """
    return can_edit_plans(user) and not plan.is_adopted


def can_view_working_copy(user) -> bool:
    """Return True when `user` may read the förbundschef's working copy of a plan not yet adopted.

    The board reads what is sent to it (the versions and their PDFs) and what it has
    adopted, not the text as it stands between two versions: a user whose only role is
    Styrelse does not see the working copy, unless the förbund turns
    `SOFINT_BOARD_SEES_DRAFTS` on (read on every request). The office (förbundschef,
    ekonom) and the auditors read it as before.
    """
    if not can_view_plans(user):
        return False
    if can_edit_plans(user) or user.is_superuser or settings.SOFINT_BOARD_SEES_DRAFTS:
        return True
    return role_names(user) != {BOARD}


def can_view_plan_page(user, plan) -> bool:
    """Return True when `user` may open the page of `plan`: the working copy, or something sent or adopted.

    A board member who may not read the working copy still opens a plan that has been
    sent (its page shows the latest version sent) or adopted.
    """
    return can_view_plans(user) and (can_view_working_copy(user) or not plan.is_draft)
