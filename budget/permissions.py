"""Who may see and change the budget."""


def can_view_budget(user) -> bool:
    return user.has_perm("budget.view_budget")


def can_change_budget(user, budget=None) -> bool:
    """The ekonom and the förbundschef change budgets, and nobody changes an adopted one."""
    if budget is not None and budget.is_adopted:
        return False
    return user.has_perm("budget.change_budget")
