"""Who may see and change governance data."""


def can_view_governance(user) -> bool:
    return user.has_perm("governance.view_member")


def can_change_governance(user) -> bool:
    return user.has_perm("governance.change_member")
