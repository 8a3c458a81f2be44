"""Who may read and who may write the verksamhetsplan."""


def can_view_plans(user) -> bool:
    return user.has_perm("plans.view_plan")


def can_edit_plans(user) -> bool:
    return user.has_perm("plans.change_plan")
