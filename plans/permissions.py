"""Who may read and who may write the verksamhetsplan."""


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
