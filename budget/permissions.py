"""Who may see and change the budget.

An adopted budget is changed by nobody. Pages and the admin ask `budget_is_editable`
about the budget in hand, to offer or hide a change; every write is decided again by
`budget.services.budget_ensure_editable`, on the stored budget under a lock. Both ask
the one predicate, `Budget.is_adopted`.
"""


def can_view_budget(user) -> bool:
    return user.has_perm("budget.view_budget")


def budget_is_editable(budget) -> bool:
    """Tell whether `budget` (None: one not yet saved) may still be changed: not once it is adopted."""
    return budget is None or not budget.is_adopted


def can_change_budget(user, budget=None) -> bool:
    """The ekonom and the förbundschef change budgets, and nobody changes an adopted one."""
    return budget_is_editable(budget) and user.has_perm("budget.change_budget")
