"""Who may see and change the budget.

An adopted budget is changed by nobody. Pages and the admin ask `budget_is_editable`
about the budget in hand, to offer or hide a change; every write is decided again by
`budget.services.budget_ensure_editable`, on the stored budget under a lock. Both ask
the one predicate, `Budget.is_adopted`.

A board member reads the budgets the board adopted, not the drafts the ekonom works on
(unless `settings.SOFINT_BOARD_SEES_DRAFTS`, read at each request): those are the
förbundschef's and the ekonom's, and the auditors'.
"""

from django.conf import settings

from core.roles import AUDITOR, BOARD, DIRECTOR, FINANCE, role_names


def can_view_budget(user) -> bool:
    return user.has_perm("budget.view_budget")


def can_view_draft_budgets(user) -> bool:
    """Tell whether `user` reads draft budgets too: everyone who reads budgets, except a board member's role alone."""
    if not can_view_budget(user):
        return False
    if settings.SOFINT_BOARD_SEES_DRAFTS or user.is_superuser:
        return True
    roles = role_names(user)
    # A board member who also holds another role that reads budgets reads them by that role.
    return BOARD not in roles or bool(roles & {DIRECTOR, FINANCE, AUDITOR})


def can_view_budget_of(user, budget, *, drafts: bool | None = None) -> bool:
    """Tell whether `user` may read `budget` (`drafts`: what `can_view_draft_budgets` says, when already asked)."""
    if drafts is None:
        drafts = can_view_draft_budgets(user)
    return can_view_budget(user) and (budget.is_adopted or drafts)


def budget_is_editable(budget) -> bool:
    """Tell whether `budget` (None: one not yet saved) may still be changed: not once it is adopted."""
    return budget is None or not budget.is_adopted


def can_change_budget(user, budget=None) -> bool:
    """The ekonom and the förbundschef change budgets, and nobody changes an adopted one."""
    return budget_is_editable(budget) and user.has_perm("budget.change_budget")


def can_follow_up_budget(user) -> bool:
    """The ekonom follows the year up against its budget, adopted or not (a follow-up is not what was adopted)."""
    return user.has_perm("budget.add_budgetfollowup")


def can_copy_budget(user) -> bool:
    """Whoever may add budgets (the ekonom and the förbundschef) starts next year's from this year's."""
    return user.has_perm("budget.add_budget") and can_view_draft_budgets(user)
